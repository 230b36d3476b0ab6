import GRDB
import GRDBSQLite

/// A cached statement of the writer's hot path with its parameters bound straight into SQLite.
///
/// GRDB's `StatementArguments` box every value in an existential, then bind it again through nested
/// closures: about half of the CPU of an accounting record's statements in `twag-bench store` (perf).
/// Here each value goes to `sqlite3_bind_*` once (SQLite copies text and blobs). Only for statements
/// run inside a transaction GRDB opened on a connection no transaction observer watches (the session
/// writer's): GRDB's per-statement observation bookkeeping is not run.
struct BoundStatement {
    private let statement: Statement
    private let handle: SQLiteStatement
    private var parameter: Int32 = 0

    init(_ statement: Statement) {
        self.statement = statement
        handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// SQLITE_TRANSIENT: SQLite takes its own copy before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ value: String?) {
        parameter += 1
        guard var value else { sqlite3_bind_null(handle, parameter); return }
        let (handle, parameter) = (handle, parameter)
        _ = value.withUTF8 { text in
            // An empty buffer may have no address, which SQLite would bind as NULL.
            if let base = text.baseAddress {
                sqlite3_bind_text(handle, parameter, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                  Int32(text.count), Self.transient)
            } else {
                sqlite3_bind_text(handle, parameter, "", 0, Self.transient)
            }
        }
    }

    mutating func bind(_ value: Int64?) {
        parameter += 1
        if let value { sqlite3_bind_int64(handle, parameter, value) } else { sqlite3_bind_null(handle, parameter) }
    }

    mutating func bind(_ value: StoredTimestamp) {
        bind(StoredTimestamp.text(value.date))
    }

    mutating func bind(blob value: [UInt8]) {
        parameter += 1
        let (handle, parameter) = (handle, parameter)
        _ = value.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress {
                sqlite3_bind_blob(handle, parameter, base, Int32(bytes.count), Self.transient)
            } else {
                sqlite3_bind_zeroblob(handle, parameter, 0)
            }
        }
    }

    /// Runs the statement to completion.
    func execute(in db: Database) throws {
        try checkBindings()
        defer { sqlite3_reset(handle) }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: continue
            case let code: throw failure(code, in: db)
            }
        }
    }

    /// The first column of the first row as an integer; nil without a row or for NULL.
    func fetchInt64(in db: Database) throws -> Int64? {
        try fetchFirst(in: db) { $0.int64(0) } ?? nil
    }

    /// The first row read by `read` (its columns by index, from 0); nil without a row.
    func fetchFirst<T>(in db: Database, _ read: (Columns) -> T) throws -> T? {
        try checkBindings()
        defer { sqlite3_reset(handle) }
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return read(Columns(handle: handle))
        case SQLITE_DONE: return nil
        case let code: throw failure(code, in: db)
        }
    }

    /// The current row's columns (valid inside ``fetchFirst(in:_:)`` only).
    struct Columns {
        fileprivate let handle: SQLiteStatement

        func int64(_ column: Int32) -> Int64? {
            sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
        }
    }

    /// A parameter left unbound would run as NULL: a programming error, refused like GRDB does.
    private func checkBindings() throws {
        let expected = sqlite3_bind_parameter_count(handle)
        guard parameter == expected else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE,
                                message: "wrong number of statement arguments: \(parameter) of \(expected)",
                                sql: statement.sql)
        }
    }

    private func failure(_ code: Int32, in db: Database) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }
}
