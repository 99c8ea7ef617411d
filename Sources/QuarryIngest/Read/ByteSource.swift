import QuarryModel

/// Bytes read in chunks from somewhere: a file, or a gzip stream being decompressed.
protocol ByteSource {
    /// The file the bytes come from (named in failures).
    var path: String { get }
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

    /// Everything left in the source, so that with the `already` bytes read before at most
    /// `limit` bytes are read in all: a source that holds more throws `ReadLimits.exceeded`
    /// naming the limit and `what` the bytes are (`"text"`).
    func readAll(sizeHint: Int = 0, already: Int = 0, limit: Int = .max, what: String = "data") throws(ParseFailure)
        -> [UInt8]
    {
        guard already + sizeHint <= limit else { throw ReadLimits.exceeded(limit, what: what, path: path) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(max(0, sizeHint))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in readCatching(into: buffer) }.get()
            if count == 0 { return bytes }
            guard already + bytes.count + count <= limit else {
                throw ReadLimits.exceeded(limit, what: what, path: path)
            }
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
