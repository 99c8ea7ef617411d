import Foundation

/// Lower-casing and diacritic folding of one word, shared by every token the tokenizer makes.
enum Folding {
    /// Lower-cases ASCII bytes in place and makes the string (the fast path: most English words).
    static func asciiLowercased(_ bytes: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[index] = (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
            }
            return bytes.count
        }
    }

    /// Folds a word that has non-ASCII scalars.
    ///
    /// Compatibility decomposition first (ligatures `ﬁ` → `fi`, full-width and circled letters,
    /// superscript digits), then lower-casing, then the combining marks that follow a Latin, Greek or
    /// Cyrillic base are dropped (`é` → `e`, `İ` → `i`). Marks after any other base are kept, so
    /// Devanagari vowel signs and viramas survive. A few Latin letters that do not decompose are
    /// spelled out (`ß` → `ss`, `ø` → `o`, `ł` → `l`, `æ` → `ae`); Greek final sigma becomes `σ`.
    /// Zero-width joiners and non-joiners are removed. The result is recomposed (NFC) so that, for
    /// example, Hangul stays in syllables.
    static func fold(_ word: String) -> String {
        let decomposed = word.decomposedStringWithCompatibilityMapping.lowercased()
        var output = String.UnicodeScalarView()
        var afterFoldableBase = false
        var allASCII = true
        for scalar in decomposed.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                if afterFoldableBase { continue }
                output.append(scalar)
                allASCII = false
            case .format:
                continue  // zero-width (non-)joiners, soft hyphens
            default:
                afterFoldableBase = isFoldableBase(scalar)
                if let replacement = letterReplacements[scalar] {
                    output.append(contentsOf: replacement.unicodeScalars)
                } else {
                    output.append(scalar)
                    if scalar.value >= 0x80 { allASCII = false }
                }
            }
        }
        let folded = String(output)
        return allASCII ? folded : folded.precomposedStringWithCanonicalMapping
    }

    /// Lower-case letters without a decomposition, spelled the way an English keyboard types them.
    private static let letterReplacements: [Unicode.Scalar: String] = [
        "ß": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
        "ı": "i", "ħ": "h", "ŧ": "t", "ς": "σ",
    ]

    /// True for Latin, Greek and Cyrillic scalars (and ASCII digits): the bases whose marks are folded away.
    @inline(__always)
    static func isFoldableBase(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x250, 0x370..<0x530, 0x1D00..<0x1DC0, 0x1E00..<0x2000, 0x2C60..<0x2C80, 0xA720..<0xA800,
            0xAB30..<0xAB70:
            return true
        default:
            return false
        }
    }
}
