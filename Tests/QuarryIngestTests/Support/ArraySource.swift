import QuarryModel

@testable import QuarryIngest

/// A byte source over an array, handing out at most `step` bytes per read.
final class ArraySource: ByteSource {
    let bytes: [UInt8]
    let step: Int
    let path = "(memory)"
    private var offset = 0

    init(_ text: String, step: Int) {
        bytes = Array(text.utf8)
        self.step = step
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int {
        let count = min(step, buffer.count, bytes.count - offset)
        for index in 0..<count { buffer[index] = bytes[offset + index] }
        offset += count
        return count
    }
}
