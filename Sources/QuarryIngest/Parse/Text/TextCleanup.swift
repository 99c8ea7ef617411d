/// Small text clean-ups shared by the parsers of every format.
enum TextCleanup {
    /// Text without parenthesised parts, nested ones included; an unclosed parenthesis cuts the rest.
    static func removingParentheses(_ text: String) -> String {
        guard ByteText.contains(text, byte: UInt8(ascii: "(")) || ByteText.contains(text, byte: UInt8(ascii: ")"))
        else { return text }
        var output = ""
        var depth = 0
        for character in text {
            if character == "(" {
                depth += 1
            } else if character == ")" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                output.append(character)
            }
        }
        return output
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space.
    var trimmed: String {
        // ASCII text byte by byte (the same trimming: a byte is a Character there, "\r\n" aside).
        if let trimmed = utf8.withContiguousStorageIfAvailable(ByteText.trimmedASCII), let trimmed { return trimmed }
        guard let start = firstIndex(where: { !$0.isWhitespace }),
            let end = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[start...end])
    }

    /// The number of white-space separated tokens.
    var tokenCount: Int { split(whereSeparator: \.isWhitespace).count }

    /// The text without leading and trailing characters matching `predicate`.
    func trimmingEdges(where predicate: (Character) -> Bool) -> String {
        guard let start = firstIndex(where: { !predicate($0) }), let end = lastIndex(where: { !predicate($0) })
        else { return "" }
        return String(self[start...end])
    }

    /// How many times `needle` occurs in the text, compared byte by byte.
    func occurrences(of needle: String) -> Int {
        let pattern = Array(needle.utf8)
        let bytes = Array(utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return 0 }
        var count = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                count += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return count
    }
}

extension String {
    /// The lines of the text, each trimmed of surrounding white space, empty ones kept: the text
    /// split at every `\n` as `split(separator: "\n", omittingEmptySubsequences: false)` splits
    /// it, found byte by byte. A `\n` is a character of its own (no grapheme cluster extends
    /// across it) except in `\r\n`, which is one character, and no line break there.
    var trimmedLines: [String] {
        var lines: [String] = []
        let utf8 = self.utf8
        var start = utf8.startIndex
        var index = start
        var previous: UInt8 = 0
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") {
                lines.append(self[start..<index].trimmed)
                start = utf8.index(after: index)
            }
            previous = byte
            index = utf8.index(after: index)
        }
        lines.append(self[start..<utf8.endIndex].trimmed)
        return lines
    }
}
