import WireFormat

/// Typed reads of AVP data. Each throws the error an answer would report for that AVP.
extension DiameterAVP {
    /// Raw data of a non-grouped AVP (a grouped AVP yields its encoded children).
    public func octetString() -> [UInt8] { data }

    /// Unsigned32 data; 5014 unless exactly 4 octets.
    public func unsigned32() throws(DiameterError) -> UInt32 {
        var r = try reader(length: 4)
        guard let v = r.readUInt32() else { throw .invalidAVPLength(self) }
        return v
    }

    /// Integer32 data; 5014 unless exactly 4 octets.
    public func integer32() throws(DiameterError) -> Int32 {
        Int32(bitPattern: try unsigned32())
    }

    /// Enumerated values are Integer32 on the wire.
    public func enumerated() throws(DiameterError) -> Int32 { try integer32() }

    /// Unsigned64 data; 5014 unless exactly 8 octets.
    public func unsigned64() throws(DiameterError) -> UInt64 {
        var r = try reader(length: 8)
        guard let v = r.readUInt64() else { throw .invalidAVPLength(self) }
        return v
    }

    /// Integer64 data; 5014 unless exactly 8 octets.
    public func integer64() throws(DiameterError) -> Int64 {
        Int64(bitPattern: try unsigned64())
    }

    /// Float32 (IEEE 754) data; 5014 unless exactly 4 octets.
    public func float32() throws(DiameterError) -> Float {
        Float(bitPattern: try unsigned32())
    }

    /// Float64 (IEEE 754) data; 5014 unless exactly 8 octets.
    public func float64() throws(DiameterError) -> Double {
        Double(bitPattern: try unsigned64())
    }

    /// Time data (NTP seconds); 5014 unless exactly 4 octets.
    public func time() throws(DiameterError) -> DiameterTime {
        DiameterTime(ntpSeconds: try unsigned32())
    }

    /// UTF8String, DiameterIdentity and DiameterURI data, validated.
    public func utf8String() throws(DiameterError) -> String {
        guard case .bytes(let b) = payload else { throw .invalidAVPValue(self) }
        guard isValidUTF8(b) else { throw .invalidAVPValue(self) }
        return String(decoding: b, as: UTF8.self)
    }

    /// Address data; 5014 below 2 octets, 5004 for an IPv4/IPv6 family with the wrong address size.
    public func address() throws(DiameterError) -> DiameterAddress {
        guard case .bytes(let b) = payload else { throw .invalidAVPValue(self) }
        guard b.count >= 2 else { throw .invalidAVPLength(self) }
        guard let a = DiameterAddress(data: b) else { throw .invalidAVPValue(self) }
        return a
    }

    /// Children of a grouped AVP; a byte payload (an AVP the decoder did not know as grouped) is parsed now.
    public func grouped(options: DiameterDecodingOptions = DiameterDecodingOptions()) throws(DiameterError)
        -> [DiameterAVP]
    {
        switch payload {
        case .grouped(let c): return c
        case .bytes(let b):
            var out = [DiameterAVP]()
            try DiameterAVPDecoder(options: options).decodeAVPs(b[...], depth: 1, into: &out)
            return out
        }
    }

    /// A reader over exactly `length` data octets, or the invalid-length error.
    private func reader(length: Int) throws(DiameterError) -> ByteReader {
        guard case .bytes(let b) = payload, b.count == length else { throw .invalidAVPLength(self) }
        return ByteReader(b)
    }
}

/// Typed construction.
extension DiameterAVP {
    /// Explicit flags, no dictionary.
    public init(code: UInt32, vendorID: UInt32? = nil, mandatory: Bool, protected: Bool = false, value: DiameterValue) {
        self.init(code: code, vendorID: vendorID, mandatory: mandatory, protected: protected, payload: value.payload)
    }

    /// By dictionary name with the dictionary's default flags: `try DiameterAVP(named: "ANID", .utf8String("WLAN"))`.
    public init(named name: String, _ value: DiameterValue, dictionary: DiameterDictionary = .standard)
        throws(DiameterDictionaryError)
    {
        self = try dictionary.makeAVP(named: name, value)
    }

    /// By code (and vendor, 0 for IETF AVPs) with the dictionary's default flags.
    public init(code: UInt32, vendorID: UInt32 = 0, _ value: DiameterValue, dictionary: DiameterDictionary = .standard)
        throws(DiameterDictionaryError)
    {
        self = try dictionary.makeAVP(code: code, vendorID: vendorID, value)
    }
}

/// Validates UTF-8 without allocating (rejects overlongs, surrogates and truncated sequences).
func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
    // Identities and session ids are ASCII: skip the scalar parser for them.
    if bytes.allSatisfy({ $0 < 0x80 }) { return true }
    var iterator = bytes.makeIterator()
    var parser = Unicode.UTF8.ForwardParser()
    while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}
