/// Cleaning the text poppler extracts from a PDF page.
enum PdfText {
    /// Ligatures that fonts map to one character, spelled out.
    static let ligatures: [Unicode.Scalar: String] = [
        "\u{FB00}": "ff", "\u{FB01}": "fi", "\u{FB02}": "fl", "\u{FB03}": "ffi", "\u{FB04}": "ffl",
        "\u{FB05}": "st", "\u{FB06}": "st",
    ]

    /// The page text with double-encoded UTF-8 repaired (`â€¢` → `•`), ligatures spelled out,
    /// no-break spaces made plain, control, invisible and private-use characters removed, every
    /// line break a `\n`, and the `Â`, `â€` and `ï¼` dropped that double encoding left where it
    /// lost a byte (`Â` before a space was a no-break space).
    static func clean(_ text: String) -> String {
        let plain = text.utf8.allSatisfy { (0x20..<0x80).contains($0) || $0 == 0x0A || $0 == 0x09 }
        guard !plain else { return text }
        let scalars = Array(Mojibake.repair(text).unicodeScalars)
        // The output as UTF-8 bytes: appending a scalar's bytes is cheaper than String's views.
        var output: [UInt8] = []
        output.reserveCapacity(scalars.count + scalars.count / 2)
        func append(_ scalar: Unicode.Scalar) {
            if scalar.isASCII {
                output.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { output.append($0) }
            }
        }
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar.value {
            case 0x0D, 0x0C: output.append(0x0A)
            case 0x00...0x08, 0x0B, 0x0E...0x1F, 0x7F: continue  // glyphs without a character
            case 0xA0, 0x2007, 0x202F: output.append(0x20)
            case 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF, 0xE000...0xF8FF: continue
            case 0xC2 where index == scalars.count || scalars[index].properties.isWhitespace || scalars[index] == "Â":
                continue
            case 0xE2 where index < scalars.count && scalars[index] == "€":
                index += 1
            case 0xEF where index + 1 < scalars.count && scalars[index] == "¼" && scalars[index + 1] == "\u{200B}":
                // A full-width separator whose last byte was lost (`ï¼` + zero-width space).
                output.append(0x20)
                index += 2
            case 0xFB00...0xFB06:
                if let spelled = ligatures[scalar] { output.append(contentsOf: spelled.utf8) } else { append(scalar) }
            default:
                append(scalar)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The lines of cleaned page text, trimmed; empty lines mark the gaps between blocks.
    static func lines(of text: String) -> [String] {
        text.trimmedLines
    }

    /// Lines joined into running text with a space; a line ending in a hyphen after a letter meets
    /// a next line starting in lower case without one (`self-` + `attention`), or with one after
    /// a suspended hyphen (`open-` + `and closed`). Words broken at a line end were made whole
    /// before, in the page text (`LineEndHyphens.rejoined`).
    static func join(_ lines: [String]) -> String {
        keptHyphens.join(lines)
    }

    /// Line-end hyphens with no vocabulary: every one is kept.
    private static let keptHyphens = LineEndHyphens(document: "", wordList: .none)

    /// Whether the pages hold any letter or digit: what tells a text layer from a scan.
    static func hasText(_ pages: [String]) -> Bool {
        pages.contains { page in page.unicodeScalars.contains { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
        }
    }
}
