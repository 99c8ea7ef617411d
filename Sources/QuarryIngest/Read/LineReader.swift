import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte source into lines without holding more than one chunk (and the current line) in memory.
///
/// The buffer holds unread bytes at `start..<end`. A line is returned as soon as its `\n` is in
/// the buffer; otherwise the unread tail moves to the front and the source fills the rest. Only a
/// line longer than the whole buffer makes it grow. A trailing `\r` is dropped (CRLF files).
struct LineReader<Source: ByteSource> {
    private let source: Source
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The number of the line `next()` returned last (1-based).
    private(set) var lineNumber = 0
    /// The longest line kept; a longer one is read past without being held (`ReadLimits.line`).
    let maxLength: Int
    /// Whether the line `next()` returned last was longer than `maxLength`: it is returned empty.
    private(set) var lastLineTooLong = false

    /// A reader over `source` with a buffer of `chunkSize` bytes, keeping lines of at most `maxLength` bytes.
    init(_ source: Source, chunkSize: Int = 1 << 18, maxLength: Int = ReadLimits.line) {
        self.source = source
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
        self.maxLength = maxLength
    }

    /// The next line without its line ending, or nil at the end of the data. A line over
    /// `maxLength` bytes comes back empty with `lastLineTooLong` set, its bytes skipped as they
    /// are read, so memory stays bounded whatever the line holds.
    mutating func next() throws(ParseFailure) -> ArraySlice<UInt8>? {
        var searchFrom = start
        lastLineTooLong = false
        while true {
            if let newline = newline(in: searchFrom..<end) {
                let line = buffer[start..<newline]
                start = newline + 1
                lineNumber += 1
                if lastLineTooLong || line.count > maxLength { return ended(tooLong: true) }
                return line.last == 0x0D ? line.dropLast() : line
            }
            if atEnd {
                guard start < end || lastLineTooLong else { return nil }
                let line = buffer[start..<end]
                start = end
                lineNumber += 1
                if lastLineTooLong || line.count > maxLength { return ended(tooLong: true) }
                return line.last == 0x0D ? line.dropLast() : line
            }
            if end - start > maxLength {
                // Too long: forget what is held of the line and keep looking for its end.
                lastLineTooLong = true
                start = end
            }
            searchFrom = end - start
            try refill()
        }
    }

    /// The index of the first `\n` in `range` of the buffer (`memchr`: a gigabyte of one line is scanned fast).
    private func newline(in range: Range<Int>) -> Int? {
        guard !range.isEmpty else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let found = memchr(base + range.lowerBound, 0x0A, range.count) else {
                return nil
            }
            return UnsafeRawPointer(found) - base
        }
    }

    /// The empty line returned for a line over `maxLength`.
    private mutating func ended(tooLong: Bool) -> ArraySlice<UInt8> {
        lastLineTooLong = tooLong
        return buffer[start..<start]
    }

    /// Moves the unread bytes to the front (growing the buffer when they fill it) and reads more.
    private mutating func refill() throws(ParseFailure) {
        let unread = end - start
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + start, unread)
            }
            start = 0
            end = unread
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        let filled = end
        let source = self.source
        let count = try buffer.withUnsafeMutableBytes { raw in
            source.readCatching(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
        }.get()
        if count == 0 { atEnd = true } else { end += count }
    }
}
