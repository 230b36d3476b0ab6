import Crypto
import CryptoExtras
import WireFormat

/// The MILENAGE authentication and key generation functions f1, f1*, f2, f3, f4, f5, f5*
/// (3GPP TS 35.206), keyed by the subscriber key K and the operator variant OPc.
///
/// Only the HSS/AuC and the USIM (and their simulators) hold K; the AAA server receives
/// finished authentication vectors and never builds one of these. The value keeps K and OPc
/// private and redacts them from `description`, `debugDescription` and mirrors.
public struct Milenage: Sendable {
    /// AES-128 key K.
    private let key: SymmetricKey
    /// OPc = OP xor E_K(OP), computed once.
    private let opc: Block128

    /// Builds the functions from K and an OPc already derived from OP (what an HSS stores).
    public init(k: some Collection<UInt8>, opc: some Collection<UInt8>) throws(MilenageError) {
        guard k.count == 16 else { throw .invalidLength(field: .k, expected: 16, actual: k.count) }
        guard let opcBlock = Block128(opc) else { throw .invalidLength(field: .opc, expected: 16, actual: opc.count) }
        self.key = SymmetricKey(data: Array(k))
        self.opc = opcBlock
    }

    /// Builds the functions from K and the operator constant OP, deriving OPc.
    public init(k: some Collection<UInt8>, op: some Collection<UInt8>) throws(MilenageError) {
        let opc = try Milenage.computeOPc(k: k, op: op)
        try self.init(k: k, opc: opc)
    }

    /// OPc = OP xor E_K(OP) (TS 35.206 clause 4.1), so OP itself need not be provisioned per subscriber.
    public static func computeOPc(k: some Collection<UInt8>, op: some Collection<UInt8>) throws(MilenageError) -> [UInt8] {
        guard k.count == 16 else { throw .invalidLength(field: .k, expected: 16, actual: k.count) }
        guard let opBlock = Block128(op) else { throw .invalidLength(field: .op, expected: 16, actual: op.count) }
        let key = SymmetricKey(data: Array(k))
        return (try encrypt(opBlock, key: key) ^ opBlock).bytes
    }

    // MARK: - The published functions

    /// f1: network authentication code MAC-A (8 bytes).
    public func f1(rand: some Collection<UInt8>, sqn: SequenceNumber, amf: UInt16) throws(MilenageError) -> [UInt8] {
        try out1(temp: temp(rand), sqn: sqn, amf: amf).highBytes(8)
    }

    /// f1*: re-synchronisation authentication code MAC-S (8 bytes).
    public func f1Star(rand: some Collection<UInt8>, sqn: SequenceNumber, amf: UInt16) throws(MilenageError) -> [UInt8] {
        try out1(temp: temp(rand), sqn: sqn, amf: amf).lowBytes
    }

    /// f2: response RES (8 bytes).
    public func f2(rand: some Collection<UInt8>) throws(MilenageError) -> [UInt8] {
        try out(temp(rand), rotation: 0, constant: 1).lowBytes
    }

    /// f3: cipher key CK (16 bytes).
    public func f3(rand: some Collection<UInt8>) throws(MilenageError) -> [UInt8] {
        try out(temp(rand), rotation: 32, constant: 2).bytes
    }

    /// f4: integrity key IK (16 bytes).
    public func f4(rand: some Collection<UInt8>) throws(MilenageError) -> [UInt8] {
        try out(temp(rand), rotation: 64, constant: 4).bytes
    }

    /// f5: anonymity key AK (6 bytes) that conceals SQN in AUTN.
    public func f5(rand: some Collection<UInt8>) throws(MilenageError) -> [UInt8] {
        try out(temp(rand), rotation: 0, constant: 1).highBytes(6)
    }

    /// f5*: anonymity key AK* (6 bytes) that conceals SQN_MS in AUTS.
    public func f5Star(rand: some Collection<UInt8>) throws(MilenageError) -> [UInt8] {
        try out(temp(rand), rotation: 96, constant: 8).highBytes(6)
    }

    /// f2, f3, f4 and f5 together, sharing one TEMP computation (four AES calls plus TEMP).
    public func f2345(rand: some Collection<UInt8>) throws(MilenageError) -> MilenageOutputs {
        let temp = try temp(rand)
        let out2 = try out(temp, rotation: 0, constant: 1)
        return MilenageOutputs(
            res: out2.lowBytes,
            ck: try out(temp, rotation: 32, constant: 2).bytes,
            ik: try out(temp, rotation: 64, constant: 4).bytes,
            ak: out2.highBytes(6))
    }

    // MARK: - Building blocks shared with vector generation and verification

    /// TEMP = E_K(RAND xor OPc).
    func temp(_ rand: some Collection<UInt8>) throws(MilenageError) -> Block128 {
        guard let r = Block128(rand) else { throw .invalidLength(field: .rand, expected: 16, actual: rand.count) }
        return try Milenage.encrypt(r ^ opc, key: key)
    }

    /// OUT1 = E_K(TEMP xor rot(IN1 xor OPc, r1) xor c1) xor OPc with IN1 = SQN||AMF||SQN||AMF,
    /// r1 = 64 and c1 = 0. MAC-A is its high half, MAC-S its low half.
    func out1(temp: Block128, sqn: SequenceNumber, amf: UInt16) throws(MilenageError) -> Block128 {
        let half = sqn.value << 16 | UInt64(amf)
        let in1 = Block128(hi: half, lo: half)
        let input = temp ^ (in1 ^ opc).rotatedLeft(by: 64)
        return try Milenage.encrypt(input, key: key) ^ opc
    }

    /// OUTn = E_K(rot(TEMP xor OPc, rn) xor cn) xor OPc for n = 2...5, where cn has only
    /// bit `constant` set in its last byte (c2 = 1, c3 = 2, c4 = 4, c5 = 8).
    func out(_ temp: Block128, rotation: Int, constant: UInt64) throws(MilenageError) -> Block128 {
        var input = (temp ^ opc).rotatedLeft(by: rotation)
        input.lo ^= constant
        return try Milenage.encrypt(input, key: key) ^ opc
    }

    /// One AES-128 block encryption in a stack buffer.
    static func encrypt(_ block: Block128, key: SymmetricKey) throws(MilenageError) -> Block128 {
        let result: Block128? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { buffer in
            block.store(into: buffer)
            var payload = buffer
            do {
                try AES.permute(&payload, key: key)
            } catch {
                return nil
            }
            return Block128(loading: buffer)
        }
        guard let result else { throw .cipherFailure }
        return result
    }
}

extension Milenage: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// K and OPc never appear in logs.
    public var description: String { "Milenage(k: <redacted>, opc: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// The outputs of f2, f3, f4 and f5 for one RAND.
public struct MilenageOutputs: Sendable, Hashable {
    /// RES / XRES, 8 bytes.
    public let res: [UInt8]
    /// CK, 16 bytes.
    public let ck: [UInt8]
    /// IK, 16 bytes.
    public let ik: [UInt8]
    /// AK, 6 bytes.
    public let ak: [UInt8]

    /// Assembles outputs (`f2345(rand:)` builds the real ones).
    public init(res: [UInt8], ck: [UInt8], ik: [UInt8], ak: [UInt8]) {
        self.res = res
        self.ck = ck
        self.ik = ik
        self.ak = ak
    }
}

extension MilenageOutputs: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// All outputs are key material or secrets and are redacted.
    public var description: String { "MilenageOutputs(res: <redacted>, ck: <redacted>, ik: <redacted>, ak: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
