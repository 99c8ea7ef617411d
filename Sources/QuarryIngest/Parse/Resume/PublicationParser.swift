import Foundation
import QuarryModel

/// Parses one entry of a resume's publication list:
/// `**V. Gupta** and S. Varma, “Title” (CogSci '24) [Paper]`.
///
/// The title is the quoted part; the authors come before it and the venue after it. The bold
/// author is the resume's owner: when the owner's surname and first initial match, the full
/// name replaces the abbreviation, and the owner is added when missing.
enum PublicationParser {
    /// Parenthesised notes that say the paper has no venue yet.
    static let pendingWords = [
        "under submission", "in submission", "submitted", "under review", "in review", "in preparation",
    ]
    /// Parenthesised notes that are honours, not venues.
    static let honourWords = ["award", "best paper", "oral", "spotlight", "honorable mention", "nominee", "finalist"]
    /// Publishers named alongside a venue ("IEEE, 2019"), which are not the venue.
    static let publishers: Set<String> = ["ieee", "acm", "springer", "elsevier", "aaai", "usenix", "siam", "arxiv"]

    /// The paper in `entry`, or nil when the entry is not a publication: it needs a quoted title
    /// and, before it, a list of person names (`Normalize.looksLikePersonName`), so that a line
    /// such as `Presented “Tidal Routing” at the workshop` stays resume text.
    static func paper(from entry: String, owner: String?) -> Paper? {
        guard let (title, before, after) = quotedTitle(in: entry) else { return nil }
        var (authors, truncated) = authorList(before, owner: owner)
        guard !authors.isEmpty, authors.allSatisfy(Normalize.looksLikePersonName) else { return nil }
        if let owner, !authors.contains(where: { Normalize.personKey($0) == Normalize.personKey(owner) }) {
            authors.append(owner)
        }
        let (venue, year) = venueAndYear(after)
        return Paper(
            title: title, authors: authors, authorsTruncated: truncated,
            venue: venue, date: year.map { PartialDate(year: $0) })
    }

    /// The text inside the first “…” or "…" pair, with the text before and after it.
    static func quotedTitle(in entry: String) -> (String, String, String)? {
        for (open, close) in [("“", "”"), ("\"", "\"")] {
            guard let start = entry.range(of: open),
                let end = entry.range(of: close, range: start.upperBound..<entry.endIndex)
            else { continue }
            let title = String(entry[start.upperBound..<end.lowerBound])
                .trimmingEdges { $0.isWhitespace || $0 == "," || $0 == "." }
            guard !title.isEmpty else { continue }
            return (title, String(entry[..<start.lowerBound]), String(entry[end.upperBound...]))
        }
        return nil
    }

    /// Names before the title; the bold one (or, without bold, the first match) becomes the owner's full name.
    static func authorList(_ text: String, owner: String?) -> ([String], Bool) {
        let bold = text.components(separatedBy: "**").enumerated()
            .filter { $0.offset % 2 == 1 }.map { $0.element.trimmed }
        var (names, truncated) = AuthorList.split(text.replacingOccurrences(of: "**", with: ""))
        guard let owner else { return (names, truncated) }
        let candidates = bold.isEmpty ? names : bold
        if let match = candidates.first(where: { matches($0, owner: owner) }),
            let index = names.firstIndex(of: match)
        {
            names[index] = owner
        }
        return (names, truncated)
    }

    /// "V. Gupta" matches "Vima Gupta": same surname, same first initial.
    static func matches(_ name: String, owner: String) -> Bool {
        let words = Normalize.words(of: name)
        let ownerWords = Normalize.words(of: owner)
        guard let surname = words.last, let initial = words.first?.first,
            surname == ownerWords.last, initial == ownerWords.first?.first
        else { return false }
        return true
    }

