import Foundation
import Milenage
import WireFormat
import Yams

/// Loads the lab subscriber file (YAML):
///
/// ```yaml
/// subscribers:
///   - imsi: "001010000000001"
///     k: "000102030405060708090a0b0c0d0e0f"     # 16 bytes
///     opc: "..."                                # or op: (16 bytes; OPc is derived)
///     amf: "8000"                               # optional, default 8000 (separation bit for AKA')
///     sqn: 0                                    # optional, decimal or "0x..." hex: SQN_HE to start after
///     ind_length: 5                             # optional, TS 33.102 Annex C IND bits (0...10)
///     non3gpp_barred: false                     # optional, SAA Non-3GPP-IP-Access = 1 when true
/// ```
///
/// A bare top-level list is accepted too. Unknown keys are refused so a typo (`opc` vs `opC`)
/// cannot silently fall back to a default.
public enum SubscriberFile {
    /// Keys an entry may carry.
    public static let keys = ["imsi", "k", "op", "opc", "amf", "sqn", "ind_length", "non3gpp_barred"]
    /// The AMF used when an entry has none: separation bit set, so EAP-AKA' peers accept the AUTN.
    public static let defaultAMF: UInt16 = 0x8000
    /// Refuse absurd files before handing them to libyaml.
    public static let maximumBytes = 16 << 20

