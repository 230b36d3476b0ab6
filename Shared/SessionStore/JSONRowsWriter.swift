import Foundation

/// Builds a JSON array of flat objects: how a batch of writes reaches PostgreSQL in one statement
/// (`twag_commit_writes`, `jsonb_to_recordset`). Hand-written because the values are few and
/// simple (text, integers, epoch seconds, hex) and this runs for every accounting request.
///
/// PostgreSQL text cannot hold U+0000: a NUL an AP put in an attribute becomes U+FFFD rather than
/// failing the whole batch.
struct JSONRowsWriter {
    private(set) var text = "["
    private var rows = 0
    private var fields = 0

    /// Starts the next object; fields go into it until the next call.
    mutating func startRow() {
        if rows > 0 { text += "}," }
        text += "{"
        rows += 1
        fields = 0
    }

    mutating func add(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{0}": text += "\u{FFFD}"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    mutating func add<I: BinaryInteger>(_ key: String, _ value: I?) {
        guard let value else { return }
        self.key(key)
        text += String(value)
    }

    /// Seconds since 1970 with the microseconds PostgreSQL keeps.
    mutating func add(_ key: String, _ date: Date?) {
        guard let date else { return }
        self.key(key)
        text += String(format: "%.6f", date.timeIntervalSince1970)
    }

    /// Bytes as lowercase hex (`decode(…, 'hex')` on the server).
    mutating func addHex<Bytes: Sequence<UInt8>>(_ key: String, _ bytes: Bytes) {
        self.key(key)
        text += "\""
        let digits = Array("0123456789abcdef".unicodeScalars)
        for byte in bytes {
            text.unicodeScalars.append(digits[Int(byte >> 4)])
            text.unicodeScalars.append(digits[Int(byte & 0x0F)])
        }
        text += "\""
    }

    /// The finished array.
    var json: String { rows > 0 ? text + "}]" : "[]" }

    private mutating func key(_ key: String) {
        if fields > 0 { text += "," }
        fields += 1
        text += "\"\(key)\":"
    }
}
