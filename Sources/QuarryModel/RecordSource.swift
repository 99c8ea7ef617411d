/// A file found by the crawler, with what incremental indexing compares (`FileChange` in QuarryIndex):
/// size, modification and status-change times, and the file's identity on disk.
public struct SourceFile: Hashable, Sendable {
    /// Absolute, standardised path (symbolic links are not resolved: the path it was found under).
    public var path: String
    public var size: Int64
    /// Modification time in nanoseconds since 1970.
    public var mtimeNanos: Int64
    /// Status-change time (ctime) in nanoseconds since 1970: a rename, a replace, `chmod` or a
    /// write moves it, and no program can set it back (unlike the mtime, which `touch -d` sets).
    public var ctimeNanos: Int64
    /// The device and inode number: a file replaced by another (`mv B A`) has another inode.
    public var device: UInt64
    public var inode: UInt64

    public init(
        path: String, size: Int64, mtimeNanos: Int64, ctimeNanos: Int64 = 0, device: UInt64 = 0, inode: UInt64 = 0
    ) {
        self.path = path
        self.size = size
        self.mtimeNanos = mtimeNanos
        self.ctimeNanos = ctimeNanos
        self.device = device
        self.inode = inode
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
    /// Reads the file once as `read(_:)` does, but hands its records to `part` as they are parsed,
    /// `partSize` records at a time (with the problems found so far), when its format streams
    /// (JSON Lines, plain or in a `.gz`); the reading's `ParsedFile` holds what is left after the
    /// last part. So a file of any number of records is never held whole. `part` returns false to
    /// stop the reading: it then fails ("reading stopped") without hashing the rest of the file.
    func read(_ file: SourceFile, partSize: Int, part: (ParsedFile) -> Bool) -> FileReading
    /// The hash of the file's content alone, as `read` would give it; nil when it cannot be read.
    func contentHash(of file: SourceFile) -> String?
}

extension RecordSource {
    /// The hash through a whole `read`, for sources with no cheaper way.
    public func contentHash(of file: SourceFile) -> String? { read(file).contentHash }
    /// The whole reading at once, for sources that do not stream: no part is handed over.
    public func read(_ file: SourceFile, partSize: Int, part: (ParsedFile) -> Bool) -> FileReading { read(file) }
}

/// What one read of a file gave: the records (or why there are none) and the content hash.
public struct FileReading: Sendable {
    /// `Fingerprint.hex` (FNV-1a, 64 bits) of every byte of the file, read to its end even when the
    /// parse failed early; nil when the file could not be read to its end (the parse failed too).
    public var contentHash: String?
    /// The records, or the failure naming the file.
    public var parsed: Result<ParsedFile, ParseFailure>
    /// True when the file was not there any more when it was opened (deleted or renamed since
    /// the crawl saw it): the indexer treats it as gone, not as a failure.
    public var vanished: Bool

    public init(contentHash: String?, parsed: Result<ParsedFile, ParseFailure>, vanished: Bool = false) {
        self.contentHash = contentHash
        self.parsed = parsed
        self.vanished = vanished
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
