import QuarryModel

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
    enum Kind: Equatable {
        case directory, regular
        /// Anything else, named as users know it ("named pipe", "character device").
        case other(String)
    }

    let id: FileID
    let kind: Kind
    let size: Int64
    let mtimeNanos: Int64
    let ctimeNanos: Int64

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
        case S_IFIFO: kind = .other("named pipe")
        case S_IFSOCK: kind = .other("socket")
        case S_IFCHR: kind = .other("character device")
        case S_IFBLK: kind = .other("block device")
        default: kind = .other("special file")
        }
        size = Int64(info.st_size)
        #if canImport(Darwin)
            let modified = info.st_mtimespec
            let changed = info.st_ctimespec
        #else
            let modified = info.st_mtim
            let changed = info.st_ctim
        #endif
        mtimeNanos = Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec)
        ctimeNanos = Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec)
    }

    /// The file as the indexer sees it, found at `path`.
    func sourceFile(at path: String) -> SourceFile {
        SourceFile(
            path: path, size: size, mtimeNanos: mtimeNanos, ctimeNanos: ctimeNanos, device: id.device,
            inode: id.inode)
    }
}
