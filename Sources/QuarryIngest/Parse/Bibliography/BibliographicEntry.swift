import Foundation
import QuarryModel

/// One entry of a bibliography (BibTeX, RIS or CSL JSON) in the shape the three formats share,
/// before it becomes a `Paper`. Each parser fills what its format gives; `paper` cleans and checks.
struct BibliographicEntry {
    /// The entry's citation key (`DBLP:conf/sigmod/AbadiC02`, a RIS `ID`, a CSL `id`).
    var key: String?
    /// The format's entry type, lower-cased (`inproceedings`, `JOUR`, `paper-conference`).
    var type: String = ""
    var title: String = ""
    /// Author names as the source writes them (TeX, HTML entities and all), in order.
    var authors: [String] = []
    /// True when the list ends in `others` / `et al.`.
    var authorsTruncated = false
    /// The journal or proceedings.
    var venue: String?
    var year: Int?
    var month: Int?
    var day: Int?
    var abstract: String = ""
    var doi: String?
    /// The ISBN field as written (a BibTeX `isbn`, a RIS `SN`, a CSL `ISBN`); kept when it is one.
    var isbn: String?
    var arxivID: String?
    var url: String?
    var keywords: [String] = []
    /// Where the entry starts in its file (1-based), for problems.
    var line: Int

    init(line: Int) {
        self.line = line
    }

    /// The paper, or why the entry is not one (no title).
    func paper() -> Result<Paper, ParseFailure.Reason> {
        let title = BibText.clean(title)
        guard !title.isEmpty else {
            return .failure(.init("entry \(key.map { "\"\($0)\" " } ?? "")has no title"))
        }
        var names: [String] = []
        var truncated = authorsTruncated
        for author in authors {
            let name = BibText.withoutHomonymNumber(BibText.clean(author))
            if BibText.isOthers(name) {
                truncated = true
            } else if !name.isEmpty, !names.contains(name) {
                names.append(name)
            }
        }
        let venueName = venue.map(BibText.clean).flatMap { $0.isEmpty ? nil : $0 }
        let doi = self.doi.flatMap(BibText.doi)
        var arxiv = arxivID.flatMap(BibText.arxivID)
        if arxiv == nil { arxiv = [url, venueName, doi].compactMap { $0 }.lazy.compactMap(BibText.arxivID).first }
        let link = url.map(BibText.stripBraces).flatMap { $0.isEmpty || BibText.doi($0) == doi ? nil : $0 }
        return .success(
            Paper(
                title: title, authors: names, authorsTruncated: truncated,
                venue: venueName.map { Venue(name: $0) },
                date: year.map { PartialDate(year: $0, month: month, day: month == nil ? nil : day) },
                abstract: BibText.clean(abstract), arxivID: arxiv, doi: doi,
                isbn: isbn.flatMap { Identifier.isbn(BibText.stripBraces($0)) },
                citationKey: key.flatMap { $0.isEmpty ? nil : $0 }, url: link,
                keywords: keywords.isEmpty ? nil : keywords.map(BibText.clean).filter { !$0.isEmpty }))
    }
}

extension ParseFailure {
    /// The reason part of a failure, before a path and line are known.
    struct Reason: Error, Equatable {
        var text: String
        init(_ text: String) { self.text = text }
    }
}

/// Text clean-up and identifier parsing shared by the bibliography formats.
enum BibText {
    /// Field text as a reader sees it: TeX accents as letters (`{\"u}` → ü, through `TeX.reduce`),
    /// grouping braces and commands dropped, `~` as a space, `--`/`---` as dashes, HTML character
    /// references decoded (`&#228;` → ä, as ACM exports write them, TeX-escaped: `\&\#228;`),
    /// white space collapsed.
    static func clean(_ text: String) -> String {
        var text = TeX.reduce(Mojibake.repair(text))
        if ByteText.contains(text, byte: UInt8(ascii: "{")) || ByteText.contains(text, byte: UInt8(ascii: "}")) {
            text = stripBraces(text)
        }
        if ByteText.contains(text, byte: UInt8(ascii: "~")) { text = text.replacingOccurrences(of: "~", with: " ") }
        if ByteText.contains(text, "--") {
            text = text.replacingOccurrences(of: "---", with: "—").replacingOccurrences(of: "--", with: "–")
        }
        if ByteText.contains(text, byte: UInt8(ascii: "&")) { text = decodeEntities(text) }
        return ByteText.collapseSpaces(text)
    }

