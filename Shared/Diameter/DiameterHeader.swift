import WireFormat

/// The fixed 20-octet Diameter message header (RFC 6733 3).
public struct DiameterHeader: Sendable, Hashable {
    /// Octets in the header.
    public static let size = 20
    /// The only version RFC 6733 defines.
    public static let version: UInt8 = 1

    /// Command flags octet.
    public struct CommandFlags: OptionSet, Sendable, Hashable {
        public var rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let request = Self(rawValue: 0x80)
        public static let proxiable = Self(rawValue: 0x40)
        /// Answer carries a protocol error (3xxx).
        public static let error = Self(rawValue: 0x20)
        /// Possibly retransmitted request (after a link failover).
        public static let retransmitted = Self(rawValue: 0x10)

        /// Bits RFC 6733 reserves; a sender must leave them zero.
        public static let reservedMask: UInt8 = 0x0f
    }

    /// Always 1: the decoder rejects any other version with 5011.
    public var version: UInt8 { Self.version }
    /// Whole message length including the header (24 bits, multiple of 4).
    public var length: UInt32
    public var flags: CommandFlags
    /// 24-bit command code.
    public var commandCode: UInt32
    public var applicationID: UInt32
    public var hopByHopID: UInt32
    public var endToEndID: UInt32

    public init(length: UInt32, flags: CommandFlags, commandCode: UInt32, applicationID: UInt32,
                hopByHopID: UInt32, endToEndID: UInt32) {
        self.length = length
        self.flags = flags
        self.commandCode = commandCode
        self.applicationID = applicationID
        self.hopByHopID = hopByHopID
        self.endToEndID = endToEndID
    }

    /// Parses and checks the first 20 octets: version, flag bits and the length field's own rules.
    ///
    /// Whether the buffer holds `length` octets is the caller's concern (framer or message decoder).
    public init(decoding bytes: ArraySlice<UInt8>, maxMessageSize: Int = DiameterDecodingOptions.defaultMaxMessageSize)
        throws(DiameterError)
    {
        var r = ByteReader(bytes)
        guard let version = r.readUInt8() else {
            throw .invalidMessageLength(declared: 0, available: bytes.count)
        }
        guard version == Self.version else { throw .unsupportedVersion(version) }
        guard let length = r.readUInt24() else { throw .invalidMessageLength(declared: 0, available: bytes.count) }
        try Self.checkLength(Int(length), maxMessageSize: maxMessageSize, available: bytes.count)
        guard let flagByte = r.readUInt8(), let code = r.readUInt24(), let app = r.readUInt32(),
              let hbh = r.readUInt32(), let e2e = r.readUInt32()
        else {
            throw .invalidMessageLength(declared: Int(length), available: bytes.count)
        }
        let flags = CommandFlags(rawValue: flagByte)
        guard flagByte & CommandFlags.reservedMask == 0,
              !(flags.contains(.request) && flags.contains(.error))
        else { throw .invalidHeaderBits(flags: flagByte) }
        self.init(length: length, flags: flags, commandCode: code, applicationID: app, hopByHopID: hbh, endToEndID: e2e)
    }

    /// Parses and checks the first 20 octets of `bytes`.
    public init(decoding bytes: [UInt8], maxMessageSize: Int = DiameterDecodingOptions.defaultMaxMessageSize)
        throws(DiameterError)
    {
        try self.init(decoding: bytes[...], maxMessageSize: maxMessageSize)
    }

    /// Rules on the length field alone, shared with the stream framer.
    static func checkLength(_ length: Int, maxMessageSize: Int, available: Int) throws(DiameterError) {
        guard length >= size, length % 4 == 0 else {
            throw .invalidMessageLength(declared: length, available: available)
        }
        guard length <= maxMessageSize else { throw .messageTooLarge(length: length, limit: maxMessageSize) }
    }

    /// Appends the 20 header octets.
    public func encode(into out: inout [UInt8]) {
        out.append(Self.version)
        out.appendUInt24(length)
        out.append(flags.rawValue)
        out.appendUInt24(commandCode)
        out.appendUInt32(applicationID)
        out.appendUInt32(hopByHopID)
        out.appendUInt32(endToEndID)
    }
}
