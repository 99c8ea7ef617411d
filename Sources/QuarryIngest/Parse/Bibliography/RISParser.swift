import QuarryModel

/// Parses RIS (`.ris`), the tagged format of EndNote, Zotero, Mendeley and publishers' exports.
///
/// A record runs from `TY  - JOUR` to `ER  -`; each line is a two-character tag, two spaces, a
/// hyphen and a space, then the value (a line without a tag continues the previous value). Tags
/// read: `TI`/`T1` title, `AU`/`A1` authors (`Last, First`), `A2`/`ED` editors when there is no
/// author, `T2`/`JO`/`JF`/`JA`/`BT` venue, `PY`/`Y1`/`DA` date (`2020/05/12/`), `AB`/`N2`
/// abstract, `DO` DOI, `UR` link, `KW` keywords, `ID` the citation key, `M1`/`N1`/`AN` an arXiv
/// id when they hold one. A record without `ER` is still kept (and reported), as is the text
/// of the records around a line that belongs to none.
enum RISParser {
    /// The name `ParsedFile.format` reports.
    static let format = "ris"

    /// One tagged line: `AU  - Pell, Juno` → ("AU", "Pell, Juno").
    static func tagged(_ line: Substring) -> (tag: String, value: String)? {
        let chars = Array(line.prefix(6))
        guard chars.count >= 5, chars[0].isASCII, chars[0].isUppercase, chars[1].isASCII,
            chars[1].isUppercase || chars[1].isNumber, chars[2] == " ", chars[3] == " ", chars[4] == "-"
        else { return nil }
        guard chars.count == 5 || chars[5] == " " else { return nil }
        return (String(chars[0...1]), ByteText.trimSpaces(line.dropFirst(6)))
    }

    /// Parses the text of a RIS file at `path` (named in problems).
    static func parse(text: String, path: String) -> ParsedFile {
        var records: [Record] = []
        var problems: [ParseFailure] = []
        var current: [(tag: String, value: String)]? = nil
        var start = 0
        // A run of lines outside any record is reported once, at its first line.
        var inStrayRun = false
        func strayLine(_ number: Int) {
            if !inStrayRun {
                problems.append(
                    ParseFailure(path: path, line: number, reason: "line outside a record (no \"TY  -\" before it)"))
            }
            inStrayRun = true
        }

        func finish(ended: Bool) {
            guard let fields = current else { return }
            if !ended { problems.append(ParseFailure(path: path, line: start, reason: "record has no \"ER  -\" line")) }
            switch entry(fields, line: start).paper() {
            case .success(let paper): records.append(.paper(paper))
            case .failure(let reason): problems.append(ParseFailure(path: path, line: start, reason: reason.text))
            }
            current = nil
        }

        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let number = index + 1
            if let (tag, value) = tagged(line) {
                if tag == "TY" || current != nil { inStrayRun = false }
                switch tag {
                case "TY":
                    finish(ended: false)
                    current = [(tag, value)]
                    start = number
                case "ER":
                    if current == nil { strayLine(number) } else { finish(ended: true) }
                default:
                    if current == nil { strayLine(number) } else { current?.append((tag, value)) }
                }
            } else if !line.allSatisfy(\.isWhitespace) {
                if var fields = current, let last = fields.indices.last {
                    fields[last].value += " " + ByteText.trimSpaces(line)
                    current = fields
                } else {
                    strayLine(number)
                }
            }
        }
        finish(ended: false)
        return ParsedFile(format: format, records: records, problems: problems)
    }

    /// The shared entry shape of one record's tagged values.
    static func entry(_ fields: [(tag: String, value: String)], line: Int) -> BibliographicEntry {
        var entry = BibliographicEntry(line: line)
        func first(_ tags: String...) -> String? {
            for tag in tags {
                if let value = fields.first(where: { $0.tag == tag && !$0.value.isEmpty }) { return value.value }
            }
            return nil
        }
        func all(_ tags: String...) -> [String] {
            fields.filter { tags.contains($0.tag) && !$0.value.isEmpty }.map(\.value)
        }
        entry.type = (first("TY") ?? "").lowercased()
        entry.key = first("ID")
        entry.title = first("TI", "T1", "CT") ?? ""
        entry.authors = all("AU", "A1")
        if entry.authors.isEmpty { entry.authors = all("A2", "ED") }
        entry.authors = entry.authors.map(BibText.naturalOrder)
        entry.venue = first("T2", "JO", "JF", "JA", "BT", "T3")
        if let date = first("PY", "Y1", "DA") {
            let parts = date.split(separator: "/", omittingEmptySubsequences: false)
            entry.year = BibText.year(String(parts.first ?? ""))
            if parts.count > 1 { entry.month = Int(parts[1]).flatMap { (1...12).contains($0) ? $0 : nil } }
            if parts.count > 2 { entry.day = Int(parts[2]).flatMap { (1...31).contains($0) ? $0 : nil } }
        }
        entry.abstract = first("AB", "N2") ?? ""
        entry.doi = first("DO")
        entry.isbn = first("SN")
        entry.url = first("UR", "L2")
        entry.arxivID = all("M1", "N1", "AN", "UR").first { $0.lowercased().contains("arxiv") }
        entry.keywords = all("KW").flatMap(BibText.keywords)
        return entry
    }
}
