import Foundation

/// TeX accents and special letters made Unicode: `Bal\'azs` → `Balázs`, `{\"o}` → `ö`, `\c{c}` → `ç`, `\ss` → `ß`.
enum TeXAccents {
    /// Accents written as a backslash and a symbol, by the symbol's byte, with the combining mark each adds.
    static let symbolAccents: [UInt8: Unicode.Scalar] = [
        UInt8(ascii: "'"): "\u{0301}", UInt8(ascii: "`"): "\u{0300}", UInt8(ascii: "^"): "\u{0302}",
        UInt8(ascii: "\""): "\u{0308}", UInt8(ascii: "~"): "\u{0303}", UInt8(ascii: "="): "\u{0304}",
        UInt8(ascii: "."): "\u{0307}",
    ]

    /// Accents written as a backslash and a letter (`\v{s}`, `\c c`), with their combining marks.
    static let letterAccents: [String: Unicode.Scalar] = [
        "u": "\u{0306}", "v": "\u{030C}", "H": "\u{030B}", "c": "\u{0327}", "k": "\u{0328}",
        "r": "\u{030A}", "d": "\u{0323}", "b": "\u{0331}",
    ]

    /// Commands that stand for a letter.
    static let letters: [String: String] = [
        "ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
        "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ",
        "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    ]

    /// The text with every accent command applied to its letter and every letter command replaced.
    ///
    /// TeX reads `\` plus a run of letters as one command name (so `\vec` is not `\v` + `ec`) and
    /// `\` plus one other character as a symbol command. An accent takes the next letter, a braced
    /// group (`\'{e}`, `\"{\i}`) or a dotless `\i`, spaces before it skipped; the letter and its
    /// combining mark are then composed (NFC). A letter command eats the spaces after it, as TeX
    /// does (`Stra\ss e` → `Straße`). Anything else is left for `TeX.reduce`. The work is done on
    /// UTF-8 bytes: text between commands is copied as it is.
    static func apply(_ text: String) -> String {
        guard ByteText.contains(text, byte: UInt8(ascii: "\\")) else { return text }
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(bytes[index])
                index += 1
                continue
            }
            var nameEnd = index + 1
            while nameEnd < bytes.count, ByteText.isASCIILetter(bytes[nameEnd]) { nameEnd += 1 }
            let name = String(decoding: bytes[(index + 1)..<nameEnd], as: UTF8.self)

            var mark: Unicode.Scalar?
            var argumentStart = index + 2
            if let symbol = symbolAccents[bytes[index + 1]] {
                mark = symbol
            } else if let letter = letterAccents[name] {
                mark = letter
                argumentStart = nameEnd
            } else if let letter = letters[name] {
                output.append(contentsOf: letter.utf8)
                index = skipSpaces(bytes, from: nameEnd)
                continue
            }
            guard let mark, let (base, rest, after) = argument(bytes, from: argumentStart) else {
                output.append(bytes[index])
                index += 1
                continue
            }
            output.append(contentsOf: (String(base) + String(mark)).precomposedStringWithCanonicalMapping.utf8)
            output.append(contentsOf: rest)
            index = after
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The letter an accent applies to, the rest of its braced group, and where reading goes on.
    private static func argument(_ bytes: [UInt8], from start: Int) -> (Unicode.Scalar, ArraySlice<UInt8>, Int)? {
        let index = skipSpaces(bytes, from: start)
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "{") {
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")),
                let (base, used) = letter(bytes, at: skipSpaces(bytes, from: index + 1), end: close)
            else { return nil }
            return (base, bytes[used..<close], close + 1)
        }
        guard let (base, used) = letter(bytes, at: index, end: bytes.count) else { return nil }
        return (base, [], used)
    }

    /// The letter at `index` (a dotless `\i` or `\j` counts as `i` or `j`) and the index after it.
    private static func letter(_ bytes: [UInt8], at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        guard index < end else { return nil }
        let byte = bytes[index]
        if byte == UInt8(ascii: "\\"), index + 1 < end,
            bytes[index + 1] == UInt8(ascii: "i") || bytes[index + 1] == UInt8(ascii: "j")
        {
            let after = index + 2
            guard after >= end || !ByteText.isASCIILetter(bytes[after]) else { return nil }
            return (Unicode.Scalar(bytes[index + 1]), min(end, skipSpaces(bytes, from: after)))
        }
        if byte < 0x80 {
            return ByteText.isASCIILetter(byte) ? (Unicode.Scalar(byte), index + 1) : nil
        }
        let next = min(end, index + ByteText.sequenceLength(lead: byte))
        guard let scalar = String(decoding: bytes[index..<next], as: UTF8.self).unicodeScalars.first,
            scalar.properties.isAlphabetic
        else { return nil }
        return (scalar, next)
    }

    /// The index of the first byte from `start` that is not a space.
    private static func skipSpaces(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index
    }
}
