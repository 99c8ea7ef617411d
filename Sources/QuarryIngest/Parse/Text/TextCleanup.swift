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
