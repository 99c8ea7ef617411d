import QuarryModel

/// Bytes read in chunks from somewhere: a file, or a gzip stream being decompressed.
protocol ByteSource {
    /// Fills the start of `buffer`; returns how many bytes were read, 0 at the end of the data.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int
}

extension ByteSource {
    /// `read(into:)` as a result, for closures that cannot throw a typed error.
    func readCatching(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, ParseFailure> {
        do throws(ParseFailure) {
            return .success(try read(into: buffer))
        } catch {
            return .failure(error)
        }
    }

    /// Everything left in the source.
    func readAll(sizeHint: Int = 0) throws(ParseFailure) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sizeHint)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in readCatching(into: buffer) }.get()
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// The first `count` bytes (fewer when the source ends before).
    func readPrefix(_ count: Int) throws(ParseFailure) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let start = filled
            let read = try bytes.withUnsafeMutableBytes { raw in
                readCatching(into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]))
            }.get()
            if read == 0 { break }
            filled += read
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