    /// The venue and year in the text after the title.
    ///
    /// `[Paper]`-style links and honours (`(**Best Paper Award**)`) are removed first. What is left
    /// is either one parenthesised venue (`(CogSci '24)`), a pending note (`(Under submission)`:
    /// no venue, no year), or free text such as "Proceedings of …, vol. 44, 2022." whose
    /// longest sentence, without years, volume numbers and publisher names, is the venue.
    static func venueAndYear(_ text: String) -> (Venue?, Int?) {
        let source = removingBrackets(text).replacingOccurrences(of: "**", with: "")
        var rest = ""  // the source without honours
        var outside = ""  // the source without any parenthesised note
        var groups: [String] = []
        var index = source.startIndex
        while let open = source[index...].firstIndex(of: "("), let close = source[open...].firstIndex(of: ")") {
            rest += source[index..<open]
            outside += source[index..<open]
            let inner = source[source.index(after: open)..<close].trimmed
            let lower = inner.lowercased()
            if pendingWords.contains(where: lower.contains) { return (nil, nil) }
            if !honourWords.contains(where: lower.contains) {
                groups.append(inner)
                rest += source[open...close]
            }
            index = source.index(after: close)
        }
        rest += source[index...]
        outside += source[index...]
        let isVenueChar: (Character) -> Bool = { $0.isLetter || $0.isNumber }

        // Only a parenthesised note: "(CogSci '24)".
        guard outside.contains(where: isVenueChar) else {
            guard let name = groups.first, name.contains(where: isVenueChar) else { return (nil, nil) }
            return (Venue(name: name), year(in: name))
        }
        // Free text: "2019, International Conference on … (IMICPW). IEEE, 2019".
        var name = freeTextVenue(rest.trimmingEdges { $0.isWhitespace || $0 == "," || $0 == "." })
        var code: String?
        if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            let acronym = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
            if isAcronym(acronym) && !name[..<open].trimmed.isEmpty {
                code = acronym
                name = name[..<open].trimmed
            }
        }
        let year = year(in: rest)
        guard name.contains(where: isVenueChar) else { return (nil, year) }
        return (Venue(code: code, name: name), year)
    }

    /// The longest sentence of the free text, trimmed of years, volume and page numbers and publishers.
    private static func freeTextVenue(_ text: String) -> String {
        var text = text
        for abbreviation in ["vol. ", "no. ", "pp. ", "Vol. ", "No. ", "Pp. "] {
            text = text.replacingOccurrences(of: abbreviation, with: abbreviation.dropLast(2) + " ")
        }
        let sentences = text.components(separatedBy: ". ").map { sentence -> String in
            var pieces = sentence.split(separator: ",").map { $0.trimmed }
            while let first = pieces.first, isNoise(first) { pieces.removeFirst() }
            while let last = pieces.last, isNoise(last) { pieces.removeLast() }
            var venue = pieces.joined(separator: ", ").trimmingEdges { $0 == "." || $0.isWhitespace }
            for lead in ["in ", "In ", "In: "] where venue.hasPrefix(lead) {
                venue = String(venue.dropFirst(lead.count))
            }
            return venue
        }
        return sentences.max { $0.count < $1.count } ?? ""
    }

    /// A year, a number, "vol 44", "pp 1-10", a publisher name: not part of a venue's name.
    private static func isNoise(_ piece: String) -> Bool {
        let words = piece.lowercased().split(whereSeparator: \.isWhitespace)
        if words.isEmpty { return true }
        if publishers.contains(piece.lowercased()) { return true }
        let labels: Set<String> = ["vol", "volume", "no", "pp", "pages", "issue"]
        return words.allSatisfy { word in
            labels.contains(String(word)) || word.allSatisfy { $0.isNumber || $0 == "-" || $0 == "–" || $0 == "." }
        }
    }

    /// Whether `text` is an acronym such as "IMICPW" or "NeurIPS".
    private static func isAcronym(_ text: String) -> Bool {
        !text.isEmpty && !text.contains(" ") && text.filter(\.isUppercase).count >= 2
    }

    /// The last four-digit year (1950–2099) in `text`, else a two-digit one after an apostrophe ("'24").
    static func year(in text: String) -> Int? {
        var found: Int?
        var digits = ""
        var afterApostrophe = false
        for character in text + " " {
            if character.isASCII && character.isNumber {
                digits.append(character)
                continue
            }
            if digits.count == 4, let value = Int(digits), (1950...2099).contains(value) {
                found = value
            } else if digits.count == 2, afterApostrophe, found == nil, let value = Int(digits) {
                found = value <= 50 ? 2000 + value : 1900 + value
            }
            afterApostrophe = character == "'" || character == "’"
            digits = ""
        }
        return found
    }

    /// Text without `[...]` parts (`[Paper]`, `[Poster]`).
    private static func removingBrackets(_ text: String) -> String {
        var output = ""
        var depth = 0
        for character in text {
            if character == "[" {
                depth += 1
            } else if character == "]" {
                depth = max(0, depth - 1)
            } else if depth == 0 {
                output.append(character)
            }
        }
        return output
    }
}
