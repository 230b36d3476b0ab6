import Foundation

/// The one JSON form of the status documents (ISO 8601 dates, snake_case keys), so every reader
/// (twag-admin, `twag`, tests) decodes what every service encodes.
public enum StatusJSON {
    public static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        Array(try encoder().encode(value))
    }

    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try decoder().decode(type, from: Data(bytes))
    }

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.text(date))
        }
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.date(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time: \(text)")
            }
            return date
        }
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

/// RFC 3339 times with milliseconds, UTC ("2026-12-04T05:16:35.123Z"). Reading is strict: Foundation's
/// parser rolls impossible fields over (February 30th, 25:00) and ignores trailing text, so the text
/// must have the RFC 3339 shape and its date and time must read back unchanged.
public enum Timestamp {
    public static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    public static func date(_ text: String) -> Date? {
        guard let offset = rfc3339Offset(text) else { return nil }
        let parsed = (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
        guard let parsed else { return nil }
        // The calendar fields as written must be the ones parsed (no rollover).
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(secondsFromGMT: offset) ?? .gmt
        let echoed = parsed.formatted(style)
        return echoed.prefix(19) == text.prefix(19) ? parsed : nil
    }

    /// The offset in seconds when `text` is `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, else nil.
    static func rfc3339Offset(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < bytes.count && (48...57).contains(bytes[$0]) } }
        guard bytes.count >= 20, bytes.count <= 40, digits(0..<4), bytes[4] == 45, digits(5..<7), bytes[7] == 45, digits(8..<10),
            bytes[10] == 84, digits(11..<13), bytes[13] == 58, digits(14..<16), bytes[16] == 58, digits(17..<19)
        else { return nil }
        var index = 19
        if bytes[index] == 46 {
            index += 1
            let start = index
            while index < bytes.count, (48...57).contains(bytes[index]) { index += 1 }
            guard (1...9).contains(index - start) else { return nil }
        }
        guard index < bytes.count else { return nil }
        if bytes[index] == 90 { return index + 1 == bytes.count ? 0 : nil }
        guard bytes[index] == 43 || bytes[index] == 45, index + 6 == bytes.count, digits(index + 1..<index + 3),
            bytes[index + 3] == 58, digits(index + 4..<index + 6),
            let hours = Int(String(decoding: bytes[index + 1..<index + 3], as: UTF8.self)),
            let minutes = Int(String(decoding: bytes[index + 4..<index + 6], as: UTF8.self)), hours < 24, minutes < 60
        else { return nil }
        return (bytes[index] == 45 ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
