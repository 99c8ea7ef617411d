/// Windows-1252 text and double-encoded UTF-8 ("mojibake": `NaÃ¯ve` for `Naïve`).
///
/// Double encoding happens when UTF-8 bytes are read as Latin-1 or Windows-1252 and written
/// out again as UTF-8: each byte of a multi-byte sequence becomes a character of its own.
/// The repair maps those characters back to their bytes and decodes the bytes as UTF-8.
enum Mojibake {
    /// The characters Windows-1252 puts at bytes 0x80–0x9F, by byte (nil: undefined byte).
    static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// Windows-1252 characters outside Latin-1, mapped back to their byte.
    static let windows1252Bytes: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (offset, scalar) in windows1252High.enumerated() {
            if let scalar { map[scalar] = UInt8(0x80 + offset) }
        }
        return map
    }()

    /// The byte a character had when UTF-8 was misread as Latin-1 or Windows-1252, or nil.
    /// Characters up to U+00FF stand for themselves (Latin-1, including the C1 controls).
    @inline(__always)
    static func byte(for scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value < 0x100 { return UInt8(scalar.value) }
        return windows1252Bytes[scalar]
    }

    /// How many places look double-encoded: a UTF-8 lead byte (0xC2–0xF4) misread as a
    /// character (`Ã`, `Â`, `â`, `ï`) right before a misread continuation byte (0x80–0xBF).
    static func markerCount(_ text: String) -> Int {
        var count = 0
        var previousWasLead = false
        for scalar in text.unicodeScalars {
            let value = byte(for: scalar)
            if previousWasLead, let value, (0x80...0xBF).contains(value) { count += 1 }
            previousWasLead = value.map { (0xC2...0xF4).contains($0) } ?? false
        }
        return count
    }

    /// Whether the text shows a sure sign of double encoding: a C1 control character (never in real
    /// text, the misread second byte of `•`, `’`, …) or `Ã`, `Â` or `â` before a misread continuation
    /// byte (`Ã¯`, `Â·`, `â€`). A lone `Ø` before a no-break space, say, is left alone.
    static func looksDoubleEncoded(_ text: String) -> Bool {
        var previousIsLead = false
        for scalar in text.unicodeScalars {
            if (0x80...0x9F).contains(scalar.value) { return true }
            if previousIsLead, let value = byte(for: scalar), (0x80...0xBF).contains(value) { return true }
            previousIsLead = scalar == "Ã" || scalar == "Â" || scalar == "â"
        }
        return false
    }

    /// The text with double-encoded UTF-8 decoded, when it looks double-encoded and the repair
    /// leaves fewer markers; else the text.
    ///
    /// Each non-ASCII character that maps to a UTF-8 lead byte is tried together with the
    /// characters after it: when their bytes form one valid UTF-8 sequence, they are replaced by
    /// the character it encodes; otherwise the character is kept. Working sequence by sequence
    /// (rather than re-encoding the whole text) leaves characters that were never double-encoded
    /// alone, and gives the same result as the whole-text repair whenever that one succeeds.
    static func repair(_ text: String) -> String {
        guard looksDoubleEncoded(text) else { return text }
        let before = markerCount(text)
        let scalars = Array(text.unicodeScalars)
        // The output as UTF-8 bytes: cheaper than appending to a String's scalar view.
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar.isASCII {
                output.append(UInt8(truncatingIfNeeded: scalar.value))
                index += 1
                continue
            }
            if let (decoded, length) = sequence(in: scalars, at: index) {
                UTF8.encode(decoded) { output.append($0) }
                index += length
            } else {
                UTF8.encode(scalar) { output.append($0) }
                index += 1
            }
        }
        let repaired = String(decoding: output, as: UTF8.self)
        return markerCount(repaired) < before ? repaired : text
    }

    /// The character encoded by the misread bytes starting at `start`, and how many characters they took.
    private static func sequence(in scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        guard let lead = byte(for: scalars[start]) else { return nil }
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return nil
        }
        guard start + length <= scalars.count else { return nil }
        var bytes: [UInt8] = [lead]
        for offset in 1..<length {
            guard let next = byte(for: scalars[start + offset]), (0x80...0xBF).contains(next) else { return nil }
            bytes.append(next)
        }
        // The UTF-8 parser rejects overlong forms and surrogates.
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        guard case .valid(let encoded) = parser.parseScalar(from: &iterator), encoded.count == length else {
            return nil
        }
        return (Unicode.UTF8.decode(encoded), length)
    }

    /// Text in a legacy or mixed encoding: UTF-8 where the bytes are valid UTF-8, and each other
    /// byte read as Windows-1252 (its five undefined bytes as the Latin-1 control they name). A file
    /// in Windows-1252 or Latin-1 is read correctly (a lone `é` is never valid UTF-8), and so is a
    /// UTF-8 file with a few stray bytes.
    ///
    /// Nil when the bytes do not look like text: a NUL or a control character other than tab, line
    /// feed, carriage return and form feed; or more than one byte read as Windows-1252 for every
    /// three ASCII letters and digits (Western text in Windows-1252 is mostly ASCII; binary data,
    /// or Greek or Cyrillic in their own code pages, is not, and would only become gibberish).
    static func decodeLegacy(_ bytes: [UInt8]) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var asciiAlphanumerics = 0
        var legacyBytes = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                guard byte >= 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D, byte != 0x7F
                else { return nil }
                if ByteText.isASCIILetter(byte) || (0x30...0x39).contains(byte) { asciiAlphanumerics += 1 }
                output.append(byte)
                index += 1
                continue
            }
            var iterator = bytes[index...].makeIterator()
            var parser = Unicode.UTF8.ForwardParser()
            if case .valid(let encoded) = parser.parseScalar(from: &iterator) {
                output.append(contentsOf: encoded)
                index += encoded.count
                continue
            }
            let scalar = byte < 0xA0 ? windows1252High[Int(byte - 0x80)] ?? Unicode.Scalar(byte) : Unicode.Scalar(byte)
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
            legacyBytes += 1
            index += 1
        }
        guard legacyBytes * 3 <= asciiAlphanumerics else { return nil }
        return String(decoding: output, as: UTF8.self)
    }
}
