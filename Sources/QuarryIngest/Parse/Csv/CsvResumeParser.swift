import CSV
import Foundation
import QuarryModel

/// One data row of a `Category,Resume` file, its text repaired and its line endings made `\n`.
struct CsvResumeRow: Equatable, Sendable {
    /// The line the row starts on (1-based; the header is line 1).
    var line: Int
    var category: String
    var text: String
}

/// Parses a resume dataset in CSV (`Category,Resume`, as Kaggle's UpdatedResumeDataSet):
/// one resume record per row, its category taken from the `Category` column.
///
/// The resume text is flattened: the dataset's own markers ("Education Details", "Skill Details",
/// "Company Details") are glued to the text before them, and bullets are written with many glyphs
/// (`*`, `•`, `➢`, `❖`, `✓`, Wingdings `Ø`, …), often several on one line. The markers are split
/// onto lines of their own and the glyphs turned into `•`, so that the resume parser's bullet
/// splitting applies; a marker or a section heading starts a section. Double-encoded UTF-8 is
/// repaired first (`Mojibake.repair`). Skills come from labelled lists, plain lists in a skills
/// section and the dataset's "Python- Experience - 24 months" lines.
enum CsvResumeParser {
    /// Section markers the dataset glues into the text.
    static let datasetMarkers = [
        "Education Details", "Skill Details", "Company Details", "Projects Details", "Project Details",
    ]

    /// Glyphs used as bullets at the start of a line, or between items when surrounded by spaces.
    static let bulletGlyphs: Set<Character> = [
        "•", "*", "➢", "❖", "✓", "✔", "●", "▪", "♦", "◆", "◦", "✶", "➔", "➤", "►", "■", "□", "○", "·", "→", "−",
        "\u{F0D8}", "\u{F0B7}", "\u{F076}", "\u{F0A7}", "\u{F0FC}",
    ]

    /// Whether the first line of `text` is a header naming a `Category` and a `Resume` column.
    static func matches(_ text: String) -> Bool {
        columns(ofHeader: text) != nil
    }

