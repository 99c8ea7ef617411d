import Foundation

/// Everything that can go wrong in the index layer, each naming the path or operation.
public enum IndexError: LocalizedError, Equatable, Sendable {
    /// No index at the path (no catalog or no Xapian database).
    case missingIndex(path: String)
    /// Another process holds the write lock.
    case locked(path: String, detail: String)
    /// The Xapian database is damaged.
    case corrupt(path: String, detail: String)
    /// A Xapian call failed; `operation` says which.
    case xapian(operation: String, detail: String)
    /// A SQLite call failed on the catalog.
    case catalog(path: String, detail: String)
    /// The index was made by an incompatible version.
    case incompatible(path: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .missingIndex(let path):
            return "no index at \(path): create one with `quarry index DIR --index \(path)`"
        case .locked(let path, let detail):
            return "the index at \(path) is locked by another writer (is a `quarry index` running?): \(detail)"
        case .corrupt(let path, let detail):
            return "the index at \(path) is damaged (\(detail)); delete the folder and run `quarry index` again"
        case .xapian(let operation, let detail):
            return "xapian \(operation) failed: \(detail)"
        case .catalog(let path, let detail):
            return "catalog \(path): \(detail)"
        case .incompatible(let path, let detail):
            return "the index at \(path) is incompatible: \(detail)"
        }
    }
}
