import QuarryModel

/// Recognises resume section headings: short lines in capitals or title case made of section words
/// ("EDUCATION", "WORK EXPERIENCE", "Achievements and Honors", "Extracurricular Activities").
enum SectionHeading {
    /// Words that make a line a heading; one must be present.
    static let coreWords: Set<String> = [
        "education", "experience", "experiences", "employment", "publications", "publication",
        "papers", "skills", "skill", "achievements", "achievement", "awards", "award", "honors",
        "honours", "projects", "project", "activities", "coursework", "courses", "certifications",
        "certificates", "internships", "internship", "interests", "summary", "objective",
        "references", "leadership", "patents", "presentations", "talks", "teaching", "research",
        "volunteering", "service", "positions", "responsibility", "responsibilities",
        "extracurricular", "scholarships", "fellowships", "languages",
    ]

    /// Words a heading may also contain.
    static let otherWords: Set<String> = [
        "and", "of", "the", "in", "for", "work", "professional", "relevant", "technical", "selected",
        "academic", "other", "additional", "extra", "curricular", "co", "open", "source",
        "development", "related", "industry", "personal", "key", "computer", "programming",
        "software", "course", "information", "about", "me", "contact", "community", "invited",
        "peer", "review", "reviewing", "mentoring", "tools", "technologies", "scholastic", "honours",
        "recent", "conference", "journal", "workshop",
    ]

    /// Headings that say "resume" clearly enough to decide a file's format.
    static let strongWords: Set<String> = [
        "education", "experience", "employment", "publications", "skills", "achievements", "awards",
        "honors", "honours", "coursework", "certifications", "internships", "extracurricular",
    ]

    private static let lowerCaseWords: Set<String> = ["and", "of", "the", "in", "for", "&"]

    /// The heading's text when `line` is a section heading, else nil. Markdown `#` and `**` are removed.
    static func title(of line: String) -> String? {
        isLongASCII(line) ? nil : titleByCharacters(of: line)
    }

    /// `title(of:)` without the byte-level test for long ASCII lines.
    static func titleByCharacters(of line: String) -> String? {
        var text = line.trimmed
        while let first = text.first, first == "#" || first == "*" { text.removeFirst() }
        while let last = text.last, last == "*" || last == ":" { text.removeLast() }
        text = text.trimmed
        guard !text.isEmpty, text.count <= 60 else { return nil }
        let tokens = ByteText.whitespaceTokens(of: text)
        guard tokens.count <= 6 else { return nil }
        for token in tokens where !lowerCaseWords.contains(token.lowercased()) {
            guard let letter = token.first(where: \.isLetter) else { continue }
            guard letter.isUppercase else { return nil }
        }
        let words = Normalize.words(of: text)
        guard !words.isEmpty,
            words.allSatisfy({ coreWords.contains($0) || otherWords.contains($0) }),
            words.contains(where: coreWords.contains)
        else { return nil }
        return text
    }

    /// Whether `line` is ASCII (without a carriage return) and its text, as `title(of:)` trims it,
    /// is longer than 60 characters or holds more than 6 words: decided byte by byte, since most
    /// lines of a resume are such and are no heading.
    static func isLongASCII(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return false }
            let isSpace = ByteText.isASCIIWhitespace
            var start = 0
            var end = bytes.count
            func trim() {
                while start < end && isSpace(bytes[start]) { start += 1 }
                while end > start && isSpace(bytes[end - 1]) { end -= 1 }
            }
            trim()
            while start < end && (bytes[start] == UInt8(ascii: "#") || bytes[start] == UInt8(ascii: "*")) { start += 1 }
            while end > start && (bytes[end - 1] == UInt8(ascii: "*") || bytes[end - 1] == UInt8(ascii: ":")) {
                end -= 1
            }
            trim()
            if end - start > 60 { return true }
            var words = 0
            var previousIsSpace = true
            for offset in start..<end {
                let space = isSpace(bytes[offset])
                if previousIsSpace && !space { words += 1 }
                previousIsSpace = space
            }
            return words > 6
        }
    }

    /// Whether a heading is one that only resumes have (education, experience, publications, ...).
    static func isStrong(_ title: String) -> Bool {
        Normalize.words(of: title).contains(where: strongWords.contains)
    }
}
