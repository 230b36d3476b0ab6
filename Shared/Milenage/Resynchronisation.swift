import WireFormat

/// RAND || AUTS as carried in SWx SIP-Authorization and Diameter/RADIUS re-synchronisation
/// (TS 29.273): 16 bytes of RAND followed by the 14-byte AUTS.
public struct ResynchronisationInfo: Sendable, Hashable {
    /// 16 (RAND) + 14 (AUTS).
    public static let byteCount = 30

    /// The RAND of the rejected challenge, 16 bytes.
    public let rand: [UInt8]
    /// (SQN_MS xor AK*) || MAC-S, 14 bytes.
    public let auts: [UInt8]

    /// Pairs a RAND (16 bytes) with an AUTS (14 bytes).
    public init(rand: some Collection<UInt8>, auts: some Collection<UInt8>) throws(MilenageError) {
        guard rand.count == 16 else { throw .invalidLength(field: .rand, expected: 16, actual: rand.count) }
        guard auts.count == 14 else { throw .invalidLength(field: .auts, expected: 14, actual: auts.count) }
        self.rand = Array(rand)
        self.auts = Array(auts)
    }

    /// Splits the 30-byte SIP-Authorization value.
    public init(bytes: some Collection<UInt8>) throws(MilenageError) {
        guard bytes.count == ResynchronisationInfo.byteCount else {
            throw .invalidLength(field: .resynchronisationInfo, expected: ResynchronisationInfo.byteCount, actual: bytes.count)
        }
        let all = Array(bytes)
        try self.init(rand: all.prefix(16), auts: all.dropFirst(16))
    }

    /// RAND || AUTS.
    public var bytes: [UInt8] { rand + auts }
}

extension Milenage {
    /// The AMF used for MAC-S in AUTS: a dummy 0x0000 (TS 33.102 clause 6.3.3).
    public static let resynchronisationAMF: UInt16 = 0x0000

    /// USIM side: AUTS = (SQN_MS xor AK*) || MAC-S, MAC-S = f1*(K, SQN_MS, RAND, AMF 0x0000).
    public func makeAUTS(rand: some Collection<UInt8>, sqnMS: SequenceNumber) throws(MilenageError) -> [UInt8] {
        let temp = try temp(rand)
        let akStar = try out(temp, rotation: 96, constant: 8).hi >> 16
        let macS = try out1(temp: temp, sqn: sqnMS, amf: Milenage.resynchronisationAMF).lo
        var auts = [UInt8]()
        auts.reserveCapacity(14)
        auts.appendBigEndian(sqnMS.value ^ akStar, count: 6)
        auts.appendBigEndian(macS, count: 8)
        return auts
    }

    /// HSS side (TS 33.102 clause 6.3.5): unmasks SQN_MS with AK* and checks MAC-S in
    /// constant time. The caller then moves SQN_HE past the returned SQN_MS.
    public func recoverSQN(rand: some Collection<UInt8>, auts: some Collection<UInt8>) throws(AUTSVerificationError)
        -> SequenceNumber
    {
        guard auts.count == 14 else { throw .malformed(.invalidLength(field: .auts, expected: 14, actual: auts.count)) }
        var reader = ByteReader(Array(auts))
        guard let concealed = reader.readBytes(6), let macS = reader.readBytes(8) else {
            throw .malformed(.invalidLength(field: .auts, expected: 14, actual: auts.count))
        }
        let sqnMS: SequenceNumber
        let expected: [UInt8]
        do {
            let temp = try temp(rand)
            let akStar = try out(temp, rotation: 96, constant: 8).hi >> 16
            sqnMS = SequenceNumber(uncheckedValue: (SequenceNumber(bytes: concealed)?.value ?? 0) ^ akStar)
            expected = try out1(temp: temp, sqn: sqnMS, amf: Milenage.resynchronisationAMF).lowBytes
        } catch {
            throw .malformed(error)
        }
        guard constantTimeEquals(expected, macS) else { throw .macFailure }
        return sqnMS
    }

    /// `recoverSQN(rand:auts:)` for a decoded SIP-Authorization value.
    public func recoverSQN(_ info: ResynchronisationInfo) throws(AUTSVerificationError) -> SequenceNumber {
        try recoverSQN(rand: info.rand, auts: info.auts)
    }
}
