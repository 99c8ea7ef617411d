import Foundation
import QuarryModel

/// Parses arXiv metadata in JSON Lines, one paper per line (the Kaggle snapshot schema).
///
/// Lines are fed one at a time, so a dump is never held in memory beyond its papers. A line
/// that is not valid JSON, or has no title, becomes a problem with its line number and the
/// other lines are still read. Titles and abstracts lose their hard line breaks and their TeX
/// markup; TeX accents become letters. The `doi` field is the paper's DOI (its first, in the
/// form `doi:` queries look up: `Identifier.doi`).
struct ArxivParser {
    /// The longest journal reference kept as a venue name.
    static let longestJournalRef = 120
    /// The most problems listed one by one; the rest are counted (a file of garbage must not flood the report).
    static let mostProblems = 100

    let path: String
    private var records: [Record] = []
    private var problems: [ParseFailure] = []
    /// Problems listed so far, those handed over in parts included.
    private var listedProblems = 0
    private var unlistedProblems = 0
    private let decoder = JSONDecoder()

    /// A parser for the lines of the file at `path` (used in problems).
    init(path: String) {
        self.path = path
    }

    /// Records parsed and not yet handed over.
    var recordCount: Int { records.count }

    /// The records and problems parsed since the last part, handed over (the parser keeps none).
    mutating func takePart() -> ParsedFile {
        defer {
            records = []
            problems = []
        }
        return ParsedFile(format: FileParser.Format.arxiv.rawValue, records: records, problems: problems)
    }

    /// The records and problems read since the last part (all of them when none was taken).
    var parsed: ParsedFile {
        var all = problems
        if unlistedProblems > 0 {
            all.append(ParseFailure(path: path, reason: "\(unlistedProblems) more bad lines not listed"))
        }
        return ParsedFile(format: FileParser.Format.arxiv.rawValue, records: records, problems: all)
    }

    /// Records a problem of line `number`, or counts it once the list is full.
    private mutating func problem(_ reason: String, line number: Int) {
        if listedProblems < ArxivParser.mostProblems {
            problems.append(ParseFailure(path: path, line: number, reason: reason))
            listedProblems += 1
        } else {
            unlistedProblems += 1
        }
    }

    /// What a line of a JSON file is, for deciding whether the file is an arXiv dump.
    enum LineKind: Equatable {
        /// A JSON object with an id and a title or an abstract (in a `.json`, not a CSL item).
        case record
        /// Valid JSON that is not a record: another kind of object, an array, a string, a number.
        case otherJSON
        /// Not JSON (malformed, cut short, not UTF-8, nested too deeply), with the reason a
        /// problem of that line gives.
        case invalid(String)
    }

    /// What `line` (not blank) is; `cslItems` (a `.json` file) makes an object with a string
    /// `type` a CSL item, not a record.
    static func kind(of line: ArraySlice<UInt8>, cslItems: Bool = false) -> LineKind {
        do {
            let probe = try JSONDecoder().decode(ArxivProbe.self, from: Data(line))
            let isRecord = probe.id != nil && (probe.title != nil || probe.abstract != nil)
            return isRecord && !(cslItems && probe.hasTypeString) ? .record : .otherJSON
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            return .invalid("invalid JSON")
        } catch {
            // Valid JSON: not an object, or a probed field of another type.
            return .otherJSON
        }
    }

