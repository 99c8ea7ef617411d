/// A token before stemming, with whether the stemmer may touch it.
struct AnalyzedToken {
    var token: Token
    /// False for words with digits and for `c++`/`c#`-style words.
    var stemmable: Bool
}

/// Splits text into folded words. Reuses its buffers between calls, so keep one per analyzer.
///
/// The rules, applied while walking the text's UTF-8 once:
/// - Letters and digits of any script (and combining marks that follow them) form words; every
///   other scalar separates words. In the scripts written without spaces between words — Han
///   ideographs, hiragana and katakana, Hangul, Thai, Lao, Khmer, Myanmar — each character (with
///   the marks that follow it) is a word on its own, so a query's run of them is a phrase of
///   characters and finds the word inside any longer run (`エンジン` in `エンジンの`, `엔진` in `엔진의`).
///   Those characters have no `word` form: no rule changes them.
/// - Inside a word, an apostrophe (`'`, `’`, `ʼ`) is dropped (`don't` → `dont`), except that a
///   final `'s` is a possessive and goes away with it (`Arm's` → `arm`).
/// - A `.` between two digits stays (`3.35`, `1.55x`); a `,` after a digit followed by exactly three
///   digits is a thousands separator and is dropped (`1,000` → `1000`). Any other `.`/`,` separates.
/// - A soft hyphen inside a word is ignored (PDF line breaks).
/// - A hyphen (`-`, `‐`, `‑`) between word characters, or an en dash between letters, splits a
///   compound into parts at consecutive positions, and the parts glued together are added as one
///   more token at the first part's position (`isJoined`), so `GPT-2` gives `gpt`, `2` and `gpt2`.
///   A hyphen after a letter at the end of a line, with a lower-case letter starting the next, is
///   such a hyphen too (`distrib-` / `uted` gives `distrib`, `uted` and `distributed`): text
///   extracted from PDFs and hard-wrapped abstracts break words there.
/// - A word of one or two letters directly followed by `+`, `++` or `#` (and then no word
///   character) keeps them: `C++` → `c++`, `C#` → `c#`.
struct Tokenizer {
    /// One part of a compound, folded; `start`/`end` are UTF-8 offsets into the source.
    private struct Part {
        var text: String
        var start: Int
        var end: Int
        var stemmable: Bool
    }

    private var bytes: [UInt8] = []
    private var parts: [Part] = []
    // State of the part being read.
    private var isASCII = true
    private var hasDigit = false
    private var scalarCount = 0
    private var letterCount = 0
    private var lastWasDigit = false
    private var lastWasLetter = false

    init() {
        bytes.reserveCapacity(64)
        parts.reserveCapacity(8)
    }

    /// The tokens of `text`, unstemmed, in order of position.
    mutating func tokenize(_ text: String) -> [AnalyzedToken] {
        if let tokens = text.utf8.withContiguousStorageIfAvailable({ tokenize(utf8: $0, of: text) }) {
            return tokens
        }
        return Array(text.utf8).withUnsafeBufferPointer { tokenize(utf8: $0, of: text) }
    }

    /// Walks the UTF-8 of `text` once (Swift strings hold valid UTF-8, so decoding cannot fail).
    private mutating func tokenize(utf8 source: UnsafeBufferPointer<UInt8>, of text: String) -> [AnalyzedToken] {
        var tokens: [AnalyzedToken] = []
        tokens.reserveCapacity(source.count / 6 + 1)
        var position = 0
        var offset = 0
        // String indices are made from offsets incrementally: O(1) each for native strings.
        var indexMaker = IndexMaker(text)

        while offset < source.count {
            let (scalar, length) = Self.decode(source, at: offset)
            if Self.isUnsegmented(scalar) {
                // One character and the marks that follow it.
                var end = offset + length
                while end < source.count {
                    let (mark, markLength) = Self.decode(source, at: end)
                    guard Self.isMarkOrJoiner(mark) || Self.continuesCharacter(mark) else { break }
                    end += markLength
                }
                let plainIdeograph =
                    end == offset + length && Self.isIdeograph(scalar)
                    && !Self.isCompatibilityIdeograph(scalar)
                let unit = String(decoding: UnsafeBufferPointer(rebasing: source[offset..<end]), as: UTF8.self)
                let word = plainIdeograph ? unit : Folding.fold(unit)
                let range = indexMaker.range(offset, end)
                if !word.isEmpty {
                    tokens.append(
                        AnalyzedToken(token: Token(text: word, position: position, range: range), stemmable: false))
                    position += 1
                }
                offset = end
                continue
            }
            guard Self.isWordScalar(scalar) else {
                offset += length
                continue
            }
            offset = readCompound(source, from: offset)
            emitParts(into: &tokens, position: &position, indexMaker: &indexMaker)
        }
        return tokens
    }

