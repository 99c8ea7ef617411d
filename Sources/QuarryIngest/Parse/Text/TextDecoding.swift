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

    /// Decodes UTF-8 bytes: refuses NUL bytes (binary) and invalid sequences, drops a byte-order
    /// mark. Bytes that start with a UTF-16 byte-order mark (`FF FE` little-endian, `FE FF`
    /// big-endian, as Windows tools write "Unicode" text) are decoded as UTF-16 (an unpaired
    /// surrogate becomes U+FFFD, an odd last byte is dropped); a NUL character there is binary too.
    static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
        if let text = utf16(bytes) {
            if let nul = text.utf8.firstIndex(of: 0) {
                return .failure(.binary(offset: 2 + 2 * text[..<nul].utf16.count))
            }
            return .success(text)
        }
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

    /// Whether bytes start with a UTF-16 byte-order mark.
    static func hasUTF16Mark(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
    }

    /// The text of bytes that start with a UTF-16 byte-order mark (without it); nil for other bytes.
    static func utf16(_ bytes: [UInt8]) -> String? {
        guard hasUTF16Mark(bytes) else { return nil }
        let littleEndian = bytes[0] == 0xFF
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 2
        while index + 1 < bytes.count {
            let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(littleEndian ? first | second << 8 : first << 8 | second)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
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
        text.trimmedLines
    }
}
