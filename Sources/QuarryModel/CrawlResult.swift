/// What a walk of the indexed folders found: the files to index, and every entry it could not
/// or would not index, each with its path and reason.
///
/// The two kinds of trouble differ in what they do to the index. An *unreachable* path (a root
/// that is not there, a folder that cannot be read, a symbolic link whose target is missing) may
/// come back (a drive that is not mounted, a share that is down): the files the index holds from
/// under it are kept, and only `quarry forget` or `quarry index --prune` removes them. A
/// *skipped* entry (a named pipe, a device, a symbolic link loop, a name that is not UTF-8)
/// never holds indexable text. Both are reported on every run and make its exit status 1.
public struct CrawlResult: Sendable {
    /// Files to index, sorted by path; absolute standardised paths with what `stat` said of them.
    public var files: [SourceFile]
    /// Paths that could not be walked or read: missing roots, unreadable folders, broken symbolic
    /// links (all of them also in `unreachable`), and symbolic link loops.
    public var problems: [ParseFailure]
    /// Entries that are not files to index: named pipes, sockets and devices, names that are not
    /// valid UTF-8, paths longer than the system allows.
    public var skipped: [ParseFailure]
    /// Paths whose content could not be seen: the index keeps what it holds from under them.
    public var unreachable: [String]

    /// A result with the given files and trouble.
    public init(
        files: [SourceFile] = [], problems: [ParseFailure] = [], skipped: [ParseFailure] = [],
        unreachable: [String] = []
    ) {
        self.files = files
        self.problems = problems
        self.skipped = skipped
        self.unreachable = unreachable
    }

    /// True when `path` is an unreachable path or lies below one.
    public func isUnreachable(_ path: String) -> Bool {
        unreachable.contains { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }
}