    /// The positions of the category and resume columns in the header line, or nil.
    static func columns(ofHeader text: String) -> (category: Int, resume: Int)? {
        let firstLine = text.prefix { !$0.isNewline }
        let names = firstLine.split(separator: ",", omittingEmptySubsequences: false).map { field in
            field.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\"\u{FEFF}"))).lowercased()
        }
        guard let category = names.firstIndex(of: "category"), let resume = names.firstIndex(of: "resume") else {
            return nil
        }
        return (category, resume)
    }

    /// One resume per row; rows without a resume text are problems with their line numbers.
    ///
    /// Each row is named by the dataset and its position: the dataset is known by its
    /// sequence of categories, so two editions of one dataset (a re-encoded copy) name
    /// their rows alike, while the dataset's own repeated rows stay separate rows. Rows of
    /// one name are one resume only when their texts are the same (`Entity`), so two
    /// different exports with the same categories stay apart.
    static func parse(text: String, path: String) -> ParsedFile {
        let (rows, problems) = rows(in: text, path: path)
        let dataset = Fingerprint.hex(of: rows.map(\.category).joined(separator: "\n"))
        let records = rows.enumerated().map { index, row in
            var resume = resume(category: row.category, text: row.text)
            resume.datasetRow = "csv:\(dataset):\(rows.count):\(index + 1)"
            resume.line = row.line
            return Record.resume(resume)
        }
        return ParsedFile(format: FileParser.Format.resumeCSV.rawValue, records: records, problems: problems)
    }

    /// The data rows, repaired, with the problems of rows that have no resume text or broken quotes.
    ///
    /// `CsvRecords.split` first cuts the text into records by RFC 4180's quoting rules and
    /// sets aside each record whose quotes are broken (reported with its line); the reader
    /// then splits the good records into fields, so a broken row never swallows or changes
    /// its neighbours.
    static func rows(in text: String, path: String) -> (rows: [CsvResumeRow], problems: [ParseFailure]) {
        let (records, broken) = CsvRecords.split(text)
        var problems = broken.map { ParseFailure(path: path, line: $0.line, reason: $0.reason) }
        guard let header = records.first, header.line == 1, let columns = columns(ofHeader: String(header.text)),
            let reader = try? CSVReader(
                string: records.map(\.text).joined(separator: "\n"), hasHeaderRow: true)
        else { return ([], [ParseFailure(path: path, line: 1, reason: "no Category,Resume header")]) }
        var rows: [CsvResumeRow] = []
        var index = 1
        while let fields = reader.next() {
            let line = index < records.count ? records[index].line : 0
            index += 1
            if fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard columns.resume < fields.count, !fields[columns.resume].trimmed.isEmpty else {
                problems.append(ParseFailure(path: path, line: line, reason: "row has no resume text"))
                continue
            }
            let category = columns.category < fields.count ? fields[columns.category] : ""
            rows.append(
                CsvResumeRow(
                    line: line, category: Mojibake.repair(category).trimmed,
                    text: TextDecoding.normalize(Mojibake.repair(fields[columns.resume]))))
        }
        return (rows, problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
    }

    /// The resume of one row: sections, bullets, contact details and skills; no person, as the dataset names none.
    static func resume(category: String, text: String) -> Resume {
        let sections = sections(of: text)
        let contact = ContactInfo(scanning: contactLines(of: text))
        return Resume(
            emails: contact.emails, links: contact.links, phones: contact.phones, sections: sections,
            skills: skills(in: sections), category: category.isEmpty ? nil : category)
    }

    /// The lines that may hold an email address, a link or a phone number, for `ContactInfo` (which
    /// tests every word against several patterns, too slow for a thousand resumes): lines with `@`
    /// or `/`, with ten digits or more, or naming `www.`, `.github.io` or `scholar.google.`.
    /// Contact details never span lines, so this finds what scanning the whole text finds.
    static func contactLines(of text: String) -> String {
        var kept: [String] = []
        for line in text.utf8.split(separator: UInt8(ascii: "\n")) {
            var digits = 0
            var hasMark = false
            var hasDot = false
            for byte in line {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
                case UInt8(ascii: "@"), UInt8(ascii: "/"): hasMark = true
                case UInt8(ascii: "."): hasDot = true
                default: break
                }
            }
            let text = String(decoding: line, as: UTF8.self)
            if hasMark || digits >= 10 {
                kept.append(text)
            } else if hasDot {
                let lower = text.lowercased()
                if ["www.", ".github.io", "scholar.google."].contains(where: { ByteText.contains(lower, $0) }) {
                    kept.append(text)
                }
            }
        }
        return kept.joined(separator: "\n")
    }

    /// The sections of flattened resume text; text before the first heading goes into a section with an empty title.
    static func sections(of text: String) -> [ResumeSection] {
        var sections = [ResumeSection(title: "")]
        for rawLine in text.utf8.split(separator: UInt8(ascii: "\n")) {
            for piece in separatingMarkers(String(decoding: rawLine, as: UTF8.self)) {
                let line = bulletsMarked(ByteText.collapseSpaces(piece))
                guard !line.isEmpty else { continue }
                for item in ResumeParser.bulletItems(line) {
                    if !item.isBullet, let title = heading(item.text) {
                        sections.append(ResumeSection(title: title))
                        continue
                    }
                    let text = cleanMarkup(item.text)
                    guard !text.isEmpty else { continue }
                    if item.isBullet {
                        sections[sections.count - 1].bullets.append(text)
                    } else {
                        sections[sections.count - 1].lines.append(text)
                    }
                }
            }
        }
        if sections.count > 1, sections[0].lines.isEmpty, sections[0].bullets.isEmpty { sections.removeFirst() }
        return sections
    }

    /// The line cut before and after each dataset marker glued into it ("…Deep learning.Education Details").
    static func separatingMarkers(_ line: String) -> [String] {
        guard ByteText.contains(line, " Details") else { return [line] }
        var pieces: [String] = []
        var rest = line
        while let found = datasetMarkers.compactMap({ ByteText.range(of: $0, in: rest) }).min(by: {
            $0.lowerBound < $1.lowerBound
        }) {
            pieces.append(String(rest[..<found.lowerBound]))
            pieces.append(String(rest[found]))
            rest = String(rest[found.upperBound...])
        }
        pieces.append(rest)
        return pieces
    }

    /// `ResumeParser.cleanMarkup` when there is markup to clean, else white space collapsed.
    private static func cleanMarkup(_ text: String) -> String {
        if ByteText.contains(text, "**") || ByteText.contains(text, byte: UInt8(ascii: "\\")) {
            return ResumeParser.cleanMarkup(text)
        }
        return ByteText.collapseSpaces(text)
    }

    /// A dataset marker or a resume section heading ("Skills", "EDUCATION"), else nil.
    static func heading(_ text: String) -> String? {
        let bare = text.trimmingEdges { $0 == ":" || $0.isWhitespace }
        if datasetMarkers.contains(bare) { return bare }
        return SectionHeading.title(of: text)
    }

    /// The line with its bullet glyphs written as `•`: at the start of the line (a Wingdings `Ø`
    /// only when a space follows) and between items when surrounded by spaces (" * ", " ➢ ").
    static func bulletsMarked(_ line: String) -> String {
        guard line.utf8.contains(where: { $0 >= 0x80 || $0 == UInt8(ascii: "*") }) else { return line }
        var characters = Array(line)
        guard let first = characters.first else { return line }
        let secondIsSpace = characters.count > 1 && characters[1].isWhitespace
        switch first {
        case "•":
            break
        case "Ø", "ü", "−", "→", "·":
            // Letters and arrows start text too: a bullet only when a space follows ("Ø Managing",
            // and "ü Explaining" with Wingdings' check mark read as a Latin-1 letter).
            if secondIsSpace { characters[0] = "•" }
        default:
            if bulletGlyphs.contains(first) { characters[0] = "•" }
        }
        for index in characters.indices.dropFirst().dropLast()
        where bulletGlyphs.contains(characters[index]) && characters[index - 1].isWhitespace
            && characters[index + 1].isWhitespace
        {
            characters[index] = "•"
        }
        var marked = String(characters)
        // ResumeParser reads "• " as a bullet marker; make sure one space follows.
        if marked.first == "•", marked.dropFirst().first?.isWhitespace == false {
            marked.insert(" ", at: marked.index(after: marked.startIndex))
        }
        return marked
    }

    /// Skills: labelled lists anywhere ("Programming Languages: Python, Sql, Java"); in a skills
    /// section, the list after any label ("Machine learning: Regression, SVM, …"); and the skill
    /// of each "Python- Experience - 24 months" line. Deduplicated case-insensitively.
    static func skills(in sections: [ResumeSection]) -> [String] {
        var skills: [String] = []
        var seen: Set<String> = []
        func add(_ items: [String]) {
            for item in items where seen.insert(item.lowercased()).inserted { skills.append(item) }
        }
        for section in sections {
            let inSkillsSection = Normalize.words(of: section.title).contains { $0 == "skills" || $0 == "skill" }
            for text in section.lines + section.bullets {
                if let found = experienceSkills(text) {
                    add(found)
                    continue
                }
                let labelled = ByteText.range(of: ": ", in: text)
                // Without ": " a list needs a dash between label and items (SkillExtractor's rule).
                let dashed =
                    labelled == nil
                    && (ByteText.contains(text, " - ") || text.contains(where: { $0 == "–" || $0 == "—" }))
                var lists = labelled != nil || dashed ? SkillExtractor.labelledLists(in: text) : []
                if lists.isEmpty, inSkillsSection {
                    let body = labelled.map { String(text[$0.upperBound...]) } ?? text
                    if let items = SkillExtractor.items(of: body) { lists = [items] }
                }
                lists.forEach(add)
            }
        }
        return skills
    }

    /// Words that open a sentence about skills rather than name one ("Experience in Machine Learning").
    static let skillLeadWords: Set<String> = [
        "experience", "experienced", "knowledge", "expertise", "proficiency", "proficient", "skilled", "worked",
    ]

    /// The skills of a "<skills>- Experience - <duration>" line: "JAVASCRIPT- Experience - 24 months"
    /// → ["JAVASCRIPT"]; "Experience in Machine Learning, NLP, Python- Experience - …" → ["Machine
    /// Learning", "NLP", "Python"]. Nil when the line has another shape.
    static func experienceSkills(_ text: String) -> [String]? {
        guard let marker = ByteText.range(of: "- Experience -", in: text) else { return nil }
        var skill = text[..<marker.lowerBound].trimmed
        let words = skill.split(separator: " ")
        if words.count > 2, skillLeadWords.contains(words[0].lowercased()), ["in", "of", "with"].contains(words[1]) {
            skill = words.dropFirst(2).joined(separator: " ")
        }
        if skill.tokenCount <= SkillExtractor.longestItem, skill.contains(where: \.isLetter) { return [skill] }
        return SkillExtractor.items(of: skill) ?? []
    }
}