    /// Reads one word or hyphenated compound starting at a word scalar into `parts`; returns where it ended.
    private mutating func readCompound(_ source: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let end = source.count
        parts.removeAll(keepingCapacity: true)
        startPart()
        var partStart = start
        var index = start

        compound: while index < end {
            if Self.isASCIIWordByte(source[index]) {
                index = appendASCIIRun(source, from: index)
                continue
            }
            let (scalar, length) = Self.decode(source, at: index)
            if Self.isWordScalar(scalar) {
                if Self.isUnsegmented(scalar) { break compound }
                append(scalar, source, at: index, length: length)
                index += length
                continue
            }
            if Self.isMarkOrJoiner(scalar) {
                append(scalar, source, at: index, length: length)
                index += length
                continue
            }
            // Most words end at a space or other ASCII punctuation that joins nothing.
            if scalar.value < 0x80 && !Self.mayJoin(UInt8(truncatingIfNeeded: scalar.value)) { break compound }
            let nextIndex = index + length
            var next: Unicode.Scalar? = nil
            var nextLength = 0
            if nextIndex < end { (next, nextLength) = Self.decode(source, at: nextIndex) }
            switch scalar {
            case ".":
                if lastWasDigit, let next, Self.isDecimalDigit(next) {
                    append(scalar, source, at: index, length: length)
                    index = nextIndex
                    continue compound
                }
            case ",":
                if lastWasDigit, Self.threeDigitsEnd(source, at: nextIndex) {
                    index = nextIndex
                    continue compound
                }
            case "'", "\u{2019}", "\u{02BC}":
                guard let next, Self.isWordScalar(next), !Self.isUnsegmented(next) else { break }
                let afterNext = nextIndex + nextLength
                if next == "s" || next == "S",
                    afterNext == end || !Self.continuesWord(Self.decode(source, at: afterNext).0)
                {
                    index = afterNext  // possessive: the part ends after "'s", which is not kept
                    break
                }
                index = nextIndex
                continue compound
            case "\u{00AD}":
                if let next, Self.isWordScalar(next), !Self.isUnsegmented(next) {
                    index = nextIndex
                    continue compound
                }
            case "-", "\u{2010}", "\u{2011}", "\u{2013}":
                var resume = nextIndex
                var following = next
                if scalar != "\u{2013}", lastWasLetter, let wrapped = Self.lineBreakContinuation(source, at: nextIndex)
                {
                    resume = wrapped
                    following = Self.decode(source, at: wrapped).0
                }
                guard let following, Self.isWordScalar(following), !Self.isUnsegmented(following) else { break }
                if scalar == "\u{2013}" && !(lastWasLetter && following.properties.isAlphabetic) { break }
                finishPart(start: partStart, end: index, stemmable: !hasDigit)
                startPart()
                partStart = resume
                index = resume
                continue compound
            case "+", "#":
                if let symbolsEnd = symbolSuffixEnd(source, at: index) {
                    bytes.append(contentsOf: source[index..<symbolsEnd])
                    finishPart(start: partStart, end: symbolsEnd, stemmable: false)
                    return symbolsEnd
                }
            default:
                break
            }
            break compound
        }
        finishPart(start: partStart, end: index, stemmable: !hasDigit)
        return index
    }

    /// Where a `+`, `++` or `#` suffix on a one- or two-letter part ends, or nil if there is none here.
    private func symbolSuffixEnd(_ source: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard (1...2).contains(letterCount), letterCount == scalarCount else { return nil }
        let end = source.count
        var cursor = index
        if source[cursor] == UInt8(ascii: "#") {
            cursor += 1
        } else {
            while cursor < end, source[cursor] == UInt8(ascii: "+"), cursor - index < 2 {
                cursor += 1
            }
        }
        if cursor < end {
            let after = Self.decode(source, at: cursor).0
            if after == "+" || after == "#" || Self.continuesWord(after) { return nil }
        }
        return cursor
    }

