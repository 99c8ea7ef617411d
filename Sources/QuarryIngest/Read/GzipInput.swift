import CZlibSys
import QuarryModel

/// A gzip file decompressed as it is read, through zlib's `gzread`; closed when released.
///
/// Nothing is unpacked to disk and only zlib's own buffers and the caller's chunk are in memory.
/// zlib reads a file without the gzip magic bytes "transparently" (as is), so the magic is
/// checked on open. `gzread` reports a damaged stream (bad data, bad checksum) as an error, but a
/// truncated one only as an early end: the error state is therefore checked at the end as well.
final class GzipInput: ByteSource {
    let path: String
    private let file: gzFile

    /// Opens `path` and checks that it holds gzip data.
    init(path: String) throws(ParseFailure) {
        // A FileInput first, to refuse what is not a regular file and report open errors uniformly.
        let plain = try FileInput(path: path)
        guard plain.size > 0 else { throw ParseFailure(path: path, reason: "corrupt gzip file (empty)") }
        guard let file = gzopen(path, "rb") else {
            throw ParseFailure(path: path, reason: "cannot open file (\(SystemError.last))")
        }
        self.path = path
        self.file = file
        gzbuffer(file, 1 << 17)
        guard gzdirect(file) == 0 else {
            throw ParseFailure(path: path, reason: "corrupt gzip file (no gzip header)")
        }
    }

    /// Closes the zlib stream and its file.
    deinit { gzclose(file) }

    /// Decompresses the next bytes; a damaged or truncated stream throws a failure with zlib's reason.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int {
        guard buffer.count > 0 else { return 0 }
        let count = gzread(file, buffer.baseAddress, UInt32(min(buffer.count, Int(Int32.max))))
        if count > 0 { return Int(count) }
        var code: Int32 = Z_OK
        let message = gzerror(file, &code).map { String(cString: $0) } ?? ""
        if count < 0 || code != Z_OK {
            if code == Z_ERRNO {
                throw ParseFailure(path: path, reason: "cannot read file (\(SystemError.last))")
            }
            throw ParseFailure(
                path: path, reason: "corrupt gzip file (\(message.isEmpty ? "zlib error \(code)" : message))")
        }
        return 0
    }
}

/// File names of compressed files.
enum Gzip {
    /// `x.jsonl.gz` → `x.jsonl`: the name of what the file holds (`x.gz` → `x`).
    static func innerName(_ name: String) -> String {
        guard name.lowercased().hasSuffix(".gz") else { return name }
        return String(name.dropLast(3))
    }

    /// Whether bytes start with the gzip magic number.
    static func hasMagic<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.starts(with: [0x1F, 0x8B])
    }
}
