import Foundation

/// Builds a JSON array of flat objects: how a batch of writes reaches PostgreSQL in one statement
/// (`twag_commit_writes`, `jsonb_to_recordset`). Hand-written into a byte buffer because the values
/// are few and simple (text, integers, epoch seconds, hex) and this runs for every accounting
/// request: a first version with String appends and `String(format:)` cost ≈ 17 µs per record.
///
/// PostgreSQL text cannot hold U+0000: a NUL an AP put in an attribute becomes U+FFFD rather than
/// failing the whole batch.
struct JSONRowsWriter {
    private var bytes: [UInt8] = [UInt8(ascii: "[")]
    private var rows = 0
    private var fields = 0

    init() {
        bytes.reserveCapacity(512)
    }

    /// Starts the next object; fields go into it until the next call.
    mutating func startRow() {
        if rows > 0 { bytes += [UInt8(ascii: "}"), UInt8(ascii: ",")] }
        bytes.append(UInt8(ascii: "{"))
        rows += 1
        fields = 0
    }

    mutating func add(_ key: String, _ value: String?) {
        guard var text = value else { return }
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            // Most attributes need no escaping: one copy.
            if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0: bytes += [0xEF, 0xBF, 0xBD]  // U+FFFD
                case ..<0x20:
                    bytes += Array("\\u00".utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func add<I: BinaryInteger>(_ key: String, _ value: I?) {
        guard let value else { return }
        self.key(key)
        appendDecimal(Int64(clamping: value))
    }

    /// Seconds since 1970 with the microseconds PostgreSQL keeps.
    mutating func add(_ key: String, _ date: Date?) {
        guard let date else { return }
        self.key(key)
        let scaled = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let micros = Int64(exactly: scaled) ?? (scaled < 0 ? Int64.min + 1 : Int64.max)
        if micros < 0 { bytes.append(UInt8(ascii: "-")) }
        let (seconds, fraction) = Int64(clamping: micros.magnitude).quotientAndRemainder(dividingBy: 1_000_000)
        appendDecimal(seconds)
        bytes.append(UInt8(ascii: "."))
        var divisor: Int64 = 100_000
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / divisor % 10))
            divisor /= 10
        }
    }

    /// Bytes as lowercase hex (`decode(…, 'hex')` on the server).
    mutating func addHex<Bytes: Sequence<UInt8>>(_ key: String, _ data: Bytes) {
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        for byte in data {
            bytes.append(Self.hexDigits[Int(byte >> 4)])
            bytes.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// The finished array.
    var json: String {
        guard rows > 0 else { return "[]" }
        return String(decoding: bytes + [UInt8(ascii: "}"), UInt8(ascii: "]")], as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func key(_ key: String) {
        if fields > 0 { bytes.append(UInt8(ascii: ",")) }
        fields += 1
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: key.utf8)
        bytes += [UInt8(ascii: "\""), UInt8(ascii: ":")]
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }
}
