/// Basic and derived AVP data formats (RFC 6733 4.2, 4.3).
public enum DiameterDataType: String, Sendable, Hashable, CaseIterable {
    case octetString = "OctetString"
    case integer32 = "Integer32"
    case integer64 = "Integer64"
    case unsigned32 = "Unsigned32"
    case unsigned64 = "Unsigned64"
    case float32 = "Float32"
    case float64 = "Float64"
    case grouped = "Grouped"
    case address = "Address"
    case time = "Time"
    case utf8String = "UTF8String"
    case diameterIdentity = "DiameterIdentity"
    case diameterURI = "DiameterURI"
    case enumerated = "Enumerated"

    /// The exact data length the type requires, or nil when variable.
    public var fixedLength: Int? {
        switch self {
        case .integer32, .unsigned32, .float32, .time, .enumerated: return 4
        case .integer64, .unsigned64, .float64: return 8
        case .octetString, .grouped, .address, .utf8String, .diameterIdentity, .diameterURI: return nil
        }
    }

    /// Smallest valid data length (for zero-filled Failed-AVP templates).
    public var minimumLength: Int {
        switch self {
        case .address: return 6
        default: return fixedLength ?? 0
        }
    }

    /// Types whose data must be valid UTF-8.
    var isText: Bool {
        switch self {
        case .utf8String, .diameterIdentity, .diameterURI: return true
        default: return false
        }
    }

    /// Wire format family: values of one family can be stored in an AVP of any type in it.
    var wireFamily: Int {
        switch self {
        case .integer32, .unsigned32, .enumerated: return 1
        case .integer64, .unsigned64: return 2
        case .float32: return 3
        case .float64: return 4
        case .grouped: return 5
        case .address: return 6
        case .time: return 7
        case .utf8String, .diameterIdentity, .diameterURI: return 8
        case .octetString: return 9
        }
    }

    /// Whether a value of type `given` may be stored in an AVP declared as `self`.
    func accepts(_ given: DiameterDataType) -> Bool {
        if wireFamily == given.wireFamily { return true }
        // OctetString carries any text; Wireshark's OctetStringOrUTF8 maps here.
        return self == .octetString && given.isText
    }
}

/// A typed AVP value, used to build AVPs through the dictionary.
public enum DiameterValue: Sendable, Hashable {
    case octetString([UInt8])
    case integer32(Int32)
    case integer64(Int64)
    case unsigned32(UInt32)
    case unsigned64(UInt64)
    case float32(Float)
    case float64(Double)
    case grouped([DiameterAVP])
    case address(DiameterAddress)
    case time(DiameterTime)
    case utf8String(String)
    case diameterIdentity(String)
    case diameterURI(String)
    case enumerated(Int32)

    /// The data type this value encodes as.
    public var type: DiameterDataType {
        switch self {
        case .octetString: return .octetString
        case .integer32: return .integer32
        case .integer64: return .integer64
        case .unsigned32: return .unsigned32
        case .unsigned64: return .unsigned64
        case .float32: return .float32
        case .float64: return .float64
        case .grouped: return .grouped
        case .address: return .address
        case .time: return .time
        case .utf8String: return .utf8String
        case .diameterIdentity: return .diameterIdentity
        case .diameterURI: return .diameterURI
        case .enumerated: return .enumerated
        }
    }

    /// The value in wire form.
    public var payload: DiameterAVP.Payload {
        var out = [UInt8]()
        switch self {
        case .octetString(let b): return .bytes(b)
        case .integer32(let v), .enumerated(let v): out.appendUInt32(UInt32(bitPattern: v))
        case .integer64(let v): out.appendUInt64(UInt64(bitPattern: v))
        case .unsigned32(let v): out.appendUInt32(v)
        case .unsigned64(let v): out.appendUInt64(v)
        case .float32(let v): out.appendUInt32(v.bitPattern)
        case .float64(let v): out.appendUInt64(v.bitPattern)
        case .grouped(let children): return .grouped(children)
        case .address(let a): return .bytes(a.encoded)
        case .time(let t): out.appendUInt32(t.ntpSeconds)
        case .utf8String(let s), .diameterIdentity(let s), .diameterURI(let s): return .bytes(Array(s.utf8))
        }
        return .bytes(out)
    }
}

