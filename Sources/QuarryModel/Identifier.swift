import Foundation

/// Identifiers of papers wherever they are written — a bibliography field, a PDF's margin, a
/// query — in the one form the index keeps (`doi:`, `arxiv:`, `isbn:`): the parsers store that form, the
/// planner looks it up, and `quarry show 2503.11731` finds the paper by it.
public enum Identifier {
    /// A DOI without its resolver prefix, lower-cased (DOIs are case-insensitive):
    /// `https://doi.org/10.1145/X`, `doi:10.1145/X` and `10.1145/X` are `10.1145/x`. Nil when the
    /// text holds no DOI.
    public static func doi(_ text: String) -> String? {
        guard let start = text.range(of: "10.") else { return nil }
        let candidate = text[start.lowerBound...].prefix { !$0.isWhitespace }
        let parts = candidate.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, parts[0].dropFirst(3).allSatisfy({ $0.isNumber || $0 == "." }), parts[0].count > 3,
            !parts[1].isEmpty
        else { return nil }
        return trimmed(candidate) { $0 == "." || $0 == "," || $0 == ";" }.lowercased()
    }

    /// An arXiv identifier: `2101.00001` (new style, version dropped), `hep-th/9901001` (old
    /// style), written alone, after `arXiv:`, or in an `arxiv.org/abs/…` link. Nil when none.
    public static func arxivID(_ text: String) -> String? {
        var candidates: [Substring] = []
        let lower = text.lowercased()
        for marker in ["arxiv.org/abs/", "arxiv.org/pdf/", "arxiv:"] {
            if let range = lower.range(of: marker) {
                let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
                candidates.append(text.dropFirst(offset).prefix { !$0.isWhitespace && $0 != "," && $0 != ";" })
            }
        }
        candidates.append(Substring(text))
        for candidate in candidates {
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            if let id = newStyleArxivID(trimmed) ?? oldStyleArxivID(trimmed) { return id }
        }
        return nil
    }

    /// An ISBN as the index keeps it: the 13 digits of ISBN-13 (an ISBN-10 is converted: `978`,
    /// its first nine digits, a new check digit), hyphens, spaces and an `ISBN` label removed. Nil
    /// unless the text is one ISBN whose check digit is right (`0-262-03384-4`,
    /// `ISBN 978-0-262-03384-8`, `isbn:9780262033848`).
    public static func isbn(_ text: String) -> String? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        for label in ["isbn-13:", "isbn-10:", "isbn:", "isbn-13", "isbn-10", "isbn"]
        where body.lowercased().hasPrefix(label) {
            body = body.dropFirst(label.count)
            break
        }
        var characters: [Character] = []
        for character in body where character != "-" && character != " " {
            guard isDigit(character) || character == "X" || character == "x" else { return nil }
            characters.append(character)
        }
        // Only the last character of an ISBN-10 may be X.
        guard !characters.dropLast().contains(where: { !isDigit($0) }) else { return nil }
        let digits = characters.map { $0.wholeNumberValue ?? 10 }
        switch digits.count {
        case 13:
            guard [978, 979].contains(digits[0] * 100 + digits[1] * 10 + digits[2]),
                isbn13CheckDigit(digits.prefix(12)) == digits[12]
            else { return nil }
            return digits.map(String.init).joined()
        case 10:
            let sum = digits.enumerated().reduce(0) { $0 + (10 - $1.offset) * $1.element }
            guard sum % 11 == 0 else { return nil }
            let converted = [9, 7, 8] + digits.prefix(9)
            return (converted + [isbn13CheckDigit(converted[...])]).map(String.init).joined()
        default:
            return nil
        }
    }

    /// The check digit of the first twelve digits of an ISBN-13 (weights 1 and 3, modulo 10).
    private static func isbn13CheckDigit(_ digits: ArraySlice<Int>) -> Int {
        let sum = digits.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? 1 : 3) * $1.element }
        return (10 - sum % 10) % 10
    }

    /// The identifier field and value one query word means, when it reads as an arXiv id
    /// (`2503.11731`, `arXiv:2503.11731v2`, an arxiv.org link) or a DOI (`10.1145/3341301.3359630`,
    /// a doi.org link); nil for any other word.
    public static func field(of word: String) -> (field: Schema.Field, value: String)? {
        // Every form has ASCII digits (a DOI's `10.`, an arXiv id's, an ISBN's): a word without
        // one, as most query words are, is none, and skips the string work below.
        guard word.utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let text = trimmed(Substring(word)) { ".,;()".contains($0) }
        let lower = text.lowercased()
        if lower.hasPrefix("10.") || lower.hasPrefix("doi:") || lower.contains("doi.org/"), let doi = doi(text) {
            return (Schema.doi, doi)
        }
        if let id = arxivID(text) { return (Schema.arxiv, id) }
        if let isbn = isbn(text) { return (Schema.isbn, isbn) }
        return nil
    }

    /// The value of `field` as the index keeps it: an `arxiv:` or `doi:` value normalised as
    /// above (`arxiv:2503.11731v2` is `2503.11731`), any other value as it is.
    public static func normalized(_ value: String, field: Schema.Field) -> String {
        switch field.name {
        case Schema.arxiv.name: return arxivID(value) ?? value
        case Schema.doi.name: return doi(value) ?? value
        case Schema.isbn.name: return isbn(value) ?? value
        default: return value
        }
    }

    private static func isDigit(_ character: Character) -> Bool { character.isASCII && character.isNumber }

    /// `text` without the characters `edge` accepts at either end.
    private static func trimmed(_ text: Substring, _ edge: (Character) -> Bool) -> String {
        String(text.drop(while: edge).reversed().drop(while: edge).reversed())
    }

    /// `2101.00001v2` → `2101.00001`; `0704.0001` → itself.
    private static func newStyleArxivID(_ text: String) -> String? {
        let base = text.hasSuffix(".pdf") ? String(text.dropLast(4)) : text
        let parts = base.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(isDigit) else { return nil }
        let digits = parts[1].prefix(while: isDigit)
        let version = parts[1].dropFirst(digits.count)
        guard (4...5).contains(digits.count),
            version.isEmpty || (version.first == "v" && version.dropFirst().allSatisfy(isDigit))
        else { return nil }
        return "\(parts[0]).\(digits)"
    }

    /// `hep-th/9901001v1` → `hep-th/9901001`.
    private static func oldStyleArxivID(_ text: String) -> String? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let archive = parts.first, archive.first?.isLetter == true,
            archive.allSatisfy({ $0.isLetter || $0 == "-" || $0 == "." })
        else { return nil }
        let digits = parts[1].prefix(while: isDigit)
        guard digits.count == 7 else { return nil }
        return "\(archive.lowercased())/\(digits)"
    }
}