    /// Reads and validates `path`.
    public static func load(path: String) throws(SubscriberFileError) -> [Subscriber] {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard data.count <= maximumBytes else {
                throw SubscriberFileError.unreadable(path: path, reason: "larger than \(maximumBytes) bytes")
            }
            text = String(decoding: data, as: UTF8.self)
        } catch let error as SubscriberFileError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        return try parse(text, path: path)
    }

    /// Validates YAML text; `path` only labels the errors.
    public static func parse(_ text: String, path: String) throws(SubscriberFileError) -> [Subscriber] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .default, .default, .utf8)
        } catch let error as YamlError {
            throw convert(error, path: path)
        } catch {
            throw .invalidYAML(path: path, line: 0, problem: "unreadable document")
        }
        let entries: [Node]
        switch root {
        case .sequence(let list)?:
            entries = Array(list)
        case .mapping(let mapping)?:
            guard mapping.count == 1, case .sequence(let list)? = mapping["subscribers"] else {
                throw .notASubscriberList(path: path)
            }
            entries = Array(list)
        default:
            throw .notASubscriberList(path: path)
        }
        var subscribers: [Subscriber] = []
        subscribers.reserveCapacity(entries.count)
        var firstIndex: [String: Int] = [:]
        for (index, node) in entries.enumerated() {
            let subscriber = try parseEntry(node, index: index, path: path)
            if let first = firstIndex[subscriber.imsi] {
                throw .duplicateIMSI(path: path, imsi: subscriber.imsi, firstIndex: first, index: index)
            }
            firstIndex[subscriber.imsi] = index
            subscribers.append(subscriber)
        }
        return subscribers
    }

    // MARK: One entry

    private static func parseEntry(_ node: Node, index: Int, path: String) throws(SubscriberFileError) -> Subscriber {
        guard case .mapping(let mapping) = node else {
            throw .invalidEntry(path: path, index: index, imsi: nil, field: "entry", problem: "expected a mapping")
        }
        var fields: [String: Node] = [:]
        var imsi: String?
        if case .scalar(let s)? = mapping["imsi"] { imsi = s.string }
        func fail(_ field: String, _ problem: String) -> SubscriberFileError {
            .invalidEntry(path: path, index: index, imsi: imsi, field: field, problem: problem)
        }
        for (key, value) in mapping {
            guard case .scalar(let k) = key, keys.contains(k.string) else {
                // A damaged line ("k, 0011...") can turn key material into a key: only short names are shown.
                let name = key.string.flatMap { $0.count <= 20 && $0.allSatisfy({ $0.isLetter || $0 == "_" }) ? $0 : nil }
                    ?? "(unrecognised key, not shown)"
                throw fail(name, "unknown key (expected one of \(keys.joined(separator: ", ")))")
            }
            fields[k.string] = value
        }
        func scalar(_ key: String) throws(SubscriberFileError) -> String? {
            guard let value = fields[key] else { return nil }
            guard case .scalar(let s) = value else { throw fail(key, "expected a scalar value") }
            return s.string.trimmingCharacters(in: .whitespaces)
        }

        guard let imsiText = try scalar("imsi") else { throw fail("imsi", "missing") }
        guard (6...15).contains(imsiText.utf8.count), imsiText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            imsi = nil
            throw fail("imsi", "must be 6 to 15 decimal digits (quote it so YAML keeps leading zeros)")
        }
        imsi = imsiText

        guard let kText = try scalar("k") else { throw fail("k", "missing") }
        let k = try hexKey(kText, field: "k", fail: fail)
        let opText = try scalar("op")
        let opcText = try scalar("opc")
        let milenage: Milenage
        switch (opText, opcText) {
        case (nil, nil):
            throw fail("opc", "missing (give opc, or op to derive it)")
        case (.some, .some):
            throw fail("op", "give either op or opc, not both")
        case (let op?, nil):
            let opBytes = try hexKey(op, field: "op", fail: fail)
            do { milenage = try Milenage(k: k, op: opBytes) } catch { throw fail("op", "rejected by MILENAGE (\(error))") }
        case (nil, let opc?):
            let opcBytes = try hexKey(opc, field: "opc", fail: fail)
            do { milenage = try Milenage(k: k, opc: opcBytes) } catch { throw fail("opc", "rejected by MILENAGE (\(error))") }
        }

        var amf = defaultAMF
        if let text = try scalar("amf") {
            guard text.utf8.count == 4, let bytes = [UInt8](hex: text) else {
                throw fail("amf", "must be 4 hex digits (2 bytes), got \(printable(text))")
            }
            amf = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        }

        var scheme = SequenceNumberScheme.standard
        if let text = try scalar("ind_length") {
            guard let n = Int(text), let s = SequenceNumberScheme(indLength: n) else {
                throw fail("ind_length", "must be an integer from 0 to \(SequenceNumberScheme.maxIndLength), got \(printable(text))")
            }
            scheme = s
        }

        var sqn = SequenceNumber.zero
        if let text = try scalar("sqn") {
            guard let value = parseSQN(text), let s = SequenceNumber(value) else {
                throw fail("sqn", "must be a decimal or 0x-prefixed hex number below 2^48, got \(printable(text))")
            }
            sqn = s
        }

        var barred = false
        if let value = fields["non3gpp_barred"] {
            guard let b = value.bool else { throw fail("non3gpp_barred", "must be true or false") }
            barred = b
        }
        return Subscriber(imsi: imsiText, milenage: milenage, amf: amf, initialSQN: sqn, scheme: scheme,
                          non3GPPBarred: barred)
    }

    /// 32 hex digits; the value itself never goes into the error.
    private static func hexKey(_ text: String, field: String, fail: (String, String) -> SubscriberFileError)
        throws(SubscriberFileError) -> [UInt8]
    {
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        guard let bytes = [UInt8](hex: digits) else {
            throw fail(field, "must be 32 hex digits (16 bytes); the value has \(digits.count) characters or a non-hex character")
        }
        guard bytes.count == 16 else {
            throw fail(field, "must be 16 bytes (32 hex digits), got \(bytes.count) bytes")
        }
        return bytes
    }

    /// Decimal, or hex with a 0x prefix.
    static func parseSQN(_ text: String) -> UInt64? {
        let t = text.replacingOccurrences(of: "_", with: "")
        if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16) }
        return UInt64(t, radix: 10)
    }

    /// At most 40 characters of a non-secret value, for messages.
    static func printable(_ text: String) -> String {
        let cut = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return "\"" + cut + "\""
    }

    private static func convert(_ error: YamlError, path: String) -> SubscriberFileError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text))" } ?? ""
            return .invalidYAML(path: path, line: mark.line, problem: problem + detail)
        case .reader(let problem, _, _, _):
            return .invalidYAML(path: path, line: 0, problem: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .invalidYAML(path: path, line: context.mark.line,
                                problem: "duplicate key \(printable(duplicates.first ?? ""))")
        default:
            return .invalidYAML(path: path, line: 0, problem: "unreadable document")
        }
    }
}