    /// The text without `{` and `}`.
    static func stripBraces(_ text: String) -> String {
        String(text.unicodeScalars.filter { $0 != "{" && $0 != "}" }.map(Character.init)).trimmed
    }

    /// Named references bibliographies use, beyond numeric ones.
    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—", "ndash": "–",
        "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
    ]

    /// `&#228;`, `&#xE4;` and the named references above decoded; anything else kept as written.
    static func decodeEntities(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semicolon = after.prefix(10).firstIndex(of: ";") else {
                output += "&"
                rest = after
                continue
            }
            let name = after[..<semicolon]
            var decoded: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                decoded = namedEntities[String(name)]
            }
            if let decoded {
                output += decoded
                rest = after[after.index(after: semicolon)...]
            } else {
                output += "&"
                rest = after
            }
        }
        return output + rest
    }

    /// DBLP tells people of one name apart with a number (`Carlos Ordonez 0002`): not part of the name.
    static func withoutHomonymNumber(_ name: String) -> String {
        let words = name.split(separator: " ")
        guard words.count >= 2, let last = words.last, last.count == 4, last.allSatisfy(\.isASCIINumber) else {
            return name
        }
        return words.dropLast().joined(separator: " ")
    }

    /// Whether a name stands for the authors left out (`others` in BibTeX, `et al.` elsewhere).
    static func isOthers(_ name: String) -> Bool {
        ["others", "et al", "et al.", "and others"].contains(name.lowercased())
    }

    /// A DOI in a field, braces removed (`Identifier.doi`).
    static func doi(_ text: String) -> String? {
        Identifier.doi(stripBraces(text).replacingOccurrences(of: "\\_", with: "_"))
    }

    /// An arXiv identifier in a field, braces removed (`Identifier.arxivID`).
    static func arxivID(_ text: String) -> String? {
        Identifier.arxivID(stripBraces(text))
    }

    /// Month names and abbreviations in English (`jan`, `January`, `Jan.`) or a number 1–12.
    static func month(_ text: String) -> Int? {
        let word = stripBraces(text).trimmingEdges { $0 == "." || $0.isWhitespace }.lowercased()
        if let number = Int(word) { return (1...12).contains(number) ? number : nil }
        guard word.count >= 3 else { return nil }
        return monthNames.firstIndex { $0.hasPrefix(word) }.map { $0 + 1 }
    }

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// The first four-digit year (1000–2999) in the text.
    static func year(_ text: String) -> Int? {
        var digits = 0
        var value = 0
        for character in text + " " {
            if let digit = character.asciiDigit {
                digits += 1
                value = value * 10 + digit
            } else {
                if digits == 4, (1000...2999).contains(value) { return value }
                digits = 0
                value = 0
            }
        }
        return nil
    }

    /// "Last, First" or "Last, First, Suffix" (RIS's order) as "First Last Suffix"; other text as it is.
    static func naturalOrder(_ name: String) -> String {
        let parts = name.split(separator: ",").map { ByteText.trimSpaces($0) }.filter { !$0.isEmpty }
        switch parts.count {
        case 2: return parts[1] + " " + parts[0]
        case 3: return parts[1] + " " + parts[0] + " " + parts[2]
        default: return name
        }
    }

    /// Keywords split on `,` and `;` (the separators reference managers use).
    static func keywords(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == ";" }).map { ByteText.trimSpaces($0) }.filter { !$0.isEmpty }
    }
}

extension Character {
    /// Whether the character is one of the ASCII digits 0–9.
    var isASCIINumber: Bool { isASCII && isNumber }

    /// The value of an ASCII digit, else nil.
    var asciiDigit: Int? {
        guard isASCII, let value = wholeNumberValue else { return nil }
        return value
    }
}
