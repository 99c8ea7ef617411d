import Foundation
import QuarryModel

/// The line that opens an entry on a profile page, gluing an optional score, a category code,
/// a date and sometimes a `Code` marker: `DCFeb 11`, `LGNov 26, 2023`, `BMJun 24, 2025Code`, `69.4LGApr 29`.
struct EntryHeader: Equatable {
    var code: String
    var date: PartialDate
    var score: Double?
    var hasCode: Bool

    static let months = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]

    /// Parses `line`, or returns nil when it is not an entry header.
    init?(_ line: String) {
        var rest = Substring(line.trimmed)
        let scoreText = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        rest = rest.dropFirst(scoreText.count)

        // The code is the run of capitals before the month name: "LGNov" splits as LG + Nov.
        var found: (code: Substring, month: Int, rest: Substring)?
        for length in 2...4 {
            let code = rest.prefix(length)
            guard code.count == length, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else { break }
            if let (month, after) = EntryHeader.month(at: rest.dropFirst(length)) {
                found = (code, month, after)
                break
            }
        }
        guard let found else { return nil }
        rest = found.rest

        // " 26" then optionally ", 2023", then optionally "Code".
        guard rest.first == " " else { return nil }
        rest = rest.dropFirst()
        let dayText = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...2).contains(dayText.count), let day = Int(dayText), (1...31).contains(day) else { return nil }
        rest = rest.dropFirst(dayText.count)
        var year: Int?
        if rest.hasPrefix(", ") {
            let yearText = rest.dropFirst(2).prefix { $0.isASCII && $0.isNumber }
            guard yearText.count == 4, let value = Int(yearText) else { return nil }
            year = value
            rest = rest.dropFirst(2 + 4)
        }
        let hasCode = rest == "Code"
        guard rest.isEmpty || hasCode else { return nil }
        if !scoreText.isEmpty && Double(scoreText) == nil { return nil }

        self.code = String(found.code)
        self.date = PartialDate(year: year, month: found.month, day: day)
        self.score = Double(scoreText)
        self.hasCode = hasCode
    }

    /// A month name (three letters or more of it, optional dot) at the start of `text`.
    private static func month(at text: Substring) -> (Int, Substring)? {
        let letters = text.prefix { $0.isASCII && $0.isLetter }
        guard letters.count >= 3, letters.first?.isUppercase == true else { return nil }
        let lower = letters.lowercased()
        guard let index = months.firstIndex(where: { $0.hasPrefix(lower) }) else { return nil }
        var rest = text.dropFirst(letters.count)
        if rest.first == "." { rest = rest.dropFirst() }
        return (index + 1, rest)
    }
}

/// Parses a profile page: the person's name, a statistics header, then one paper per entry.
///
/// An entry is its header line, the title, the authors and the abstract, up to the next header.
/// The page lists the owner's papers, so the owner is added to every author list that lacks
/// the name (often hidden behind "et al.").
enum ProfileParser {
    /// Whether the lines look like a profile page: a statistics line near the top and an entry header.
    static func matches(_ lines: [String]) -> Bool {
        let top = lines.filter { !$0.isEmpty }.prefix(15)
        return top.contains(where: isStatisticsLine) && lines.contains { EntryHeader($0) != nil }
    }

    /// The papers of a profile page.
    static func papers(in lines: [String]) -> [Paper] {
        let text = lines.filter { !$0.isEmpty }
        let owner = text.first.flatMap { first in
            isStatisticsLine(first) || EntryHeader(first) != nil || first.tokenCount > 6 ? nil : first
        }
        let starts = text.indices.filter { EntryHeader(text[$0]) != nil }
        var papers: [Paper] = []
        for (number, start) in starts.enumerated() {
            guard let header = EntryHeader(text[start]) else { continue }
            let end = number + 1 < starts.count ? starts[number + 1] : text.endIndex
            if let paper = paper(header: header, body: Array(text[(start + 1)..<end]), owner: owner) {
                papers.append(paper)
            }
        }
        return papers
    }

    private static func paper(header: EntryHeader, body: [String], owner: String?) -> Paper? {
        guard let titleLine = body.first else { return nil }
        var rest = body.dropFirst()
        var authors: [String] = []
        var truncated = false
        if let line = rest.first, looksLikeAuthors(line) {
            (authors, truncated) = AuthorList.split(line)
            rest = rest.dropFirst()
        }
        if let owner, !authors.contains(where: { Normalize.personKey($0) == Normalize.personKey(owner) }) {
            authors.append(owner)
        }
        let venue = ArxivCategory.venue(forCode: header.code) ?? Venue(code: header.code, name: header.code)
        return Paper(
            title: Normalize.collapseSpaces(TeX.reduce(titleLine)),
            authors: authors,
            authorsTruncated: truncated,
            venue: venue,
            date: header.date,
            abstract: Normalize.collapseSpaces(TeX.reduce(rest.joined(separator: " "))))
    }

    /// `h-index12`, `6papers`, `18citations`, `6 Papers`.
    static func isStatisticsLine(_ line: String) -> Bool {
        let compact = line.lowercased().filter { !$0.isWhitespace }
        let digits = compact.filter { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let letters = compact.filter { !($0.isASCII && $0.isNumber) }
        return ["h-index", "papers", "citations"].contains(letters)
    }

    /// A line of names: short comma-separated items, not a sentence.
    private static func looksLikeAuthors(_ line: String) -> Bool {
        guard line.count < 2000 else { return false }
        if line.hasSuffix(".") && !line.hasSuffix("et al.") { return false }
        return line.split(separator: ",").allSatisfy { $0.tokenCount <= 6 }
    }
}

/// Splitting a line of author names.
enum AuthorList {
    /// Names split on commas and " and "; "et al." is never a name but marks the list as truncated.
    static func split(_ line: String) -> (names: [String], truncated: Bool) {
        var names: [String] = []
        var truncated = false
        for item in line.split(separator: ",") {
            for part in item.components(separatedBy: " and ") {
                var name = part.trimmed
                for suffix in ["et al.", "et al"] where name.lowercased().hasSuffix(suffix) {
                    truncated = true
                    name = String(name.dropLast(suffix.count)).trimmed
                    break
                }
                if !name.isEmpty { names.append(name) }
            }
        }
        return (names, truncated)
    }
}
