#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Fast text helpers that work on UTF-8 bytes, for the hot paths of large dumps (the
/// `Character`-based and Foundation equivalents cost most of the parse time of a 75,000-line dump).
enum ByteText {
    /// Whether the UTF-8 of `text` contains the byte.
    static func contains<Text: StringProtocol>(_ text: Text, byte: UInt8) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, Int32(byte), buffer.count) != nil } ?? false
        }
        return found ?? text.utf8.contains(byte)
    }

    /// Whether the text is ASCII only (then a byte is a character, "\r\n" aside).
    static func isASCII<Text: StringProtocol>(_ text: Text) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(isASCII) ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether the bytes are ASCII only, tested eight at a time.
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] >= 0x80 { return false }
            offset += 1
        }
        return true
    }

    /// Calls `body` with each Character of `text` in order: its start and end (UTF-8 offsets) and
    /// its byte when it is one ASCII byte (nil for a non-ASCII Character and for "\r\n"). The same
    /// Characters as iterating `text`, but an ASCII byte followed by an ASCII byte is taken as a
    /// Character without grapheme breaking: no rule joins two such bytes but CR LF, and no ASCII
    /// byte extends or prepends (grapheme rules GB3–GB9c). Only next to non-ASCII bytes (and at
    /// a CR) does `String` step by Characters.
    static func forEachCharacter(in text: String, _ body: (_ start: Int, _ end: Int, _ byte: UInt8?) -> Void) {
        var contiguous = text
        contiguous.withUTF8 { bytes in
            let count = bytes.count
            var offset = 0
            while offset < count {
                let byte = bytes[offset]
                if byte < 0x80 && byte != 0x0D && (offset + 1 == count || bytes[offset + 1] < 0x80) {
                    body(offset, offset + 1, byte)
                    offset += 1
                    continue
                }
                // A Character boundary (by induction), so `index(after:)` gives the next Character.
                let utf8 = text.utf8
                let index = utf8.index(utf8.startIndex, offsetBy: offset)
                let end = utf8.distance(from: utf8.startIndex, to: text.index(after: index))
                body(offset, end, end == offset + 1 && byte < 0x80 ? byte : nil)
                offset = end
            }
        }
    }

    /// Whether an ASCII byte is white space (`Character.isWhitespace`: tab to carriage return, space).
    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// `text` split at white-space Characters and at Characters that are the ASCII byte `extra`,
    /// empty parts left out: the same as `split(whereSeparator:)` on Characters, byte by byte for
    /// ASCII text (a byte is a Character there, and "\r\n" white space either way).
    static func whitespaceTokens(of text: String, orAt extra: UInt8? = nil) -> [Substring] {
        let isSeparator = { (byte: UInt8) in isASCIIWhitespace(byte) || byte == extra }
        let utf8 = text.utf8
        guard !isASCII(text) else { return utf8.split(whereSeparator: isSeparator).map { Substring($0) } }
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var tokens: [Substring] = []
        var tokenStart: Int?
        forEachCharacter(in: text) { start, end, byte in
            if byte.map(isSeparator) ?? text[index(start)].isWhitespace {
                if let first = tokenStart { tokens.append(text[index(first)..<index(start)]) }
                tokenStart = nil
            } else if tokenStart == nil {
                tokenStart = start
            }
        }
        if let first = tokenStart { tokens.append(text[index(first)...]) }
        return tokens
    }

    /// The ASCII text of `bytes` without leading and trailing white space, or nil when it is not ASCII.
    static func trimmedASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isASCII(bytes) else { return nil }
        guard let first = bytes.firstIndex(where: { !isASCIIWhitespace($0) }),
            let last = bytes.lastIndex(where: { !isASCIIWhitespace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// Whether a byte is an ASCII letter.
    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// Whether a byte is an ASCII letter or digit.
    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIILetter(byte) || (0x30...0x39).contains(byte)
    }

    /// The number of bytes of the UTF-8 sequence a byte starts (1 for ASCII and stray continuation bytes).
    @inline(__always)
    static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF7: return 4
        default: return 1
        }
    }

    /// The text without leading and trailing ASCII spaces (enough after `collapseSpaces`).
    static func trimSpaces(_ text: String) -> String {
        trimSpaces(text[...])
    }

    /// The substring without leading and trailing ASCII spaces, as a string.
    static func trimSpaces(_ text: Substring) -> String {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 }), let last = utf8.lastIndex(where: { $0 != 0x20 })
        else { return "" }
        return String(decoding: utf8[first...last], as: UTF8.self)
    }

    /// The first place of the ASCII `needle` in `text`, found byte by byte.
    static func range(of needle: String, in text: String) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let bytes = text.utf8
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: first) {
            if bytes[found...].starts(with: pattern) { return found..<bytes.index(found, offsetBy: pattern.count) }
            index = bytes.index(after: found)
        }
        return nil
    }

    /// `text` split at each occurrence of the ASCII `separator`, empty parts kept: Foundation's
    /// `components(separatedBy:)` for ASCII text.
    static func components(of text: String, separatedBy separator: String) -> [String] {
        let pattern = Array(separator.utf8)
        let bytes = Array(text.utf8)
        guard let first = pattern.first else { return [text] }
        var parts: [String] = []
        var start = 0
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == first && bytes[index..<index + pattern.count].elementsEqual(pattern) {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += pattern.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Whether the UTF-8 of `text` contains the ASCII `needle`.
    static func contains<Text: StringProtocol>(_ text: Text, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return true }
        let bytes = text.utf8
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: first) {
            if bytes[found...].starts(with: pattern) { return true }
            index = bytes.index(after: found)
        }
        return false
    }

    /// White-space runs (Unicode White_Space, as `Character.isWhitespace`) made one space, ends
    /// trimmed: the same as `Normalize.collapseSpaces`, byte by byte.
    static func collapseSpaces(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            // Most titles need no change: no white space but single spaces between words.
            var clean = bytes.first != 0x20 && bytes.last != 0x20
            var previousSpace = false
            var scan = 0
            while clean && scan < bytes.count {
                let byte = bytes[scan]
                if byte > 0x20 && byte < 0x80 {
                    previousSpace = false
                } else if byte == 0x20 {
                    clean = !previousSpace
                    previousSpace = true
                } else {
                    clean = whitespaceWidth(bytes, at: scan) == 0
                    previousSpace = false
                }
                scan += 1
            }
            if clean { return String(decoding: bytes, as: UTF8.self) }

            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var index = 0
            var pendingSpace = false
            while index < bytes.count {
                let byte = bytes[index]
                let width = byte > 0x20 && byte < 0x80 ? 0 : whitespaceWidth(bytes, at: index)
                if width > 0 {
                    pendingSpace = !output.isEmpty
                    index += width
                    continue
                }
                if pendingSpace {
                    output.append(0x20)
                    pendingSpace = false
                }
                output.append(byte)
                index += 1
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The length of the white-space character starting at `index`, or 0 when it is not one.
    @inline(__always)
    private static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        if lead < 0x80 { return lead == 0x20 || (0x09...0x0D).contains(lead) ? 1 : 0 }
        func byte(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
        switch lead {
        case 0xC2:  // U+0085, U+00A0
            return byte(1) == 0x85 || byte(1) == 0xA0 ? 2 : 0
        case 0xE1:  // U+1680
            return byte(1) == 0x9A && byte(2) == 0x80 ? 3 : 0
        case 0xE2:  // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
            if byte(1) == 0x80, (0x80...0x8A).contains(byte(2)) || [0xA8, 0xA9, 0xAF].contains(byte(2)) { return 3 }
            return byte(1) == 0x81 && byte(2) == 0x9F ? 3 : 0
        case 0xE3:  // U+3000
            return byte(1) == 0x80 && byte(2) == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}
