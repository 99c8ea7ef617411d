import Foundation

/// Everything that can stop an evaluation, each naming the file, line or query concerned.
public enum EvalError: LocalizedError, Equatable, Sendable {
    /// A collection file is not where it should be.
    case missingFile(path: String)
    /// A collection file exists but cannot be read.
    case unreadable(path: String, detail: String)
    /// A line of a judgments or queries file does not have the expected shape.
    case malformedLine(path: String, line: Int, detail: String)
    /// The documents file holds no `.I` record.
    case noDocuments(path: String)
    /// Building the temporary (or kept) index failed.
    case indexing(path: String, detail: String)
    /// Running one query failed.
    case searching(collection: String, query: String, detail: String)
    /// The run file cannot be written.
    case runFile(path: String, detail: String)

    public var errorDescription: String? {
        switch self {
        case .missingFile(let path):
            return "\(path): no such file"
        case .unreadable(let path, let detail):
            return "\(path): cannot read: \(detail)"
        case .malformedLine(let path, let line, let detail):
            return "\(path):\(line): \(detail)"
        case .noDocuments(let path):
            return "\(path): no `.I` record found"
        case .indexing(let path, let detail):
            return "indexing into \(path) failed: \(detail)"
        case .searching(let collection, let query, let detail):
            return "\(collection) query \(query) failed: \(detail)"
        case .runFile(let path, let detail):
            return "\(path): cannot write the run file: \(detail)"
        }
    }
}
