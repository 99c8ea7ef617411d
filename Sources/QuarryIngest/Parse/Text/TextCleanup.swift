/// Small text clean-ups shared by the parsers.
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
