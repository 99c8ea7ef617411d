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
    /// Each excluded path with a trailing `/`: what the paths below it start with.
    private let excludedPrefixes: [String]
    private let excludedIDs: Set<FileID>

    /// A crawler that skips the given absolute paths (and everything below them) entirely.
    public init(excluding excluded: [String] = []) {
        let paths = excluded.map(Crawler.absolutePath)
        excludedPaths = paths
        excludedPrefixes = paths.map { $0 == "/" ? "/" : $0 + "/" }
        // Identities too, so a symbolic link into an excluded folder is skipped as well.
        excludedIDs = Set(paths.compactMap { try? FileStatus.of($0).get().id })
    }

    /// Finds the indexable files under `roots` (folders or single files), sorted by path, with
    /// every path it could not walk (unreachable: the index keeps what it holds from there) and
    /// every entry it skipped, each with its reason.
    public func walk(_ roots: [String]) -> CrawlResult {
        var walk = Walk(crawler: self)
        for root in roots {
            walk.root(Crawler.absolutePath(root))
        }
        walk.files.sort { $0.path < $1.path }
        walk.problems.sort { $0.path < $1.path }
        walk.skipped.sort { $0.path < $1.path }
        return CrawlResult(
            files: walk.files, problems: walk.problems, skipped: walk.skipped, unreachable: walk.unreachable.sorted())
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
        return excludedPaths.contains(path) || excludedPrefixes.contains { path.hasPrefix($0) }
    }

    /// The working directory, or `/` when it cannot be read.
    private static func currentDirectory() -> String {
        guard let pointer = getcwd(nil, 0) else { return "/" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

/// The state of one walk.
///
/// Folders are recorded by device and inode when entered, so a folder reached twice (through
/// a symbolic link, or by overlapping roots) is walked once. When the folder a link leads to is
/// one of the folders being walked above it, the link is a loop and is reported; a folder
/// merely seen before elsewhere is skipped silently. Files are also kept once per identity.
/// In each folder real entries are walked before symbolic links, so the real path wins.
///
/// What cannot be seen is told apart from what is not there: a root that does not exist, a
/// folder that cannot be read and a symbolic link whose target is missing are *unreachable*
/// (their files may come back); an entry that vanished between listing its folder and looking
/// at it is simply gone.
private struct Walk {
    let crawler: Crawler
    var files: [SourceFile] = []
    var problems: [ParseFailure] = []
    var skipped: [ParseFailure] = []
    var unreachable: [String] = []
    var visitedFolders: Set<FileID> = []
    var seenFiles: Set<FileID> = []

    /// A walk with the crawler's exclusions and nothing found yet.
    init(crawler: Crawler) {
        self.crawler = crawler
    }

    /// Records a path whose content cannot be seen now.
    mutating func cannotReach(_ path: String, reason: String) {
        problems.append(ParseFailure(path: path, reason: reason))
        unreachable.append(path)
    }

    /// Walks one root: a folder, or a single file.
    mutating func root(_ path: String) {
        let status: FileStatus
        switch FileStatus.of(path) {
        case .success(let found): status = found
        case .failure(let error):
            cannotReach(path, reason: "cannot walk (\(error))")
            return
        }
        guard !crawler.isExcluded(path: path, id: status.id) else { return }
        switch status.kind {
        case .directory:
            var ancestors: [FileID: String] = [:]
            folder(path, id: status.id, ancestors: &ancestors)
        case .regular:
            addFile(path, status)
        case .other(let kind):
            skipped.append(ParseFailure(path: path, reason: "not a regular file or folder (\(kind))"))
        }
    }

    /// Walks a folder once; `ancestors` are the folders being walked above it (for loop detection).
    mutating func folder(_ path: String, id: FileID, ancestors: inout [FileID: String]) {
        guard visitedFolders.insert(id).inserted else { return }
        let names: [Walk.Name]
        switch Walk.entries(of: path) {
        case .success(let found): names = found
        case .failure(let error):
            cannotReach(path, reason: "cannot read folder (\(error))")
            return
        }
        ancestors[id] = path
        defer { ancestors[id] = nil }

        // Real entries before symbolic links, so a file or folder reached both ways keeps its real path.
        var plain: [String] = []
        var links: [String] = []
        for entry in names where !entry.isHidden {
            guard let name = entry.name else {
                let shown = path == "/" ? "/" + entry.escaped : path + "/" + entry.escaped
                skipped.append(ParseFailure(path: shown, reason: "the name is not valid UTF-8"))
                continue
            }
            let child = Walk.path(of: name, in: path)
            if entry.isSymbolicLink ?? FileStatus.isSymbolicLink(child) {
                links.append(child)
            } else {
                plain.append(child)
            }
        }
        for child in plain + links {
            let status: FileStatus
            switch FileStatus.of(child) {
            case .success(let found): status = found
            case .failure(let error):
                if FileStatus.isSymbolicLink(child) {
                    cannotReach(child, reason: "broken symbolic link (\(error))")
                } else if error.code == ENAMETOOLONG {
                    skipped.append(ParseFailure(path: child, reason: "the path is longer than the system allows"))
                } else if error.code != ENOENT {
                    cannotReach(child, reason: "cannot read (\(error))")
                }
                // ENOENT: deleted since the folder was listed, so it is simply not there.
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
            case .other(let kind):
                skipped.append(ParseFailure(path: child, reason: "not a regular file (\(kind))"))
            }
        }
    }

    /// Adds a file unless the same file was found before under another path.
    mutating func addFile(_ path: String, _ status: FileStatus) {
        guard seenFiles.insert(status.id).inserted else { return }
        files.append(status.sourceFile(at: path))
    }

    /// A folder entry's name: nil when its bytes are not UTF-8 (the path could not be written back).
    struct Name {
        var name: String?
        var bytes: [UInt8]
        /// Whether the entry is a symbolic link, from the folder listing's entry type; nil when
        /// the file system does not tell (`DT_UNKNOWN`: ask `lstat`).
        var isSymbolicLink: Bool?
        var isHidden: Bool { bytes.first == UInt8(ascii: ".") }
        /// The name with every byte that is not UTF-8 shown as `\xFF`.
        var escaped: String {
            var text = ""
            var rest = bytes[...]
            while !rest.isEmpty {
                var iterator = rest.makeIterator()
                var parser = Unicode.UTF8.ForwardParser()
                switch parser.parseScalar(from: &iterator) {
                case .valid(let encoded):
                    text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                    rest = rest.dropFirst(encoded.count)
                default:
                    let hex = String(rest.first!, radix: 16, uppercase: true)
                    text += "\\x" + (hex.count < 2 ? "0" : "") + hex
                    rest = rest.dropFirst()
                }
            }
            return text
        }
    }

    /// The entries of a folder (without `.` and `..`), sorted by name so walks are repeatable.
    static func entries(of path: String) -> Result<[Name], SystemError> {
        guard let folder = opendir(path) else { return .failure(.last) }
        defer { closedir(folder) }
        var names: [Name] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                // readdir returns NULL at the end, and on an error with errno set (EIO on a dying disk).
                if errno != 0 { return .failure(.last) }
                break
            }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            let type = entry.pointee.d_type
            names.append(
                Name(
                    name: String(validating: bytes, as: UTF8.self), bytes: bytes,
                    isSymbolicLink: type == UInt8(DT_UNKNOWN) ? nil : type == UInt8(DT_LNK)))
        }
        names.sort { Walk.bytesPrecede($0.bytes, $1.bytes) }
        return .success(names)
    }

    /// `folder/name` (`/name` in the root folder), built in one allocation.
    static func path(of name: String, in folder: String) -> String {
        let prefix = folder == "/" ? "" : folder
        let count = prefix.utf8.count + 1 + name.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var end = buffer.initialize(fromContentsOf: prefix.utf8)
            buffer[end] = UInt8(ascii: "/")
            end += 1
            return buffer[end...].initialize(fromContentsOf: name.utf8)
        }
    }

    /// Byte order of two names (`memcmp`, then the shorter first): the order of
    /// `lexicographicallyPrecedes`, without its element-by-element generic loop.
    static func bytesPrecede(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let common = min(a.count, b.count)
        guard common > 0 else { return a.count < b.count }
        let order = a.withUnsafeBytes { x in b.withUnsafeBytes { y in memcmp(x.baseAddress!, y.baseAddress!, common) } }
        return order != 0 ? order < 0 : a.count < b.count
    }
}
