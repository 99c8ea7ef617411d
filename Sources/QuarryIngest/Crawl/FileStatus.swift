#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file's identity on disk: the same for every path (or symbolic link) that reaches it.
struct FileID: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64
}

/// An `errno` value, shown as the system's message in lower case ("no such file or directory").
struct SystemError: Error, CustomStringConvertible {
    let code: Int32

    /// The error of the last failed system call.
    static var last: SystemError { SystemError(code: errno) }

    var description: String { String(cString: strerror(code)).lowercased() }
}

/// What `stat()` says about a path, following symbolic links.
struct FileStatus {
    enum Kind { case directory, regular, other }

    let id: FileID
    let kind: Kind
    let size: Int64
    let mtimeNanos: Int64

    /// Stats `path`, following symbolic links.
    static func of(_ path: String) -> Result<FileStatus, SystemError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.last) }
        return .success(FileStatus(info))
    }

    /// Whether `path` itself is a symbolic link (not followed).
    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFLNK
    }

    init(_ info: stat) {
        id = FileID(
            device: UInt64(truncatingIfNeeded: info.st_dev),
            inode: UInt64(truncatingIfNeeded: info.st_ino))
        switch info.st_mode & S_IFMT {
        case S_IFDIR: kind = .directory
        case S_IFREG: kind = .regular
        default: kind = .other
        }
        size = Int64(info.st_size)
        #if canImport(Darwin)
            let time = info.st_mtimespec
        #else
            let time = info.st_mtim
        #endif
        mtimeNanos = Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
