import CSQLite
import Foundation

/// SQLITE_TRANSIENT: tells SQLite to copy bound text and blobs.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A SQLite connection with just what the catalog needs; closes in deinit.
final class SQLiteDatabase {
    private let handle: OpaquePointer
    let path: String
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating if needed) for reading and writing, or an existing file read-only.
    init(path: String, readOnly: Bool = false) throws(IndexError) {
        var db: OpaquePointer? = nil
        let mode = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        let status = sqlite3_open_v2(path, &db, mode | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let db else {
            let detail = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db)
            throw .catalog(path: path, detail: detail)
        }
        handle = db
        self.path = path
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(handle)
    }

    /// For an I/O error, SQLite's extended code and the system's reason (`; disk full`), else "".
    private var errnoNote: String {
        let code = sqlite3_extended_errcode(handle)
        guard code & 0xFF == SQLITE_IOERR || code & 0xFF == SQLITE_FULL else { return "" }
        let system = sqlite3_system_errno(handle)
        return " (code \(code)" + (system != 0 ? ", \(String(cString: strerror(system)))" : "") + ")"
    }

    private func failure(_ context: String) -> IndexError {
        .catalog(path: path, detail: "\(context): \(String(cString: sqlite3_errmsg(handle)))\(errnoNote)")
    }

    /// Runs one or more statements that take no parameters.
    func execute(_ sql: String) throws(IndexError) {
        var message: UnsafeMutablePointer<CChar>? = nil
        if sqlite3_exec(handle, sql, nil, nil, &message) != SQLITE_OK {
            let detail = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw .catalog(path: path, detail: "\(detail)\(errnoNote) in: \(sql.prefix(80))")
        }
    }

    /// A bindable value.
    enum Value {
        case int(Int64)
        case real(Double)
        case text(String)
        case blob(Data)
        case null
    }

    /// Runs a statement with parameters, calling `row` for each result row.
    func query(_ sql: String, _ parameters: [Value] = [], row: (Row) throws(IndexError) -> Void = { _ in })
        throws(IndexError)
    {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .int(let number): sqlite3_bind_int64(statement, position, number)
            case .real(let number): sqlite3_bind_double(statement, position, number)
            case .text(let text): sqlite3_bind_text(statement, position, text, -1, transient)
            case .blob(let data):
                data.withUnsafeBytes { raw in
                    _ = sqlite3_bind_blob(statement, position, raw.baseAddress, Int32(raw.count), transient)
                }
            case .null: sqlite3_bind_null(statement, position)
            }
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(String(sql.prefix(80))) }
            try row(Row(statement: statement))
        }
    }

    /// Whether any row was inserted, updated or deleted through this connection since it opened
    /// (`sqlite3_total_changes`; an `INSERT OR IGNORE` that ignored changes nothing).
    var hasChangedRows: Bool { sqlite3_total_changes64(handle) > 0 }

    /// Whether commits are relaxed (`transaction(durable: false)`): no `fsync`, no checkpoint.
    private var relaxed = false

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws.
    ///
    /// With `durable: false` the commit is cheap and not durable: SQLite calls no `fsync`
    /// (`synchronous=OFF`), and neither an automatic checkpoint nor the connection's close copies
    /// the write-ahead log into the database file (`SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE`). A power
    /// loss can drop such a commit whole (the log's checksums end it at the last complete one), but
    /// cannot tear the database file, which only a later synced checkpoint writes. The next durable
    /// transaction on the connection restores `synchronous=NORMAL` and the checkpoints first.
    func transaction<T>(durable: Bool = true, _ body: () throws(IndexError) -> T) throws(IndexError) -> T {
        if durable == relaxed {
            guard quarry_sqlite3_checkpoint_on_close(handle, durable ? 1 : 0) == SQLITE_OK else {
                throw .catalog(path: path, detail: "cannot set whether the write-ahead log is checkpointed on close")
            }
            try execute(
                durable
                    ? "PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=1000;"
                    : "PRAGMA wal_autocheckpoint=0; PRAGMA synchronous=OFF;")
            relaxed = !durable
        }
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    private func prepared(_ sql: String) throws(IndexError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer? = nil
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw failure("prepare \(sql.prefix(80))")
        }
        statements[sql] = statement
        return statement
    }

    /// A result row; columns are read by index.
    struct Row {
        let statement: OpaquePointer

        func int(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
        func real(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }
        func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
        func text(_ column: Int32) -> String {
            guard let bytes = sqlite3_column_text(statement, column) else { return "" }
            return String(cString: bytes)
        }
        func blob(_ column: Int32) -> Data {
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return Data() }
            return Data(bytes: bytes, count: count)
        }
    }
}
