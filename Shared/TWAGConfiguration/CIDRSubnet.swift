/// An IPv4 or IPv6 subnet such as `10.0.0.0/8` or `2001:db8::/32`.
///
/// Parsing is strict: the host bits must be zero. `10.0.0.1/8` is refused (with the masked form
/// as a suggestion) because in a source filter it is more likely a typo for `/32` than a subnet.
/// Use `init?(maskingAddress:prefixLength:)` to build a subnet from any address.
///
/// Families never mix: an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) does not match
/// `10.0.0.0/8`. A dual-stack socket reports IPv4 peers in that form, so the RADIUS front passes
/// peer addresses through `CIDRSubnet.unmappingIPv4(_:)` before matching.
public struct CIDRSubnet: Sendable, Hashable, CustomStringConvertible {
    /// Address family of a subnet.
    public enum Family: Sendable, Hashable {
        case ipv4
        case ipv6
    }

    /// Why a text is not a subnet.
    public enum ParseError: Error, Sendable, Equatable {
        /// No `/prefix` part.
        case missingPrefixLength
        /// The address part is not an IPv4 or IPv6 address.
        case invalidAddress
        /// The prefix is not a decimal number within 0-32 (IPv4) or 0-128 (IPv6).
        case invalidPrefixLength
        /// Bits beyond the prefix are set; `masked` is the subnet the text probably meant.
        case hostBitsSet(masked: CIDRSubnet)
    }

    /// The network address: 4 bytes (IPv4) or 16 bytes (IPv6), host bits zero.
    public let network: [UInt8]
    /// Number of leading bits that identify the network (0-32 or 0-128).
    public let prefixLength: Int

    public var family: Family { network.count == 4 ? .ipv4 : .ipv6 }

    /// Parses `a.b.c.d/n` or `x::y/n`, refusing set host bits.
    public init(parsing text: String) throws(ParseError) {
        guard text.utf8.count <= 49 else { throw .invalidAddress }
        guard let slash = text.lastIndex(of: "/") else {
            throw IPAddressText.parse(Substring(text)) == nil ? .invalidAddress : .missingPrefixLength
        }
        guard let address = IPAddressText.parse(text[..<slash]) else { throw .invalidAddress }
        let prefixText = text[text.index(after: slash)...]
        guard (1...3).contains(prefixText.utf8.count),
              prefixText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              prefixText == "0" || !prefixText.hasPrefix("0"),
              let prefix = Int(prefixText), prefix <= address.count * 8
        else { throw .invalidPrefixLength }
        guard let masked = CIDRSubnet(maskingAddress: address, prefixLength: prefix) else { throw .invalidPrefixLength }
        guard masked.network == address else { throw .hostBitsSet(masked: masked) }
        self = masked
    }

    /// Parses like `init(parsing:)`, nil on any fault.
    public init?(_ text: String) {
        guard let subnet = try? CIDRSubnet(parsing: text) else { return nil }
        self = subnet
    }

    /// The subnet of `prefixLength` bits containing `address` (4 or 16 bytes); host bits are cleared.
    public init?<Bytes: Collection>(maskingAddress address: Bytes, prefixLength: Int) where Bytes.Element == UInt8 {
        guard address.count == 4 || address.count == 16, prefixLength >= 0, prefixLength <= address.count * 8 else {
            return nil
        }
        var bytes = [UInt8](address)
        for index in bytes.indices {
            let bitsKept = prefixLength - index * 8
            if bitsKept <= 0 {
                bytes[index] = 0
            } else if bitsKept < 8 {
                bytes[index] &= UInt8(truncatingIfNeeded: 0xFF << (8 - bitsKept))
            }
        }
        self.network = bytes
        self.prefixLength = prefixLength
    }

    /// Whether `address` (4 bytes IPv4 or 16 bytes IPv6, network order) lies in this subnet.
    /// Other lengths, and the other family, never match.
    public func contains<Bytes: Collection>(_ address: Bytes) -> Bool where Bytes.Element == UInt8 {
        guard address.count == network.count else { return false }
        var bitsLeft = prefixLength
        for (byte, networkByte) in zip(address, network) {
            if bitsLeft <= 0 { return true }
            let mask: UInt8 = bitsLeft >= 8 ? 0xFF : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsLeft))
            if byte & mask != networkByte { return false }
            bitsLeft -= 8
        }
        return true
    }

    /// Whether the textual address (`10.1.2.3`, `2001:db8::1`) lies in this subnet; false when
    /// the text is not an address.
    public func contains(_ address: String) -> Bool {
        guard let bytes = IPAddressText.parse(Substring(address)) else { return false }
        return contains(bytes)
    }

    /// Whether every address of `other` lies in this subnet.
    public func contains(subnet other: CIDRSubnet) -> Bool {
        other.family == family && other.prefixLength >= prefixLength && contains(other.network)
    }

    /// The two halves of this subnet (nil for a single address).
    var halves: (CIDRSubnet, CIDRSubnet)? {
        guard prefixLength < network.count * 8 else { return nil }
        var upper = network
        upper[prefixLength / 8] |= UInt8(0x80) >> UInt8(prefixLength % 8)
        return (CIDRSubnet(trusted: network, prefixLength: prefixLength + 1),
                CIDRSubnet(trusted: upper, prefixLength: prefixLength + 1))
    }

    private init(trusted network: [UInt8], prefixLength: Int) {
        self.network = network
        self.prefixLength = prefixLength
    }

    /// `a.b.c.d/n` or the RFC 5952 form of an IPv6 subnet.
    public var description: String { IPAddressText.format(network) + "/\(prefixLength)" }

    /// The network-order bytes of a textual IP address (4 or 16 bytes), nil if it is not one.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        IPAddressText.parse(Substring(text))
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`); any other input is
    /// returned unchanged.
    public static func unmappingIPv4(_ address: [UInt8]) -> [UInt8] {
        guard address.count == 16, address.prefix(10).allSatisfy({ $0 == 0 }),
              address[10] == 0xFF, address[11] == 0xFF else { return address }
        return Array(address[12...])
    }
}
