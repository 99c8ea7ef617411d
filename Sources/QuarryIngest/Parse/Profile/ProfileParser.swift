import Foundation
import QuarryModel

/// Parses a profile page: the person's name, a statistics header, then one paper per entry.
///
/// An entry is its header line, the title, the authors and the abstract, up to the next header.
/// The page lists the owner's papers, so the owner is added to every author list that lacks
/// the name (often hidden behind "et al."), and replaces the owner's initials where the list
/// has them ("J. Pell" on Juno Pell's page).
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
        if let owner {
            // The owner may be listed with initials ("J. Pell" on Juno Pell's page): the full name replaces them.
            let name = PersonName(owner)
            if let index = authors.firstIndex(where: { PersonName($0).matches(name) }) {
                if owner.count > authors[index].count { authors[index] = owner }
            } else {
                authors.append(owner)
            }
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
        // The words are 9 characters at most: a line with many more besides digits and spaces is
        // none (a test that stops early on a long line of text).
        if ByteText.isASCII(line) {
            // A byte is a Character there ("\r\n" is white space either way).
            var others = 0
            for byte in line.utf8 where !ByteText.isASCIIWhitespace(byte) && !(0x30...0x39).contains(byte) {
                others += 1
                if others > 32 { return false }
            }
        } else {
            var others = 0
            for character in line where !character.isWhitespace && !(character.isASCII && character.isNumber) {
                others += 1
                if others > 32 { return false }
            }
        }
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