/// CSV records cut by RFC 4180's quoting rules, before any field is read.
enum CsvRecords {
    /// The records of `text` with the line each starts on (blank lines skipped), and the records
    /// whose quotes are broken: a quoted field that never closes, or whose closing quote is
    /// followed by something other than a comma, a line end or another quote. A broken record
    /// is reported at its first line, and reading goes on at the line after it: the quote it
    /// opened does not swallow the rows below.
    static func split(_ text: String) -> (
        records: [(line: Int, text: Substring)], broken: [(line: Int, reason: String)]
    ) {
        var records: [(line: Int, text: Substring)] = []
        var broken: [(line: Int, reason: String)] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var line = 1
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        while start < utf8.endIndex {
            var index = start
            var lines = 0
            var atFieldStart = true
            var problem: String? = nil
            scan: while index < utf8.endIndex {
                let byte = utf8[index]
                if atFieldStart && byte == quote {
                    // A quoted field: up to a quote not followed by another.
                    index = utf8.index(after: index)
                    while true {
                        guard index < utf8.endIndex else {
                            problem = "a quoted field is never closed"
                            break scan
                        }
                        let inner = utf8[index]
                        if inner == lf { lines += 1 }
                        index = utf8.index(after: index)
                        guard inner == quote else { continue }
                        if index < utf8.endIndex, utf8[index] == quote {
                            index = utf8.index(after: index)
                            continue
                        }
                        break
                    }
                    if index < utf8.endIndex, ![comma, lf, cr].contains(utf8[index]) {
                        problem = "a quoted field is not closed where it should be (a quote opens it and never ends it)"
                        break scan
                    }
                    atFieldStart = false
                    continue
                }
                if byte == lf { break }
                atFieldStart = byte == comma
                index = utf8.index(after: index)
            }
            if let problem {
                broken.append((line, problem))
                // Go on at the line after the broken record's first line.
                guard let end = utf8[start...].firstIndex(of: lf) else { break }
                start = utf8.index(after: end)
                line += 1
                continue
            }
            var end = index
            if end > start, utf8[utf8.index(before: end)] == cr { end = utf8.index(before: end) }
            let record = Substring(text.utf8[start..<end])
            if !record.allSatisfy(\.isWhitespace) { records.append((line, record)) }
            line += lines + 1
            start = index < utf8.endIndex ? utf8.index(after: index) : index
        }
        return (records, broken)
    }
}