    /// Appends the parts read, plus the joined form of a compound, advancing `position` once per part.
    private mutating func emitParts(
        into tokens: inout [AnalyzedToken], position: inout Int, indexMaker: inout IndexMaker
    ) {
        guard let first = parts.first, let last = parts.last else { return }
        let firstPosition = position
        let firstStart = indexMaker.index(first.start)
        for part in parts {
            let token = Token(
                text: part.text, position: position, range: indexMaker.range(part.start, part.end), word: part.text)
            tokens.append(AnalyzedToken(token: token, stemmable: part.stemmable))
            position += 1
        }
        if parts.count > 1 {
            var joined = ""
            var stemmable = true
            for part in parts {
                joined += part.text
                stemmable = stemmable && part.stemmable
            }
            let range = firstStart..<indexMaker.index(last.end)
            let token = Token(text: joined, position: firstPosition, range: range, isJoined: true, word: joined)
            tokens.append(AnalyzedToken(token: token, stemmable: stemmable))
        }
    }

    private mutating func startPart() {
        bytes.removeAll(keepingCapacity: true)
        isASCII = true
        hasDigit = false
        scalarCount = 0
        letterCount = 0
        lastWasDigit = false
        lastWasLetter = false
    }

    /// Folds the bytes read into a part; a part that folds to nothing is dropped.
    private mutating func finishPart(start: Int, end: Int, stemmable: Bool) {
        guard !bytes.isEmpty else { return }
        let text = isASCII ? Folding.asciiLowercased(bytes) : Folding.fold(String(decoding: bytes, as: UTF8.self))
        guard !text.isEmpty else { return }
        parts.append(Part(text: text, start: start, end: end, stemmable: stemmable && !hasDigit))
    }

    /// Adds the run of ASCII letters and digits starting at `index` to the part being read, as
    /// `append` would one by one; returns where the run ends.
    @inline(__always)
    private mutating func appendASCIIRun(_ source: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var cursor = index
        var letters = 0
        var digits = 0
        while cursor < source.count {
            let byte = source[cursor]
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A {
                letters += 1
            } else {
                break
            }
            cursor += 1
        }
        bytes.append(contentsOf: source[index..<cursor])
        scalarCount += cursor - index
        letterCount += letters
        if digits > 0 { hasDigit = true }
        let last = source[cursor - 1]
        lastWasDigit = last >= 0x30 && last <= 0x39
        lastWasLetter = !lastWasDigit
        return cursor
    }

