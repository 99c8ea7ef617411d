/// A file found by the crawler, with what incremental indexing compares.
public struct SourceFile: Hashable, Sendable {
    /// Absolute, standardised path.
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var mtimeNanos: Int64

    public init(path: String, size: Int64, mtimeNanos: Int64) {
        self.path = path
        self.size = size
        self.mtimeNanos = mtimeNanos
    }
}

/// Why a file yielded no records: names the file and, when known, the line.
public struct ParseFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var reason: String

    public init(path: String, line: Int? = nil, reason: String) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        if let line { return "\(path):\(line): \(reason)" }
        return "\(path): \(reason)"
    }
}

/// Turns one file into records: the seam between ingest (which implements it) and index (which calls it).
public protocol RecordSource: Sendable {
    /// Reads and parses the file; a file that cannot be read or parsed throws a failure naming it.
    func records(in file: SourceFile) throws(ParseFailure) -> ParsedFile
}

/// The records of one file, the name of the format that produced them, and the parts
/// that could not be parsed while the rest could (a malformed line of a JSON Lines dump).
public struct ParsedFile: Sendable {
    public var format: String
    public var records: [Record]
    /// Problems inside the file that did not stop it from being indexed.
    public var problems: [ParseFailure]

    public init(format: String, records: [Record], problems: [ParseFailure] = []) {
        self.format = format
        self.records = records
        self.problems = problems
    }
}
