import Foundation

/// Splitting a line of author names, and cleaning one name.
enum AuthorList {
    /// Names split on commas and " and "; "et al." is never a name but marks the list as truncated.
    static func split(_ line: String) -> (names: [String], truncated: Bool) {
        var names: [String] = []
        var truncated = false
        for item in line.split(separator: ",") {
            for part in item.components(separatedBy: " and ") {
                let (name, cut) = clean(part)
                truncated = truncated || cut
                if let name { names.append(name) }
            }
        }
        return (names, truncated)
    }

    /// Marks authors put after a name to point at a footnote or an affiliation.
    static let footnoteMarks: Set<Character> = ["*", "†", "‡", "§", "¶", "#", "∗", "⋆", "♠", "♣", "♦", "♥", "✉"]

    /// One name from an author list, cleaned on whole tokens only: a trailing `et al.` / `et al`
    /// / `and others` / `others` is dropped and marks the list as cut short; e-mail addresses
    /// and links are dropped; footnote marks and superscript digits glued to the end of a word
    /// (`Pell*`, `Pell1,2`, `Alcott†`) are dropped. Letters inside a name are never touched:
    /// `Ahmet Al`, `Etal Bose`, `Mehmet Et Al` stay as they are. Nil when nothing is left.
    static func clean(_ text: some StringProtocol) -> (name: String?, truncated: Bool) {
        // The common case, plain ASCII letters: nothing to clean unless it ends like "et al" or "others".
        let plain = text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x20 || byte == 0x2E
                || byte == 0x2D || byte == 0x27
        }
        if plain {
            let trimmed = ByteText.trimSpaces(String(text))
            let lower = trimmed.lowercased()
            if !lower.hasSuffix(" al") && !lower.hasSuffix(" al.") && !lower.hasSuffix("others")
                && !lower.hasSuffix("others.") && lower != "et al." && lower != "etal."
            {
                return (trimmed.isEmpty ? nil : trimmed, false)
            }
        }
        var tokens = String(text).split(whereSeparator: { $0.isWhitespace }).map(String.init)
        var truncated = false
        let lower = tokens.map { $0.lowercased() }
        // "et al" as written, in lower case: "Mehmet Et Al" is a name.
        if tokens.count >= 2, tokens[tokens.count - 2] == "et", ["al", "al."].contains(tokens[tokens.count - 1]) {
            tokens.removeLast(2)
            truncated = true
        } else if let last = lower.last, last == "others" || last == "others." {
            tokens.removeLast()
            if tokens.last?.lowercased() == "and" { tokens.removeLast() }
            truncated = true
        } else if let last = lower.last, ["et al.", "etal."].contains(last) {
            tokens.removeLast()
            truncated = true
        }
        tokens = tokens.compactMap { token in
            if token.contains("@") || token.hasPrefix("http://") || token.hasPrefix("https://") { return nil }
            return withoutMarks(token)
        }
        let name = tokens.joined(separator: " ")
        return (name.isEmpty ? nil : name, truncated)
    }

    /// A word without the footnote marks (and, after letters, superscript digits) glued to its end;
    /// nil when it is nothing but marks.
    static func withoutMarks(_ token: String) -> String? {
        var word = Substring(token)
        while let last = word.last, footnoteMarks.contains(last) || last == "," || last == ";" {
            word = word.dropLast()
        }
        let letters = word.prefix { !$0.isNumber }
        if letters.count >= 2, letters.last?.isLetter == true,
            word.dropFirst(letters.count).allSatisfy({ $0.isNumber || $0 == "," || footnoteMarks.contains($0) })
        {
            word = letters
        }
        while let first = word.first, footnoteMarks.contains(first) { word = word.dropFirst() }
        guard word.contains(where: \.isLetter) else { return nil }
        return String(word)
    }
}
