import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A regular file opened for reading, hashed as it is read; closed when the value is released.
///
/// Every byte `read(into:)` hands out, directly or through a `GzipInput` or `LineReader`, goes
/// through the content hash, so one pass over the file gives both its records and the hash the
/// indexer compares with the catalog. `contentHash()` reads what the parser left unread.
final class FileInput: ByteSource {
    let path: String
    /// The size `fstat` reported when the file was opened.
    let size: Int
    private let descriptor: Int32
    private var fingerprint = Fingerprint()
    /// Called after each read with the bytes read so far (for a progress bar).
    var onRead: ((Int64) -> Void)?
    private var consumed: Int64 = 0

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

    /// Reads (and hashes) the next bytes of the file, retrying when a signal interrupts.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                fingerprint.update(buffer: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                consumed += Int64(count)
                onRead?(consumed)
                return count
            }
            if errno == EINTR { continue }
            throw ParseFailure(path: path, reason: "cannot read file (\(SystemError.last))")
        }
    }

    /// The content hash of the whole file (`Fingerprint.hex`), once the rest of it is read.
    func contentHash() throws(ParseFailure) -> String {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while try chunk.withUnsafeMutableBytes({ buffer in readCatching(into: buffer) }).get() > 0 {}
        return fingerprint.hex
    }
}

/// `read(2)`, named apart from `ByteSource.read(into:)`.
private func systemRead(_ descriptor: Int32, _ address: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, address, count)
}
