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
struct Walk {
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
        /// The name's bytes when they are not UTF-8 (for `escaped`); empty otherwise.
        var invalidBytes: [UInt8]
        var isHidden: Bool
        /// Whether the entry is a symbolic link, from the folder listing's entry type; nil when
        /// the file system does not tell (`DT_UNKNOWN`: ask `lstat`).
        var isSymbolicLink: Bool?

        init(_ bytes: UnsafeBufferPointer<UInt8>, type: UInt8) {
            // ASCII (most names) is valid UTF-8 as it is: `String(decoding:)` takes it without the
            // generic validation.
            name =
                ByteText.isASCII(bytes)
                ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
            invalidBytes = name == nil ? Array(bytes) : []
            isHidden = bytes.first == UInt8(ascii: ".")
            isSymbolicLink = type == UInt8(DT_UNKNOWN) ? nil : type == UInt8(DT_LNK)
        }

        /// The name with every byte that is not UTF-8 shown as `\xFF`.
        var escaped: String {
            if let name { return name }
            var text = ""
            var rest = invalidBytes[...]
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

    /// The entries of a folder (without `.` and `..`), sorted by their bytes so walks are
    /// repeatable. The names are gathered in one buffer and sorted as spans of it, so a name costs
    /// no allocation of its own (most fit a small string).
    static func entries(of path: String) -> Result<[Name], SystemError> {
        guard let folder = opendir(path) else { return .failure(.last) }
        defer { closedir(folder) }
        var buffer: [UInt8] = []
        var spans: [Span] = []
        while true {
            errno = 0
            guard let entry = readdir(folder) else {
                // readdir returns NULL at the end, and on an error with errno set (EIO on a dying disk).
                if errno != 0 { return .failure(.last) }
                break
            }
            let start = buffer.count
            withUnsafeBytes(of: entry.pointee.d_name) { raw in
                buffer.append(contentsOf: raw.prefix { $0 != 0 })
            }
            let count = buffer.count - start
            let dot = UInt8(ascii: ".")
            if count == 0 || buffer[start] == dot && (count == 1 || (count == 2 && buffer[start + 1] == dot)) {
                buffer.removeLast(count)
                continue
            }
            spans.append(Span(start: start, count: count, type: entry.pointee.d_type, in: buffer))
        }
        return buffer.withUnsafeBufferPointer { bytes in
            spans.sort { $0.precedes($1, in: bytes) }
            return .success(
                spans.map { Name(UnsafeBufferPointer(rebasing: bytes[$0.start..<$0.start + $0.count]), type: $0.type) })
        }
    }

    /// A name's place in the buffer of `entries(of:)`, with its first eight bytes as one big-endian
    /// number (zeros after a shorter name: no name holds a zero byte), so most comparisons of
    /// byte order are one comparison of numbers.
    struct Span {
        var start: Int
        var count: Int
        var type: UInt8
        var head: UInt64

        init(start: Int, count: Int, type: UInt8, in buffer: [UInt8]) {
            self.start = start
            self.count = count
            self.type = type
            var head: UInt64 = 0
            for offset in 0..<8 { head = head << 8 | UInt64(offset < count ? buffer[start + offset] : 0) }
            self.head = head
        }

        /// Byte order (`memcmp` order, the shorter of a name and its prefix first).
        func precedes(_ other: Span, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            if head != other.head { return head < other.head }
            guard count > 8 && other.count > 8 else { return count < other.count }
            let common = min(count, other.count) - 8
            let order = memcmp(bytes.baseAddress! + start + 8, bytes.baseAddress! + other.start + 8, common)
            return order != 0 ? order < 0 : count < other.count
        }
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
}