    /// Whether a line holds only white space.
    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy(isJSONSpace)
    }

    /// JSON's four white-space bytes.
    private static func isJSONSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Why a line over `ReadLimits.line` is not read.
    static let tooLongReason =
        "line longer than \(ReadLimits.describe(Int64(ReadLimits.line))) (Quarry's limit for one record), skipped"

    /// Records line `number` as too long to read (over `ReadLimits.line`); the other lines are still read.
    mutating func addTooLong(number: Int) {
        problem(ArxivParser.tooLongReason, line: number)
    }

    /// Parses line `number`; a blank line is skipped, a bad one recorded as a problem.
    mutating func add(line: ArraySlice<UInt8>, number: Int) {
        if ArxivParser.isBlank(line) { return }
        let decoded: ArxivLine
        do {
            decoded = try decoder.decode(ArxivLine.self, from: Data(line))
        } catch {
            problem(ArxivParser.reason(for: error), line: number)
            return
        }
        switch ArxivParser.paper(from: decoded) {
        case .success(var paper):
            paper.line = number
            records.append(.paper(paper))
        case .failure(let failure): problem(failure.reason, line: number)
        }
    }

    /// Why a line could not be decoded, in a few words.
    static func reason(for error: any Error) -> String {
        guard let error = error as? DecodingError else { return "invalid JSON" }
        func field(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "invalid JSON"
        case .dataCorrupted(let context):
            return "field \"\(field(context.codingPath))\" is not valid"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "not a JSON object"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \"\(field(context.codingPath))\" has the wrong type"
        case .keyNotFound(let key, _):
            return "missing field \"\(key.stringValue)\""
        @unknown default:
            return "invalid JSON"
        }
    }

    /// A line's problem that is not a JSON error.
    struct Problem: Error, Equatable {
        var reason: String
    }

    /// The paper of a decoded line, or why there is none.
    static func paper(from line: ArxivLine) -> Result<Paper, Problem> {
        // A record needs a title or an abstract: test collections such as MED have only text.
        let title = clean(line.title ?? "")
        let abstract = clean(line.abstract ?? "")
        guard !title.isEmpty || !abstract.isEmpty else {
            return .failure(
                Problem(reason: line.title == nil ? "missing title and abstract" : "empty title and abstract"))
        }
        var (authors, truncated) = names(parsed: line.authorsParsed ?? [])
        if authors.isEmpty, let listed = line.authors {
            switch listed {
            case .text(let text): (authors, truncated) = splitAuthors(text)
            case .list(let list):
                let split = list.map(splitAuthors)
                authors = split.flatMap(\.names)
                truncated = split.contains { $0.truncated }
            }
        }
        var venues = categoryVenues(line.categories?.items ?? [])
        if let reference = line.journalRef.flatMap(journalVenue), !venues.contains(reference) {
            venues.append(reference)
        }
        let id = line.id?.items.first.map { $0.trimmed }
        return .success(
            Paper(
                title: title, authors: authors, authorsTruncated: truncated,
                venue: venues.first, otherVenues: Array(venues.dropFirst()),
                date: date(versions: line.versions ?? [], updated: line.updateDate),
                abstract: abstract,
                arxivID: id?.isEmpty == false ? id : nil,
                doi: line.doi?.items.lazy.compactMap(Identifier.doi).first))
    }

    /// Text with TeX reduced, accents made letters and white space collapsed.
    static func clean(_ text: String) -> String {
        ByteText.collapseSpaces(TeX.reduce(unwrapped(text)))
    }

    /// Hard-wrapped text on one line: a word broken at a line end made whole (`ap-` / `plicable`),
    /// a compound kept (`pre-` / `training`), a suspended hyphen spaced (`open-` / `and`), as
    /// `LineEndHyphens` decides from the text itself and the word list.
    static func unwrapped(_ text: String) -> String {
        guard text.contains("-\n") else { return text }
        return LineEndHyphens(document: text).join(text.components(separatedBy: "\n"))
    }

    /// Names from `authors_parsed` (`[last, first, suffix, …]` → "First Last Suffix"); an
    /// "et al" entry marks the list as truncated.
    static func names(parsed: [[String?]]) -> (names: [String], truncated: Bool) {
        var names: [String] = []
        var truncated = false
        for entry in parsed {
            let parts = entry.prefix(3).map { $0 ?? "" }
            guard let last = parts.first else { continue }
            let first = parts.count > 1 ? parts[1] : ""
            let suffix = parts.count > 2 ? parts[2] : ""
            // Kaggle spaces hyphenated initials: "C. -P." is "C.-P." in the authors string.
            let given = first.replacingOccurrences(of: ". -", with: ".-")
            let (name, cut) = AuthorList.clean(
                clean([given, last, suffix].filter { !$0.isEmpty }.joined(separator: " ")))
            truncated = truncated || cut
            if let name { names.append(name) }
        }
        return (names, truncated)
    }

    /// Suffixes a comma separates from their name ("John Smith, Jr.").
    static let nameSuffixes: Set<String> = ["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"]

    /// Names from an `authors` string: "C. Bal\'azs, E. L. Berger and P. M. Nadolsky (1) ((1) Univ.)".
    /// Parenthesised affiliations are dropped, names split on commas, semicolons and " and "/" & ".
    static func splitAuthors(_ text: String) -> (names: [String], truncated: Bool) {
        var cleaned = clean(TextCleanup.removingParentheses(text))
        if ByteText.contains(cleaned, byte: UInt8(ascii: ";")) || ByteText.contains(cleaned, byte: UInt8(ascii: "&")) {
            cleaned = cleaned.replacingOccurrences(of: ";", with: ",").replacingOccurrences(of: " & ", with: " and ")
        }
        // As `AuthorList.split`, without Foundation in the common case (no " and ").
        var split: [String] = []
        var truncated = false
        for item in cleaned.utf8.split(separator: UInt8(ascii: ",")) {
            let text = String(decoding: item, as: UTF8.self)
            let parts = ByteText.contains(text, " and ") ? text.components(separatedBy: " and ") : [text]
            for part in parts {
                let (name, cut) = AuthorList.clean(part)
                truncated = truncated || cut
                if let name { split.append(name) }
            }
        }
        var names: [String] = []
        for name in split {
            if name.utf8.count <= 4, nameSuffixes.contains(name.lowercased()), let last = names.popLast() {
                names.append(last + " " + name)
            } else if name.utf8.starts(with: "and ".utf8) || name.utf8.starts(with: "And ".utf8) {
                names.append(ByteText.trimSpaces(name.dropFirst(4)))
            } else {
                names.append(name)
            }
        }
        return (names.filter { !$0.isEmpty }, truncated)
    }

    /// One venue per category code, in order: the arXiv name when known, else the code itself
    /// (an archive-shaped word such as `bench`). What submitters add to the list and is not a
    /// venue is dropped: ACM and MSC classes (`I.2.7`, `68T50`), `(Primary)`, `MSC 2020:`.
    static func categoryVenues(_ lists: [String]) -> [Venue] {
        var venues: [Venue] = []
        var seen: Set<String> = []
        for list in lists {
            for token in list.split(whereSeparator: \.isWhitespace) {
                let code = String(token).trimmingEdges { $0 == "," || $0 == ";" }
                guard !code.isEmpty, isCategory(code), seen.insert(code).inserted else { continue }
                venues.append(ArxivCategory.venue(forCode: code) ?? Venue(code: code, name: code))
            }
        }
        return venues
    }

    /// Whether a token of `categories` is an arXiv category: a known code, or an archive-shaped
    /// word (`cs.LG`, `hep-th`, `math.AG`, `bench`), never a classification code (`I.2.7`, `68T07`).
    static func isCategory(_ code: String) -> Bool {
        if ArxivCategory.names[code] != nil { return true }
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let archive = parts.first, archive.count >= 2,
            archive.allSatisfy({ ($0.isASCII && $0.isLowercase) || $0 == "-" })
        else { return false }
        return parts.count == 1
            || (parts[1].count >= 2 && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0 == "-") })
    }

    /// The journal a `journal-ref` names, as a venue: a journal reference is a citation
    /// ("Phys.Rev.D76:013009,2007"), one facet value per paper, so the venue is its name, the text
    /// before the volume (`journalName`); the first reference whole when it has no volume or no
    /// name before it. Cut at a word boundary when very long.
    static func journalVenue(_ reference: String) -> Venue? {
        // "J. Foo 106, 558 (2007); Erratum: J. Foo 171, 82 (2016)": the first reference is the venue.
        let first = clean(String(reference.prefix { $0 != ";" }))
        var name = journalName(first) ?? first
        if name.count > longestJournalRef {
            let cut = name.prefix(longestJournalRef)
            let end = cut.lastIndex(of: " ") ?? cut.endIndex
            name = String(cut[..<end]).trimmingEdges { $0 == "," || $0 == ";" || $0.isWhitespace } + "…"
        }
        return name.isEmpty ? nil : Venue(name: name)
    }

    /// Words that end a journal's name only as the label of the number after them.
    static let numberLabels = ["volume", "vol.", "vol", "v.", "no.", "no", "pp.", "pp", "p.", "pages", "issue"]

    /// The journal's name in a reference: the text before its volume, the first number that is
    /// neither part of a word (`2nd`, `3D`) nor a year before more words (`Proc. 2007 IEEE Symp.`),
    /// without a number label (`vol.`) or punctuation at its end: "Phys.Rev.D76:013009,2007" →
    /// "Phys.Rev.D", "Phys. Rev. B 75, 134405 (2007)" → "Phys. Rev. B", "IEEE Trans. X, vol. 12,
    /// no. 3" → "IEEE Trans. X", "ICLR 2025" → "ICLR". Nil when there is no number, or no name
    /// (two letters at least) before it.
    static func journalName(_ reference: String) -> String? {
        let characters = Array(reference)
        let isDigit = { (character: Character) in character.isASCII && character.isNumber }
        var index = 0
        while index < characters.count {
            guard isDigit(characters[index]) else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, isDigit(characters[end]) { end += 1 }
            let partOfWord = end < characters.count && characters[end].isLetter
            let year = end - index == 4 && ["19", "20"].contains(String(characters[index..<index + 2]))
            let wordsFollow = characters[end...].first { $0 != " " }?.isLetter == true
            if !partOfWord && !(year && wordsFollow) {
                return nameBefore(String(characters[..<index]))
            }
            index = end
        }
        return nil
    }

    /// The text before a volume without its trailing number labels and punctuation; nil without two letters.
    private static func nameBefore(_ text: String) -> String? {
        let isTrailing = { (character: Character) in character.isWhitespace || ",:;-–([".contains(character) }
        var name = text.trimmingEdges(where: isTrailing)
        var changed = true
        while changed {
            changed = false
            let lower = name.lowercased()
            for label in numberLabels where lower.hasSuffix(label) {
                let rest = name.dropLast(label.count)
                guard rest.isEmpty || rest.last == " " || rest.last == "." || rest.last == "," else { continue }
                name = String(rest).trimmingEdges(where: isTrailing)
                changed = true
                break
            }
        }
        return name.count(where: \.isLetter) >= 2 ? name : nil
    }

    /// The date of the first version ("Mon, 2 Apr 2007 19:18:42 GMT"), else `update_date` ("2008-11-13").
    static func date(versions: [ArxivLine.Version], updated: String?) -> PartialDate? {
        let first = versions.first { $0.version == "v1" } ?? versions.first
        if let created = first?.created, let date = versionDate(created) { return date }
        return updated.flatMap(isoDate)
    }

    /// "Mon, 2 Apr 2007 19:18:42 GMT" → 2007-04-02.
    static func versionDate(_ text: String) -> PartialDate? {
        var day: Int?
        var month: Int?
        var year: Int?
        for token in text.split(whereSeparator: { $0 == " " || $0 == "," }) {
            if token.allSatisfy({ $0.isASCII && $0.isNumber }) {
                if token.count <= 2, day == nil, let value = Int(token), (1...31).contains(value) {
                    day = value
                } else if token.count == 4, year == nil {
                    year = Int(token)
                }
            } else if month == nil, token.count >= 3, token.allSatisfy(\.isLetter) {
                let lower = token.lowercased()
                if let index = EntryHeader.months.firstIndex(where: { $0.hasPrefix(lower.prefix(3)) }) {
                    month = index + 1
                }
            }
        }
        guard let year else { return nil }
        return PartialDate(year: year, month: month, day: month == nil ? nil : day)
    }

    /// "2008-11-13" (or "2008-11", "2008") → a date.
    static func isoDate(_ text: String) -> PartialDate? {
        let parts = text.trimmed.split(separator: "-").map { Int($0) }
        guard let first = parts.first, let year = first, (1000...9999).contains(year) else { return nil }
        let month = parts.count > 1 ? parts[1].flatMap { (1...12).contains($0) ? $0 : nil } : nil
        let day = parts.count > 2 && month != nil ? parts[2].flatMap { (1...31).contains($0) ? $0 : nil } : nil
        return PartialDate(year: year, month: month, day: day)
    }
}
