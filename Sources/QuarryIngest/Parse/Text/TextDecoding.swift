import QuarryModel

/// Turning a file's bytes into clean text: UTF-8 checked, byte-order mark and line endings normalised.
enum TextDecoding {
    /// Why bytes are not text, as a lower-case reason for a `ParseFailure`.
    enum Problem: Error, Equatable {
        case binary(offset: Int)
        case invalidUTF8(offset: Int)

        var reason: String {
            switch self {
            case .binary(let offset): return "binary file (NUL byte at offset \(offset))"
            case .invalidUTF8(let offset): return "not valid UTF-8 text (byte offset \(offset))"
            }
        }
    }

    /// Decodes UTF-8 bytes: refuses NUL bytes (binary) and invalid sequences, drops a byte-order mark.
    static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(.binary(offset: nul))
        }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return .failure(.invalidUTF8(offset: offset))
            case .emptyInput: break parsing
            }
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return .success(String(decoding: body, as: UTF8.self))
    }

    /// Text with a leading byte-order mark removed and every line ending (CRLF, CR, form feed) made `\n`.
    static func normalize(_ text: String) -> String {
        let hasLineBreaksToFix = text.utf8.contains { $0 == 0x0D || $0 == 0x0C }
        guard hasLineBreaksToFix || text.unicodeScalars.first == "\u{FEFF}" else { return text }
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{FEFF}" where scalars.isEmpty && !afterCR:
                continue
            case "\r", "\u{0C}":
                scalars.append("\n")
            case "\n" where afterCR:
                break
            default:
                scalars.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(scalars)
    }

    /// The lines of normalised text, each trimmed of surrounding white space.
    static func lines(of text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmed }
    }
}
