import Foundation
import GRDB
import WireFormat

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
        UTCTimestampText.sql(millisecondsSince1970: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }
}
