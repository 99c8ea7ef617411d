import QuarryModel

/// A byte source that can go back to its start without reading anything twice.
///
/// Until `keepReading()` it keeps a copy of every byte it hands out; `rewind()` hands them out
/// again before reading on. A parser that sniffed the first bytes or lines of a stream and found
/// them not what it expected takes the stream from the start this way, and a stream that turned out
/// to be what was expected stops the copy, so a large file is still streamed.
final class RewindableSource<Source: ByteSource>: ByteSource {
    private let source: Source
    /// The bytes read from the source so far, while keeping.
    private var kept: [UInt8] = []
    private var keeping = true
    /// The place in `kept` of the next byte to hand out again; nil when reading on from the source.
    private var replay: Int?

    /// A source over `source` that keeps what it reads.
    init(_ source: Source) {
        self.source = source
    }

    /// Hands out kept bytes after a rewind, then reads on from the source (keeping a copy until `keepReading()`).
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int {
        if let offset = replay {
            if offset < kept.count {
                let count = min(buffer.count, kept.count - offset)
                kept[offset..<(offset + count)].withUnsafeBytes { buffer.copyMemory(from: $0) }
                replay = offset + count
                return count
            }
            replay = nil
            if !keeping { kept = [] }
        }
        let count = try source.read(into: buffer)
        if keeping { kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
        return count
    }

    /// Goes back to the first byte.
    func rewind() {
        precondition(keeping, "rewind() after keepReading()")
        replay = 0
    }

    /// Stops keeping a copy (what is left to replay is still handed out): the reader goes on with the stream.
    func keepReading() {
        keeping = false
        if replay == nil { kept = [] }
    }

    /// Every byte of the stream from its start: the source is read to its end (and `rewind()` still works).
    func rewoundBytes() throws(ParseFailure) -> [UInt8] {
        precondition(keeping, "rewoundBytes() after keepReading()")
        kept += try source.readAll()
        return kept
    }
}
