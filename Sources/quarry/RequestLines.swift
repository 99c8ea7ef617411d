import Foundation
import QuarryQuery

/// The lines of a stream, read in blocks and each at most `QueryLimits.requestBytes` long, so
/// that no request to `serve --stdio` grows memory without bound (`readLine` keeps a whole line).
struct RequestLines: IteratorProtocol, Sequence {
    /// A line without its end (`\n` or `\r\n`), or how long the line was that was too long.
    enum Line: Equatable {
        case text(String)
        case tooLong(bytes: Int)
    }

    private let descriptor: Int32
    private let maximum: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false

    init(descriptor: Int32 = STDIN_FILENO, maximum: Int = QueryLimits.requestBytes) {
        self.descriptor = descriptor
        self.maximum = maximum
    }

    mutating func next() -> Line? {
        var skipped = 0
        while true {
            if let end = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                defer { start = end + 1 }
                if skipped > 0 || end - start > maximum { return .tooLong(bytes: skipped + end - start) }
                var line = buffer[start..<end]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                return .text(String(decoding: line, as: UTF8.self))
            }
            if buffer.count - start > maximum {
                // Too long already: keep only the count until the line ends.
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            }
            if atEnd {
                guard buffer.count > start || skipped > 0 else { return nil }
                defer {
                    buffer.removeAll()
                    start = 0
                }
                if skipped > 0 { return .tooLong(bytes: skipped + buffer.count - start) }
                return .text(String(decoding: buffer[start...], as: UTF8.self))
            }
            fill()
        }
    }

    /// Reads the next block, dropping what was already returned.
    private mutating func fill() {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        var block = [UInt8](repeating: 0, count: 65_536)
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0, errno == EINTR { return }
        guard count > 0 else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: block[..<count])
    }
}
