import Foundation
import GRDB

/// A Date bound as GRDB stores dates ("YYYY-MM-DD HH:MM:SS.SSS", UTC), formatted with integer
/// arithmetic: GRDB's own Date binding goes through a DateFormatter, which profiles showed at 5 % of
/// radius-frontend's CPU on the accounting path. Reads stay GRDB's (same text, same column type).
struct StoredTimestamp: DatabaseValueConvertible {
    let date: Date

    init(_ date: Date) {
        self.date = date
    }

    var databaseValue: DatabaseValue { Self.text(date).databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredTimestamp? {
        Date.fromDatabaseValue(dbValue).map(StoredTimestamp.init)
    }

    /// "2026-12-04 05:16:35.123": milliseconds rounded to the nearest, as GRDB's formatter does.
    static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, dayMilliseconds) = floorDivision(milliseconds, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = dayMilliseconds / 1000
        var out = [UInt8]()
        out.reserveCapacity(23)
        func put(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(48 + rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        put(year, digits: 4)
        out.append(45)
        put(month, digits: 2)
        out.append(45)
        put(day, digits: 2)
        out.append(32)
        put(seconds / 3600, digits: 2)
        out.append(58)
        put(seconds % 3600 / 60, digits: 2)
        out.append(58)
        put(seconds % 60, digits: 2)
        out.append(46)
        put(dayMilliseconds % 1000, digits: 3)
        return String(decoding: out, as: UTF8.self)
    }

    private static func floorDivision(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b
        let r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    private static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
