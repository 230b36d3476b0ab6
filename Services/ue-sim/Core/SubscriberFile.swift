import Foundation
import Milenage
import NAI
import WireFormat
import Yams

/// One USIM from the HSS simulator's subscriber file. K and OPc are private and redacted.
public struct SubscriberRecord: Sendable {
    public let imsi: IMSI
    /// AMF the HSS puts into AUTN (informational: the phone reads AMF from AUTN).
    public let amf: UInt16
    /// SQN_HE the HSS starts from.
    public let sqn: SequenceNumber
    /// SEQ/IND split shared with the HSS (TS 33.102 Annex C).
    public let scheme: SequenceNumberScheme
    private let k: [UInt8]
    private let opc: [UInt8]

    /// Validates K (16 octets) and OPc (16 octets).
    public init(imsi: IMSI, k: [UInt8], opc: [UInt8], amf: UInt16, sqn: SequenceNumber,
                scheme: SequenceNumberScheme = .standard) throws(MilenageError) {
        _ = try Milenage(k: k, opc: opc)
        self.imsi = imsi
        self.k = k
        self.opc = opc
        self.amf = amf
        self.sqn = sqn
        self.scheme = scheme
    }

    /// The card's MILENAGE; `wrongK` flips one bit of K (a SIM that does not match the HSS).
    public func milenage(wrongK: Bool = false) throws(MilenageError) -> Milenage {
        var key = k
        if wrongK, !key.isEmpty { key[0] ^= 0x80 }
        return try Milenage(k: key, opc: opc)
    }

    /// The card's SQN record at the start of a run: it has accepted SEQ(sqn) - 1 (+ `offset`), so
    /// the HSS's next SQN (SEQ + 1, or SEQ itself if the file holds the next value) is fresh, while
    /// a positive offset puts the card ahead of the HSS (forces a resynchronisation) and a negative
    /// one beyond the window (2^28) puts it too far behind.
    public func initialSequenceState(offset: Int64 = 0) -> USIMSequenceState {
        let seq = Int64(clamping: scheme.seq(of: sqn))
        let start = max(0, min(Int64(clamping: scheme.maxSEQ), seq - 1 + offset))
        let initial = scheme.make(seq: UInt64(start), ind: 0) ?? .zero
        return USIMSequenceState(scheme: scheme, initial: initial)
    }
}

extension SubscriberRecord: CustomStringConvertible {
    public var description: String { "SubscriberRecord(imsi: \(imsi), sqn: \(sqn), k: <redacted>, opc: <redacted>)" }
}

/// Why the subscriber file was refused; the message names the entry and key.
public enum SubscriberFileError: Error, Sendable, Hashable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidYAML(String)
    /// Neither a list nor a mapping with a `subscribers` list.
    case notAList
    case empty
    case invalidField(index: Int, key: String, problem: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read subscriber file \(path): \(reason)"
        case .invalidYAML(let reason): return "subscriber file is not valid YAML: \(reason)"
        case .notAList: return "subscriber file must be a list of subscribers (or have a 'subscribers' list)"
        case .empty: return "subscriber file lists no subscribers"
        case .invalidField(let index, let key, let problem): return "subscribers[\(index)].\(key): \(problem)"
        }
    }
}

/// Reads the HSS simulator's subscriber file: a list (top level or under `subscribers:`) of
/// `{imsi, k, opc | op, amf, sqn[, ind_length]}` (hss-sim's format, config/lab-subscribers.yaml).
/// K/OPc/OP/AMF are hex (AMF defaults to 8000); `sqn` is the SQN_HE the HSS continues after, decimal
/// or `0x` hex. Other keys (the HSS's profile flags such as `non3gpp_barred`) are ignored.
public enum SubscriberFile {
    public static func load(path: String) throws(SubscriberFileError) -> [SubscriberRecord] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(text)
    }

    public static func parse(_ yaml: String) throws(SubscriberFileError) -> [SubscriberRecord] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .invalidYAML(String(describing: error))
        }
        var list: Node.Sequence?
        switch root {
        case .sequence(let sequence)?:
            list = sequence
        case .mapping(let mapping)?:
            if case .sequence(let sequence)? = mapping["subscribers"] { list = sequence }
        default:
            break
        }
        guard let list else { throw .notAList }
        var records: [SubscriberRecord] = []
        for (index, node) in list.enumerated() {
            records.append(try record(node, index: index))
        }
        guard !records.isEmpty else { throw .empty }
        return records
    }

    private static func record(_ node: Node, index: Int) throws(SubscriberFileError) -> SubscriberRecord {
        guard case .mapping(let mapping) = node else {
            throw .invalidField(index: index, key: "", problem: "must be a mapping")
        }
        func text(_ key: String) -> String? {
            guard case .scalar(let scalar)? = mapping[key] else { return nil }
            return scalar.string.trimmingCharacters(in: .whitespaces)
        }
        func hex(_ key: String, octets: Int) throws(SubscriberFileError) -> [UInt8]? {
            guard let value = text(key) else { return nil }
            let digits = value.hasPrefix("0x") ? String(value.dropFirst(2)) : value
            guard let bytes = [UInt8](hex: digits), bytes.count == octets else {
                throw .invalidField(index: index, key: key, problem: "expected \(octets * 2) hex digits")
            }
            return bytes
        }
        guard let imsiText = text("imsi"), let imsi = try? IMSI(imsiText) else {
            throw .invalidField(index: index, key: "imsi", problem: "expected 6 to 15 digits")
        }
        guard let k = try hex("k", octets: 16) else {
            throw .invalidField(index: index, key: "k", problem: "missing")
        }
        let opc: [UInt8]
        if let given = try hex("opc", octets: 16) {
            opc = given
        } else if let op = try hex("op", octets: 16) {
            guard let derived = try? Milenage.computeOPc(k: k, op: op) else {
                throw .invalidField(index: index, key: "op", problem: "cannot derive OPc")
            }
            opc = derived
        } else {
            throw .invalidField(index: index, key: "opc", problem: "missing (give opc or op)")
        }
        let amfBytes = try hex("amf", octets: 2) ?? [0x80, 0x00]
        let amf = UInt16(amfBytes[0]) << 8 | UInt16(amfBytes[1])
        let sqn = try sequenceNumber(text("sqn"), index: index)
        var scheme = SequenceNumberScheme.standard
        if let indText = text("ind_length") {
            guard let length = Int(indText), let parsed = SequenceNumberScheme(indLength: length) else {
                throw .invalidField(index: index, key: "ind_length", problem: "expected 0...10")
            }
            scheme = parsed
        }
        do {
            return try SubscriberRecord(imsi: imsi, k: k, opc: opc, amf: amf, sqn: sqn, scheme: scheme)
        } catch {
            throw .invalidField(index: index, key: "k", problem: "\(error)")
        }
    }

    private static func sequenceNumber(_ text: String?, index: Int) throws(SubscriberFileError) -> SequenceNumber {
        guard let text else { return .zero }
        let value: UInt64?
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            value = UInt64(text.dropFirst(2), radix: 16)
        } else {
            value = UInt64(text)
        }
        guard let value, let sqn = SequenceNumber(value) else {
            throw .invalidField(index: index, key: "sqn", problem: "expected a 48-bit number (decimal or 0x-prefixed hex)")
        }
        return sqn
    }
}
