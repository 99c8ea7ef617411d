import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A regular file opened for reading; closed when the value is released.
final class FileInput: ByteSource {
    let path: String
    /// The size `fstat` reported when the file was opened.
    let size: Int
    private let descriptor: Int32

    /// Opens `path`; anything but a regular file is refused (a FIFO must not hang the crawl).
    init(path: String) throws(ParseFailure) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw ParseFailure(path: path, reason: "cannot open file (\(SystemError.last))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let error = SystemError.last
            close(descriptor)
            throw ParseFailure(path: path, reason: "cannot read file (\(error))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw ParseFailure(path: path, reason: "not a regular file")
        }
        size = Int(info.st_size)
    }

    /// Closes the file.
    deinit { close(descriptor) }

    /// Reads the next bytes of the file, retrying when a signal interrupts.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw ParseFailure(path: path, reason: "cannot read file (\(SystemError.last))")
        }
    }
}

/// `read(2)`, named apart from `ByteSource.read(into:)`.
private func systemRead(_ descriptor: Int32, _ address: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, address, count)
}
