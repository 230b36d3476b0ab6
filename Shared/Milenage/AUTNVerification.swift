import WireFormat

/// What the USIM returns after accepting a challenge (TS 33.102 clause 6.3.3).
public struct USIMAuthenticationResult: Sendable, Hashable {
    /// RES, 8 bytes.
    public let res: [UInt8]
    /// CK, 16 bytes.
    public let ck: [UInt8]
    /// IK, 16 bytes.
    public let ik: [UInt8]
    /// SQN recovered from AUTN.
    public let sqn: SequenceNumber
    /// AMF from AUTN (bit 0 is the separation bit checked by EPS/AKA' callers).
    public let amf: UInt16

    /// Assembles a result (simulators and tests; `openAUTN` builds the real ones).
    public init(res: [UInt8], ck: [UInt8], ik: [UInt8], sqn: SequenceNumber, amf: UInt16) {
        self.res = res
        self.ck = ck
        self.ik = ik
        self.sqn = sqn
        self.amf = amf
    }
}

extension USIMAuthenticationResult: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// SQN and AMF only; RES, CK and IK are redacted.
    public var description: String {
        "USIMAuthenticationResult(sqn: \(sqn), amf: \(amf), res: <redacted>, ck: <redacted>, ik: <redacted>)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["sqn": sqn, "amf": amf], displayStyle: .struct) }
}

extension Milenage {
    /// USIM side without sequence state: recovers SQN, checks MAC-A in constant time and
    /// computes RES/CK/IK. The caller still has to decide whether SQN is fresh.
    public func openAUTN(rand: some Collection<UInt8>, autn: some Collection<UInt8>) throws(AUTNVerificationError)
        -> USIMAuthenticationResult
    {
        guard autn.count == 16 else {
            throw .malformed(.invalidLength(field: .autn, expected: 16, actual: autn.count))
        }
        var reader = ByteReader(Array(autn))
        guard let concealed = reader.readBytes(6), let amf = reader.readUInt16(), let mac = reader.readBytes(8) else {
            throw .malformed(.invalidLength(field: .autn, expected: 16, actual: autn.count))
        }
        let temp: Block128
        let out2: Block128
        let sqn: SequenceNumber
        let xmac: [UInt8]
        do {
            temp = try self.temp(rand)
            out2 = try out(temp, rotation: 0, constant: 1)
            sqn = SequenceNumber(uncheckedValue: (SequenceNumber(bytes: concealed)?.value ?? 0) ^ out2.hi >> 16)
            xmac = try out1(temp: temp, sqn: sqn, amf: amf).highBytes(8)
        } catch {
            throw .malformed(error)
        }
        guard constantTimeEquals(xmac, mac) else { throw .macFailure }
        do {
            return USIMAuthenticationResult(
                res: out2.lowBytes,
                ck: try out(temp, rotation: 32, constant: 2).bytes,
                ik: try out(temp, rotation: 64, constant: 4).bytes,
                sqn: sqn, amf: amf)
        } catch {
            throw .malformed(error)
        }
    }

    /// Full USIM check (TS 33.102 clause 6.3.3): MAC-A first, then SQN freshness against
    /// `state`. On success `state` records SQN. On a stale SQN the error carries the AUTS
    /// built from `state.highestAccepted`, and `state` is unchanged.
    public func verifyAUTN(
        rand: some Collection<UInt8>, autn: some Collection<UInt8>, state: inout USIMSequenceState
    ) throws(AUTNVerificationError) -> USIMAuthenticationResult {
        let result = try openAUTN(rand: rand, autn: autn)
        guard state.accept(result.sqn) else {
            let auts: [UInt8]
            do {
                auts = try makeAUTS(rand: rand, sqnMS: state.highestAccepted)
            } catch {
                throw .malformed(error)
            }
            throw .sequenceOutOfRange(auts: auts)
        }
        return result
    }
}
