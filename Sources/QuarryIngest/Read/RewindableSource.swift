import QuarryModel

/// A byte source that can go back to its start without reading anything twice.
///
/// Until `keepReading()` it keeps a copy of every byte it hands out; `rewind()` hands them out
/// again before reading on. A parser that sniffed the first bytes or lines of a stream and found
/// them not what it expected takes the stream from the start this way, and a stream that turned out
/// to be what was expected stops the copy, so a large file is still streamed.
final class RewindableSource<Source: ByteSource>: ByteSource {
    private let source: Source
    /// The file the bytes come from.
    var path: String { source.path }
    /// The most bytes kept for a rewind (`ReadLimits.text`): past it the copy stops, and a
    /// rewind throws the file's too-large failure.
    private let keepLimit: Int
    private var overflowed = false
    /// The bytes read from the source so far, while keeping.
    private var kept: [UInt8] = []
    private var keeping = true
    /// The place in `kept` of the next byte to hand out again; nil when reading on from the source.
    private var replay: Int?

    /// A source over `source` that keeps what it reads.
    init(_ source: Source, keepLimit: Int = ReadLimits.text) {
        self.source = source
        self.keepLimit = keepLimit
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
        if keeping, !overflowed {
            if kept.count + count > keepLimit {
                overflowed = true
                kept = []
            } else {
                kept.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[..<count]))
            }
        }
        return count
    }

    /// Whether `rewind()` would succeed: a copy is still kept and no more than the keep limit was read.
    var canRewind: Bool { keeping && !overflowed }

    /// Goes back to the first byte; throws the too-large failure when more than the keep limit was read.
    func rewind() throws(ParseFailure) {
        precondition(keeping, "rewind() after keepReading()")
        guard !overflowed else { throw ReadLimits.exceeded(keepLimit, what: "text read whole", path: path) }
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
        guard !overflowed else { throw ReadLimits.exceeded(keepLimit, what: "text read whole", path: path) }
        kept += try source.readAll(already: kept.count, limit: keepLimit, what: "text read whole")
        return kept
    }
}
