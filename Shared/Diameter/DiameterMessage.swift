import WireFormat

/// A Diameter message: header fields plus the top-level AVPs in wire order.
public struct DiameterMessage: Sendable, Hashable {
    public var flags: DiameterHeader.CommandFlags
    /// 24-bit command code.
    public var commandCode: UInt32
    public var applicationID: UInt32
    public var hopByHopID: UInt32
    public var endToEndID: UInt32
    public var avps: [DiameterAVP]

    public init(flags: DiameterHeader.CommandFlags, commandCode: UInt32, applicationID: UInt32,
                hopByHopID: UInt32, endToEndID: UInt32, avps: [DiameterAVP] = []) {
        self.flags = flags
        self.commandCode = commandCode
        self.applicationID = applicationID
        self.hopByHopID = hopByHopID
        self.endToEndID = endToEndID
        self.avps = avps
    }

    /// The header with the length the message encodes to; setting it copies all fields except the length.
    public var header: DiameterHeader {
        get {
            DiameterHeader(length: UInt32(truncatingIfNeeded: encodedLength), flags: flags, commandCode: commandCode,
                           applicationID: applicationID, hopByHopID: hopByHopID, endToEndID: endToEndID)
        }
        set {
            flags = newValue.flags
            commandCode = newValue.commandCode
            applicationID = newValue.applicationID
            hopByHopID = newValue.hopByHopID
            endToEndID = newValue.endToEndID
        }
    }

    public var command: DiameterCommand { DiameterCommand(rawValue: commandCode) }
    public var application: DiameterApplication { DiameterApplication(rawValue: applicationID) }
    public var isRequest: Bool { flags.contains(.request) }
    public var isProxiable: Bool { flags.contains(.proxiable) }
    public var isError: Bool { flags.contains(.error) }
    public var isRetransmitted: Bool { flags.contains(.retransmitted) }

    /// Total encoded size including the header.
    public var encodedLength: Int { avps.reduce(DiameterHeader.size) { $0 + $1.encodedLength } }

    /// Encodes the message. Callers keep messages under 16 MiB (the 24-bit length).
    public func encode() -> [UInt8] {
        var out = [UInt8]()
        encode(into: &out)
        return out
    }

    /// Appends the encoded message to `out`.
    public func encode(into out: inout [UInt8]) {
        let h = header
        out.reserveCapacity(out.count + Int(h.length))
        h.encode(into: &out)
        for avp in avps { avp.encode(into: &out) }
    }

    /// Decodes exactly one message occupying all of `bytes`.
    public init(decoding bytes: ArraySlice<UInt8>, options: DiameterDecodingOptions = DiameterDecodingOptions())
        throws(DiameterError)
    {
        let header = try DiameterHeader(decoding: bytes, maxMessageSize: options.maxMessageSize)
        guard Int(header.length) == bytes.count else {
            throw .invalidMessageLength(declared: Int(header.length), available: bytes.count)
        }
        var avps = [DiameterAVP]()
        try DiameterAVPDecoder(options: options)
            .decodeAVPs(bytes.dropFirst(DiameterHeader.size), depth: 0, into: &avps)
        self.init(flags: header.flags, commandCode: header.commandCode, applicationID: header.applicationID,
                  hopByHopID: header.hopByHopID, endToEndID: header.endToEndID, avps: avps)
    }

    /// Decodes exactly one message occupying all of `bytes`.
    public init(decoding bytes: [UInt8], options: DiameterDecodingOptions = DiameterDecodingOptions())
        throws(DiameterError)
    {
        try self.init(decoding: bytes[...], options: options)
    }
}