    /// The ASCII characters the cases of `readCompound` may keep inside a word: `.` `,` `'` `-` `+` `#`.
    @inline(__always)
    static func mayJoin(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "'"), UInt8(ascii: "-"), UInt8(ascii: "+"),
            UInt8(ascii: "#"):
            return true
        default: return false
        }
    }

    /// An ASCII letter or digit.
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A)
    }

    /// Adds one scalar (its `length` UTF-8 bytes at `index` of `source`) to the part being read.
    @inline(__always)
    private mutating func append(
        _ scalar: Unicode.Scalar, _ source: UnsafeBufferPointer<UInt8>, at index: Int, length: Int
    ) {
        scalarCount += 1
        let value = scalar.value
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            let isDigit = value >= 0x30 && value <= 0x39
            let isLetter = (value | 0x20) >= 0x61 && (value | 0x20) <= 0x7A
            lastWasDigit = isDigit
            lastWasLetter = isLetter
            if isDigit { hasDigit = true }
            if isLetter { letterCount += 1 }
            return
        }
        isASCII = false
        for byteIndex in index..<(index + length) { bytes.append(source[byteIndex]) }
        if Self.isMarkOrJoiner(scalar) { return }  // a mark leaves the letter/digit state of its base
        let properties = scalar.properties
        let isNumber = properties.numericType != nil
        let isLetter = properties.isAlphabetic && !isNumber
        lastWasDigit = properties.generalCategory == .decimalNumber
        lastWasLetter = isLetter
        if isNumber { hasDigit = true }
        if isLetter { letterCount += 1 }
    }

    /// Decodes the scalar starting at `offset` of valid UTF-8, with its length in bytes.
    @inline(__always)
    static func decode(_ source: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(source[offset])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(truncatingIfNeeded: lead)), 1) }
        let length: Int
        var value: UInt32
        if lead < 0xE0 {
            length = 2
            value = lead & 0x1F
        } else if lead < 0xF0 {
            length = 3
            value = lead & 0x0F
        } else {
            length = 4
            value = lead & 0x07
        }
        guard offset + length <= source.count else { return ("\u{FFFD}", 1) }
        for continuation in 1..<length {
            value = value << 6 | (UInt32(source[offset + continuation]) & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    // MARK: Scalar classes

    /// Letters and digits of any script (ideographs included; callers check those first).
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return isASCIIWordByte(UInt8(truncatingIfNeeded: value)) }
        if value == 0x02BC { return false }  // modifier-letter apostrophe: treated as an apostrophe
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Combining marks and zero-width (non-)joiners, which continue the word they follow.
    @inline(__always)
    static func isMarkOrJoiner(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x300 { return false }
        if value == 0x200C || value == 0x200D { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// A scalar that would extend the word before it.
    @inline(__always)
    static func continuesWord(_ scalar: Unicode.Scalar) -> Bool {
        isWordScalar(scalar) || isMarkOrJoiner(scalar)
    }

    @inline(__always)
    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x2E80 && scalar.properties.isIdeographic
    }

    /// A letter or digit of a script written without spaces between words: Han, hiragana,
    /// katakana (and its half-width forms), Hangul, Thai, Lao, Khmer, Myanmar.
    @inline(__always)
    static func isUnsegmented(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x0E00 && isUnsegmentedAbove0E00(scalar)
    }

    private static func isUnsegmentedAbove0E00(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1100...0x11FF, 0x1780...0x17FF, 0x3040...0x30FF, 0x3130...0x318F,
            0x31F0...0x31FF, 0xA960...0xA97F, 0xAC00...0xD7FF, 0xFF66...0xFF9F:
            return isWordScalar(scalar)
        default:
            return isIdeograph(scalar)
        }
    }

    /// Scalars that belong to the character before them though they are no combining marks:
    /// half-width (semi-)voiced sound marks and the vowels and finals of decomposed Hangul.
    @inline(__always)
    static func continuesCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xFF9E, 0xFF9F, 0x1160...0x11FF, 0xD7B0...0xD7FF: return true
        default: return false
        }
    }

    /// Where the next line's first letter is, when spaces, one line break and spaces start at
    /// `offset` and a lower-case letter follows them; else nil.
    static func lineBreakContinuation(_ source: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int? {
        var cursor = offset
        func skipSpaces() {
            while cursor < source.count, source[cursor] == 0x20 || source[cursor] == 0x09 { cursor += 1 }
        }
        skipSpaces()
        guard cursor < source.count, source[cursor] == 0x0A || source[cursor] == 0x0D else { return nil }
        if source[cursor] == 0x0D, cursor + 1 < source.count, source[cursor + 1] == 0x0A { cursor += 1 }
        cursor += 1
        skipSpaces()
        guard cursor < source.count else { return nil }
        let letter = decode(source, at: cursor).0
        return letter.properties.isLowercase ? cursor : nil
    }

    /// CJK compatibility ideographs, which fold to their unified twins.
    static func isCompatibilityIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        (0xF900..<0xFB00).contains(scalar.value) || (0x2F800..<0x2FA20).contains(scalar.value)
    }

    @inline(__always)
    static func isDecimalDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value >= 0x30 && scalar.value <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// True when exactly three ASCII digits start at `offset` and no digit follows them.
    static func threeDigitsEnd(_ source: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset + 3 <= source.count else { return false }
        for cursor in offset..<(offset + 3) where !(0x30...0x39).contains(source[cursor]) {
            return false
        }
        return offset + 3 == source.count || !isDecimalDigit(decode(source, at: offset + 3).0)
    }
}

/// Turns increasing UTF-8 offsets into indices of one string, stepping from the last one made.
struct IndexMaker {
    private let utf8: String.UTF8View
    private var lastOffset = 0
    private var lastIndex: String.Index

    init(_ text: String) {
        utf8 = text.utf8
        lastIndex = utf8.startIndex
    }

    /// The index at `offset`; cheap when offsets grow (native strings make it O(1) in any case).
    mutating func index(_ offset: Int) -> String.Index {
        let index = utf8.index(lastIndex, offsetBy: offset - lastOffset)
        lastOffset = offset
        lastIndex = index
        return index
    }

    /// The range between two offsets.
    mutating func range(_ start: Int, _ end: Int) -> Range<String.Index> {
        let lower = index(start)
        return lower..<index(end)
    }
}
