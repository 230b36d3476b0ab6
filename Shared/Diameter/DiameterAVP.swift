import WireFormat

/// One Attribute-Value Pair (RFC 6733 4.1).
///
/// Non-grouped data is kept as raw bytes and read through typed accessors; grouped AVPs hold their
/// children so builders and decoders produce equal values. The V flag is derived from `vendorID`.
public struct DiameterAVP: Sendable, Hashable {
    /// AVP flags octet.
    public struct Flags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let vendorSpecific = Self(rawValue: 0x80)
        public static let mandatory = Self(rawValue: 0x40)
        /// Deprecated end-to-end protection bit.
        public static let protected = Self(rawValue: 0x20)
        /// Bits reserved by RFC 6733; ignored on receipt but kept so re-encoding is byte-identical.
        public static let reservedMask: UInt8 = 0x1f
    }

    /// The AVP's data.
    public enum Payload: Sendable, Hashable {
        case bytes([UInt8])
        case grouped([DiameterAVP])
    }

    /// AVP Code.
    public var code: UInt32
    /// Present exactly when the V bit is set.
    public var vendorID: UInt32?
    /// M bit: the receiver must understand the AVP or reject the message.
    public var isMandatory: Bool
    /// P bit (deprecated; RFC 6733 says senders should leave it clear).
    public var isProtected: Bool
    /// Raw data or grouped children.
    public var payload: Payload
    /// Reserved flag bits as received (zero for built AVPs).
    var reservedFlags: UInt8 = 0

    /// An AVP with explicit flags (the V bit follows `vendorID`).
    public init(code: UInt32, vendorID: UInt32? = nil, mandatory: Bool, protected: Bool = false, payload: Payload) {
        self.code = code
        self.vendorID = vendorID
        self.isMandatory = mandatory
        self.isProtected = protected
        self.payload = payload
    }

    /// An AVP holding raw data octets.
    public init(code: UInt32, vendorID: UInt32? = nil, mandatory: Bool, protected: Bool = false, data: [UInt8]) {
        self.init(code: code, vendorID: vendorID, mandatory: mandatory, protected: protected, payload: .bytes(data))
    }

    /// A grouped AVP holding `grouped` children in order.
    public init(code: UInt32, vendorID: UInt32? = nil, mandatory: Bool, protected: Bool = false,
                grouped: [DiameterAVP]) {
        self.init(code: code, vendorID: vendorID, mandatory: mandatory, protected: protected, payload: .grouped(grouped))
    }

    /// The flags octet as it goes on the wire.
    public var flags: Flags {
        var raw = reservedFlags & Flags.reservedMask
        if vendorID != nil { raw |= Flags.vendorSpecific.rawValue }
        if isMandatory { raw |= Flags.mandatory.rawValue }
        if isProtected { raw |= Flags.protected.rawValue }
        return Flags(rawValue: raw)
    }

    /// Vendor-Id for dictionary lookups (0 when the V bit is clear).
    public var vendor: UInt32 { vendorID ?? 0 }

    /// 8, or 12 with a Vendor-ID.
    public var headerLength: Int { vendorID == nil ? 8 : 12 }

    /// Octets of data (without padding).
    public var dataLength: Int {
        switch payload {
        case .bytes(let b): return b.count
        case .grouped(let children): return children.reduce(0) { $0 + $1.encodedLength }
        }
    }

    /// The AVP Length field: header plus data, without padding.
    public var length: Int { headerLength + dataLength }

    /// Octets on the wire including padding.
    public var encodedLength: Int { (length + 3) & ~3 }

    /// The data octets (children encoded for a grouped AVP).
    public var data: [UInt8] {
        switch payload {
        case .bytes(let b): return b
        case .grouped(let children):
            var out = [UInt8]()
            out.reserveCapacity(dataLength)
            for c in children { c.encode(into: &out) }
            return out
        }
    }

    /// Children of a grouped AVP as built or decoded; nil for a byte payload (see ``grouped(options:)``).
    public var children: [DiameterAVP]? {
        if case .grouped(let c) = payload { return c }
        return nil
    }

    /// Appends the AVP with its padding.
    public func encode(into out: inout [UInt8]) {
        let start = out.count
        out.appendUInt32(code)
        out.append(flags.rawValue)
        out.appendUInt24(0)
        if let vendorID { out.appendUInt32(vendorID) }
        switch payload {
        case .bytes(let b): out.append(contentsOf: b)
        case .grouped(let children): for c in children { c.encode(into: &out) }
        }
        let length = out.count - start
        out.setUInt24(UInt32(truncatingIfNeeded: length), at: start + 5)
        out.appendZeros((4 - length % 4) % 4)
    }

    /// The encoded AVP as its own byte string.
    public func encode() -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(encodedLength)
        encode(into: &out)
        return out
    }

    /// First child with this code and vendor (grouped AVPs only).
    public func first(code: UInt32, vendor: UInt32 = 0) -> DiameterAVP? {
        children?.first { $0.code == code && $0.vendor == vendor }
    }

    /// All children with this code and vendor (grouped AVPs only).
    public func all(code: UInt32, vendor: UInt32 = 0) -> [DiameterAVP] {
        children?.filter { $0.code == code && $0.vendor == vendor } ?? []
    }
}

extension DiameterAVP: CustomStringConvertible {
    public var description: String {
        var s = "AVP(\(code)"
        if let vendorID { s += "/\(vendorID)" }
        s += ", flags 0x" + [flags.rawValue].hexString
        switch payload {
        case .bytes(let b): s += ", \(b.count) bytes)"
        case .grouped(let c): s += ", grouped \(c))"
        }
        return s
    }
}