/// The Address derived type: a 2-octet IANA address family followed by the address.
public struct DiameterAddress: Sendable, Hashable {
    public static let familyIPv4: UInt16 = 1
    public static let familyIPv6: UInt16 = 2

    /// IANA address family (1 IPv4, 2 IPv6, ...).
    public var family: UInt16
    /// The address octets after the family.
    public var bytes: [UInt8]

    /// Any family; use ``ipv4(_:_:_:_:)`` / ``ipv6(_:)`` for checked construction.
    public init(family: UInt16, bytes: [UInt8]) {
        self.family = family
        self.bytes = bytes
    }

    /// An IPv4 address from its four octets.
    public static func ipv4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Self {
        Self(family: familyIPv4, bytes: [a, b, c, d])
    }

    /// An IPv6 address; nil unless exactly 16 octets.
    public static func ipv6(_ bytes: [UInt8]) -> Self? {
        bytes.count == 16 ? Self(family: familyIPv6, bytes: bytes) : nil
    }

    /// Parses dotted-quad IPv4 text ("192.0.2.1").
    public init?(ipv4 text: some StringProtocol) {
        var out = [UInt8]()
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, let v = UInt8(part) else { return nil }
            out.append(v)
        }
        guard out.count == 4 else { return nil }
        self.init(family: Self.familyIPv4, bytes: out)
    }

    /// Parses wire data; families 1 and 2 must carry 4 and 16 octets.
    public init?(data: some Collection<UInt8>) {
        guard data.count >= 2 else { return nil }
        let family = UInt16(data[data.startIndex]) << 8 | UInt16(data[data.index(after: data.startIndex)])
        let rest = Array(data.dropFirst(2))
        switch family {
        case Self.familyIPv4: guard rest.count == 4 else { return nil }
        case Self.familyIPv6: guard rest.count == 16 else { return nil }
        default: break
        }
        self.init(family: family, bytes: rest)
    }

    /// Wire form: family then address.
    public var encoded: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(2 + bytes.count)
        out.appendUInt16(family)
        out.append(contentsOf: bytes)
        return out
    }
}

extension DiameterAddress: CustomStringConvertible {
    public var description: String {
        if family == Self.familyIPv4, bytes.count == 4 {
            return bytes.map { String($0) }.joined(separator: ".")
        }
        if family == Self.familyIPv6, bytes.count == 16 {
            return stride(from: 0, to: 16, by: 2).map { i in
                String(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]), radix: 16)
            }.joined(separator: ":")
        }
        return "family \(family): " + bytes.hexString
    }
}

/// The Time derived type: NTP seconds since 1900-01-01 UTC in 4 octets.
///
/// Values with the top bit clear are read as the era after the 2036 wrap (RFC 6733 4.3.1 / RFC 5905),
/// so the representable range is 1968-2104.
public struct DiameterTime: Sendable, Hashable {
    /// Seconds between 1900-01-01 and 1970-01-01.
    public static let ntpToUnixOffset: Int64 = 2_208_988_800

    /// The wire value.
    public var ntpSeconds: UInt32

    /// From the wire value.
    public init(ntpSeconds: UInt32) { self.ntpSeconds = ntpSeconds }

    /// From POSIX time; values outside the representable range wrap modulo 2^32.
    public init(secondsSince1970: Int64) {
        self.ntpSeconds = UInt32(truncatingIfNeeded: secondsSince1970 &+ Self.ntpToUnixOffset)
    }

    /// POSIX time (seconds since 1970-01-01 UTC).
    public var secondsSince1970: Int64 {
        let era: Int64 = ntpSeconds & 0x8000_0000 == 0 ? 1 << 32 : 0
        return Int64(ntpSeconds) + era - Self.ntpToUnixOffset
    }
}
