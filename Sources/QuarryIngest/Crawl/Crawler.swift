import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Walks folders for files to index: every regular file, whatever its type (the parser decides
/// what a file is), skipping hidden entries, excluded paths and symbolic link loops.
public struct Crawler: Sendable {
    private let excludedPaths: [String]
    private let excludedIDs: Set<FileID>

    /// A crawler that skips the given absolute paths (and everything below them) entirely.
    public init(excluding excluded: [String] = []) {
        let paths = excluded.map(Crawler.absolutePath)
        excludedPaths = paths
        // Identities too, so a symbolic link into an excluded folder is skipped as well.
        excludedIDs = Set(paths.compactMap { try? FileStatus.of($0).get().id })
    }

    /// Finds the indexable files under `roots` (folders or single files), sorted by path.
    public func walk(_ roots: [String]) -> CrawlResult {
        var walk = Walk(crawler: self)
        for root in roots {
            walk.root(Crawler.absolutePath(root))
        }
        walk.files.sort { $0.path < $1.path }
        walk.problems.sort { $0.path < $1.path }
        return CrawlResult(files: walk.files, problems: walk.problems)
    }

    /// `path` made absolute (against the working directory) with `.`, `..` and repeated slashes resolved.
    /// Symbolic links are not resolved: a file keeps the path it was found under.
    static func absolutePath(_ path: String) -> String {
        var full = path
        if !full.hasPrefix("/") {
            full = currentDirectory() + "/" + full
        }
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether the path (or the file it leads to) is excluded or lies below an excluded path.
    fileprivate func isExcluded(path: String, id: FileID?) -> Bool {
        if let id, excludedIDs.contains(id) { return true }
        return excludedPaths.contains { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
    }

    /// The working directory, or `/` when it cannot be read.
    private static func currentDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "/" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// The outcome of a walk: the files found and the paths that could not be walked.
public struct CrawlResult: Sendable {
    /// Files to index, sorted by path; absolute standardised paths, size and mtime in nanoseconds.
    public var files: [SourceFile]
    /// Unreadable folders, missing roots, symbolic link loops; each names its path.
    public var problems: [ParseFailure]

    /// A result with the given files and problems.
    public init(files: [SourceFile] = [], problems: [ParseFailure] = []) {
        self.files = files
        self.problems = problems
    }
}

/// The state of one walk.
///
/// Folders are recorded by device and inode when entered, so a folder reached twice (through
/// a symbolic link, or by overlapping roots) is walked once. When the folder a link leads to is
/// one of the folders being walked above it, the link is a loop and is reported; a folder
/// merely seen before elsewhere is skipped silently. Files are also kept once per identity.
/// In each folder real entries are walked before symbolic links, so the real path wins.
private struct Walk {
    let crawler: Crawler
    var files: [SourceFile] = []
    var problems: [ParseFailure] = []
    var visitedFolders: Set<FileID> = []
    var seenFiles: Set<FileID> = []

    /// A walk with the crawler's exclusions and nothing found yet.
    init(crawler: Crawler) {
        self.crawler = crawler
    }

    /// Walks one root: a folder, or a single file.
    mutating func root(_ path: String) {
        let status: FileStatus
        switch FileStatus.of(path) {
        case .success(let found): status = found
        case .failure(let error):
            problems.append(ParseFailure(path: path, reason: "cannot walk (\(error))"))
            return
        }
        guard !crawler.isExcluded(path: path, id: status.id) else { return }
        switch status.kind {
        case .directory:
            var ancestors: [FileID: String] = [:]
            folder(path, id: status.id, ancestors: &ancestors)
        case .regular:
            addFile(path, status)
        case .other:
            problems.append(ParseFailure(path: path, reason: "not a regular file or folder"))
        }
    }

    /// Walks a folder once; `ancestors` are the folders being walked above it (for loop detection).
    mutating func folder(_ path: String, id: FileID, ancestors: inout [FileID: String]) {
        guard visitedFolders.insert(id).inserted else { return }
        let names: [String]
        switch Walk.entries(of: path) {
        case .success(let found): names = found
        case .failure(let error):
            problems.append(ParseFailure(path: path, reason: "cannot read folder (\(error))"))
            return
        }
        ancestors[id] = path
        defer { ancestors[id] = nil }

        // Real entries before symbolic links, so a file or folder reached both ways keeps its real path.
        var plain: [String] = []
        var links: [String] = []
        for name in names where !name.hasPrefix(".") {
            let child = path == "/" ? "/" + name : path + "/" + name
            if FileStatus.isSymbolicLink(child) { links.append(child) } else { plain.append(child) }
        }
        for child in plain + links {
            let status: FileStatus
            switch FileStatus.of(child) {
            case .success(let found): status = found
            case .failure(let error):
                // Every file is indexed, so a dangling link or an entry that cannot be read is reported.
                let what = FileStatus.isSymbolicLink(child) ? "broken symbolic link" : "cannot read"
                problems.append(ParseFailure(path: child, reason: "\(what) (\(error))"))
                continue
            }
            if crawler.isExcluded(path: child, id: status.id) { continue }
            switch status.kind {
            case .directory:
                if let loopStart = ancestors[status.id] {
                    problems.append(
                        ParseFailure(path: child, reason: "symbolic link loop (leads back to \(loopStart))"))
                } else {
                    folder(child, id: status.id, ancestors: &ancestors)
                }
            case .regular:
                addFile(child, status)
            case .other:
                continue
            }
        }
    }

    /// Adds a file unless the same file was found before under another path.
    mutating func addFile(_ path: String, _ status: FileStatus) {
        guard seenFiles.insert(status.id).inserted else { return }
        files.append(SourceFile(path: path, size: status.size, mtimeNanos: status.mtimeNanos))
    }

    /// The names in a folder (without `.` and `..`), sorted so walks are repeatable.
    static func entries(of path: String) -> Result<[String], SystemError> {
        guard let folder = opendir(path) else { return .failure(.last) }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names.sorted())
    }
}
