import Foundation
import QuarryAnalysis

/// Everything that can go wrong in the index layer, each naming the path or operation.
public enum IndexError: LocalizedError, Equatable, Sendable {
    /// No index at the path (no catalog or no Xapian database).
    case missingIndex(path: String)
    /// Another process holds the write lock (Xapian's, when it is not a `quarry` that took `IndexLock`).
    case locked(path: String, detail: String)
    /// Another `quarry` process is changing the index (`IndexLock`): who, since when.
    case busy(path: String, holder: IndexLock.Holder)
    /// The Xapian database is damaged.
    case corrupt(path: String, detail: String)
    /// A writer kept changing the database while a read was retried (`QX_READ_ATTEMPTS` times).
    case modified(path: String, detail: String)
    /// Xapian refused an argument (a bad query, a handle that is not there); `operation` says which call.
    case invalidArgument(operation: String, detail: String)
    /// Any other Xapian failure; `operation` says which call.
    case xapian(operation: String, detail: String)
    /// A SQLite call failed on the catalog.
    case catalog(path: String, detail: String)
    /// The Xapian database was written by another version of Quarry (schema or analyzer):
    /// `quarry index --rebuild` makes it current from the catalog.
    case incompatible(path: String, detail: String)
    /// The catalog has another layout version than this Quarry reads: the index must be made anew.
    case incompatibleCatalog(path: String, found: Int, expected: Int)
    /// The analyzer could not be made.
    case analyzer(AnalysisError)
    /// A record or an item could not be turned into JSON, or stored JSON back into one;
    /// `what` names it (`item p1c2…`, `a record of /path/file.txt`).
    case storedData(what: String, detail: String)

    /// Whether the error says a database cannot be read because its files are damaged (Xapian's
    /// `DatabaseCorruptError`, or a `DatabaseError` such as "EOF reading block 93"), rather than
    /// that it is locked, missing, of another version, or refused an argument.
    public var isDamage: Bool {
        switch self {
        case .corrupt: return true
        case .xapian(_, let detail): return detail.hasPrefix("DatabaseError:")
        default: return false
        }
    }

    /// The command's exit status for this error (sysexits): 66 no index (EX_NOINPUT), 65 an index
    /// of another version (EX_DATAERR), 75 another writer at work (EX_TEMPFAIL), 74 the index's
    /// files could not be read or written (EX_IOERR), 1 anything else — the status of a run in
    /// which some files failed, which these errors must not be mistaken for.
    public var exitCode: Int32 {
        switch self {
        case .missingIndex: return 66
        case .incompatible, .incompatibleCatalog: return 65
        case .busy, .locked: return 75
        case .corrupt, .modified, .xapian, .catalog, .storedData: return 74
        case .invalidArgument, .analyzer: return 1
        }
    }

    public var errorDescription: String? {
        switch self {
        case .missingIndex(let path):
            return "no index at \(path): create one with `quarry index DIR --index \(path)`"
        case .busy(let path, let holder):
            return "the index at \(path) is being updated by \(holder.description); "
                + "try again when it is done, or use --wait"
        case .locked(let path, let detail):
            return "the index at \(path) is locked by another writer (is a `quarry index` running?): \(detail)"
        case .corrupt(let path, let detail):
            return "the index at \(path) is damaged (\(detail)); delete the folder and run `quarry index` again"
        case .modified(let path, let detail):
            return "the index at \(path) kept changing while it was read (\(detail)); try again"
        case .invalidArgument(let operation, let detail):
            return "xapian \(operation) refused its argument: \(detail)"
        case .xapian(let operation, let detail):
            return "xapian \(operation) failed: \(detail)"
        case .catalog(let path, let detail):
            return "catalog \(path): \(detail)"
        case .incompatible(let path, let detail):
            return "the index at \(path) was written by another version of quarry (\(detail)): "
                + "run `quarry index --rebuild --index \(path)`"
        case .incompatibleCatalog(let path, let found, let expected):
            return "the catalog \(path) has layout version \(found), this quarry reads \(expected): "
                + "delete the index folder and run `quarry index DIR` again"
        case .analyzer(let error):
            return error.description
        case .storedData(let what, let detail):
            return "\(what): \(detail)"
        }
    }
}
