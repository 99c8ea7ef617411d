import Foundation

/// Keys that decide when two spellings are the same thing: one paper, one person.
public enum Normalize {
    /// Lower-cased letters and digits only, diacritics folded, single spaces:
    /// "Lynx: Enabling  Efficient MoE…" and "lynx enabling efficient moe…" give one key.
    public static func titleKey(_ title: String) -> String {
        words(of: title).joined(separator: " ")
    }

    /// A person's matching key: folded, lower-cased words ("Balázs Szegedy" → "balazs szegedy").
    public static func personKey(_ name: String) -> String {
        words(of: name).joined(separator: " ")
    }

    /// A skill's matching key: folded, lower-cased, spaces collapsed, symbols such as `+` and `#`
    /// kept ("PyTorch", "pytorch " and "Pytorch" give `pytorch`; "C++" gives `c++`).
    public static func skillKey(_ skill: String) -> String {
        asciiSkillKey(skill) ?? unicodeSkillKey(skill)
    }

    /// `skillKey` for any text, through Foundation's folding and character sets.
    static func unicodeSkillKey(_ skill: String) -> String {
        let folded = skill.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return collapseSpaces(folded).trimmingCharacters(in: CharacterSet(charactersIn: " .,;:-–•*()[]"))
    }

    /// `skillKey` for ASCII text, byte by byte (nil when `skill` is not all ASCII): folding ASCII is
    /// lower-casing, and of the characters trimmed only the ASCII ones can occur.
    static func asciiSkillKey(_ skill: String) -> String? {
        guard let collapsed = asciiCollapsedSpaces(skill) else { return nil }
        let trimmed = Array(" .,;:-*()[]".utf8)
        let bytes = collapsed.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
        guard let first = bytes.firstIndex(where: { !trimmed.contains($0) }),
            let last = bytes.lastIndex(where: { !trimmed.contains($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    /// How good a spelling is for display: diacritics and mixed case beat plain or shouted text.
    public static func displayQuality(_ text: String) -> Int {
        let letters = text.unicodeScalars.filter { $0.properties.isAlphabetic }
        let hasLower = letters.contains { $0.properties.isLowercase }
        let hasUpper = letters.contains { $0.properties.isUppercase }
        let hasNonASCII = letters.contains { !$0.isASCII }
        return (hasNonASCII ? 2 : 0) + (hasLower && hasUpper ? 1 : 0)
    }

    /// True when two spellings of a name can be the same person within one author list:
    /// the same surname, and given names that agree where both are spelled out and in
    /// their initials otherwise ("K. Sinha" ~ "Kartik Sinha", not ~ "Kavya Sinha" spelled out).
    public static func sameAuthor(_ a: String, _ b: String) -> Bool {
        PersonName(a).matches(PersonName(b))
    }

    /// Lower-case words a person's name may hold (particles: `van der Berg`, `de la Cruz`).
    static let nameParticles: Set<String> = [
        "van", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "von", "zu", "bin", "ibn", "al", "el",
        "dos",
        "das", "ter", "ten", "y", "e", "do", "dela", "st", "ould",
    ]

    /// Whether `text` has the shape of a person's name: two to five words, no digits, no sentence
    /// punctuation (`;`, `:`, `!`, `?`, a period after a lower-case word), each word capitalised,
    /// an initial, or a particle (`van`, `de`). "Juno Pell", "J. R. R. Tolkien", "Hans van der
    /// Berg" are; "Presented at the workshop", "Improved accuracy by 20%" are not.
    public static func looksLikePersonName(_ text: String) -> Bool {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard (2...5).contains(words.count), !text.contains(where: { $0.isNumber || ";:!?()[]{}\"“”@/".contains($0) })
        else { return false }
        return words.allSatisfy { word in
            guard let first = word.first else { return false }
            if nameParticles.contains(String(word)) { return true }
            if word.hasSuffix("."), word.dropLast().contains(where: \.isLowercase), word.count > 3 { return false }
            return first.isUppercase || (first.isLetter && !first.isLowercase && !first.isUppercase)
        }
    }

    /// Whether an author value can be a person's (or a group's) name in a facet: at most five
    /// name words (initials such as `M.` and particles such as `van der` not counted: "Wil M. P.
    /// van der Aalst" is a name), no digits, no sentence punctuation (`;`, `:`, `!`, `?`, a period
    /// after a lower-case word). "Fanqing Meng Lingxiao Du Jiawei Gu …" (names a source forgot
    /// to separate), "She brings calm attention to detail" and "GPT-5" are not.
    public static func isAuthorName(_ text: String) -> Bool {
        asciiIsAuthorName(text) ?? unicodeIsAuthorName(text)
    }

    /// `isAuthorName` for ASCII text, byte by byte (nil when `text` is not all ASCII): in ASCII a
    /// byte is a character ("\r\n" aside, white space either way), the digits are the only
    /// numbers, `a-z` and `A-Z` the only letters, tab to carriage return and space the only white space.
    static func asciiIsAuthorName(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            guard !bytes.isEmpty else { return false }
            var refused = false
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: "!"),
                    UInt8(ascii: "?"), UInt8(ascii: "@"):
                    refused = true
                default: break
                }
            }
            if refused { return false }
            var nameWords = 0
            for word in bytes.split(whereSeparator: { (0x09...0x0D).contains($0) || $0 == 0x20 }) {
                var letters = 0
                var lowercase = 0
                for byte in word {
                    if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) {
                        letters += 1
                        lowercase += 1
                    } else if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) {
                        letters += 1
                    }
                }
                let period = word.last == UInt8(ascii: ".")
                if period, letters >= 2, lowercase == letters { return false }
                let isInitial = letters <= 1 || (period && letters <= 2)
                if isInitial || nameParticles.contains(String(decoding: word, as: UTF8.self).lowercased()) { continue }
                nameWords += 1
            }
            return (1...5).contains(nameWords)
        }
    }

    /// `isAuthorName` for any text, character by character.
    static func unicodeIsAuthorName(_ text: String) -> Bool {
        guard !text.isEmpty, !text.contains(where: { $0.isNumber || ";:!?@".contains($0) }) else { return false }
        var nameWords = 0
        for word in text.split(whereSeparator: \.isWhitespace) {
            let letters = word.filter(\.isLetter)
            if word.hasSuffix("."), letters.count >= 2, letters.allSatisfy(\.isLowercase) { return false }
            let isInitial = letters.count <= 1 || (word.hasSuffix(".") && letters.count <= 2)
            if isInitial || nameParticles.contains(word.lowercased()) { continue }
            nameWords += 1
        }
        return (1...5).contains(nameWords)
    }

    /// An author list with each person once: spellings that can be one person (`sameAuthor`:
    /// "J. Pell" and "Juno Pell") are one entry, at the first one's place, with the fuller spelling.
    /// Names are compared only with names of the same surname, so long lists stay cheap.
    public static func uniqueAuthors(_ authors: [String]) -> [String] {
        var result: [String] = []
        var names: [PersonName] = []
        var bySurname: [String: [Int]] = [:]
        for author in authors {
            let name = PersonName(author)
            let surname = name.words.last ?? ""
            if let index = bySurname[surname]?.first(where: { names[$0].matches(name) }) {
                if author.count > result[index].count {
                    result[index] = author
                    names[index] = name
                }
                continue
            }
            bySurname[surname, default: []].append(result.count)
            result.append(author)
            names.append(name)
        }
        return result
    }

    /// Letters and digits of `text`, folded to lower-case ASCII where a Latin letter has diacritics.
    public static func words(of text: String) -> [String] {
        asciiWords(of: text) ?? unicodeWords(of: text)
    }

    /// `words(of:)` for any text, through Foundation's folding and Unicode properties.
    static func unicodeWords(of text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if scalar == "'" || scalar == "\u{2019}" {
                continue
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// `words(of:)` for ASCII text, byte by byte (nil when `text` is not all ASCII): for ASCII,
    /// folding is lower-casing and letters and digits are `[A-Za-z0-9]`, so the words are the same,
    /// without Foundation's folding or Unicode property look-ups (most of the indexer's time on
    /// arXiv titles and names went there).
    static func asciiWords(of text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var result: [String] = []
            var current: [UInt8] = []
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): current.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
                case UInt8(ascii: "'"): continue
                default:
                    guard !current.isEmpty else { continue }
                    result.append(String(decoding: current, as: UTF8.self))
                    current.removeAll(keepingCapacity: true)
                }
            }
            if !current.isEmpty { result.append(String(decoding: current, as: UTF8.self)) }
            return result
        }
    }

    /// Whitespace runs collapsed to one space, ends trimmed.
    public static func collapseSpaces(_ text: String) -> String {
        asciiCollapsedSpaces(text) ?? unicodeCollapsedSpaces(text)
    }

    /// `collapseSpaces` for any text, character by character.
    static func unicodeCollapsedSpaces(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// `collapseSpaces` for ASCII text, byte by byte (nil when `text` is not all ASCII): the ASCII
    /// characters that are whitespace are tab, line feed, vertical tab, form feed, carriage return
    /// and space (a CR LF pair is one character, and whitespace), so the result is the same.
    static func asciiCollapsedSpaces(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case 0x09...0x0D, 0x20: pendingSpace = !out.isEmpty
                default:
                    if pendingSpace { out.append(0x20) }
                    pendingSpace = false
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// A name split once into folded words, for comparing many names cheaply.
public struct PersonName: Sendable {
    /// Folded, lower-cased words of the name, surname last.
    public let words: [String]

    /// Splits and folds `name`.
    public init(_ name: String) {
        words = Normalize.words(of: name)
    }

    /// True when the two can be the same person within one author list (see `Normalize.sameAuthor`).
    public func matches(_ other: PersonName) -> Bool {
        guard let surname = words.last, surname == other.words.last else { return false }
        let mine = words.dropLast()
        let theirs = other.words.dropLast()
        if mine.isEmpty || theirs.isEmpty { return mine.isEmpty && theirs.isEmpty }
        for (x, y) in zip(mine, theirs) {
            if x.count > 1 && y.count > 1 {
                if x != y { return false }
            } else if x.first != y.first {
                return false
            }
        }
        return true
    }
}
