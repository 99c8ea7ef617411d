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
///
/// Files are read by the source, never by the indexer: `read` parses the bytes and hashes them as
/// they pass, and hands the hash over with the records; `contentHash(of:)` only hashes, for a file
/// whose stat says only its modification time moved (most likely untouched, so not worth parsing).
public protocol RecordSource: Sendable {
    /// Reads the file once: its records, or the failure naming it, and the hash of its content.
    func read(_ file: SourceFile) -> FileReading
    /// The hash of the file's content alone, as `read` would give it; nil when it cannot be read.
    func contentHash(of file: SourceFile) -> String?
}

extension RecordSource {
    /// The hash through a whole `read`, for sources with no cheaper way.
    public func contentHash(of file: SourceFile) -> String? { read(file).contentHash }
}

/// What one read of a file gave: the records (or why there are none) and the content hash.
public struct FileReading: Sendable {
    /// `Fingerprint.hex` (FNV-1a, 64 bits) of every byte of the file, read to its end even when the
    /// parse failed early; nil when the file could not be read to its end (the parse failed too).
    public var contentHash: String?
    /// The records, or the failure naming the file.
    public var parsed: Result<ParsedFile, ParseFailure>

    public init(contentHash: String?, parsed: Result<ParsedFile, ParseFailure>) {
        self.contentHash = contentHash
        self.parsed = parsed
    }
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
