import Foundation
import QuarryModel

/// Parses CSL JSON, the citation format of Zotero, Mendeley, pandoc and citeproc: a JSON array
/// of items (or one item alone) such as `{"id": "pell2024", "type": "article-journal", "title":
/// "…", "author": [{"family": "Pell", "given": "Juno"}], "container-title": "…", "issued":
/// {"date-parts": [[2024, 3]]}, "DOI": "…"}`.
///
/// An item that is not an object or has no title is a problem naming its position and id; the
/// other items are read. Names may also be `{"literal": "Acme Research"}`; dates may be
/// `{"raw": "2024-03-01"}` or a `date-parts` list; an arXiv id is taken from `number`, `note`
/// or `URL` when one of them holds it (Zotero writes `"number": "arXiv:2101.00001"`).
enum CSLJSONParser {
    /// The name `ParsedFile.format` reports.
    static let format = "csl-json"

    /// Whether the items of a JSON array are CSL items: the first is one (`isItem`).
    static func matches(_ items: [Any]) -> Bool {
        items.first.map(isItem) ?? false
    }

    /// Whether a JSON value is a CSL item: an object with a string `type` and a `title` or an `id`.
    /// A `.json` file may hold one alone, read as an array of one.
    static func isItem(_ value: Any) -> Bool {
        guard let object = value as? [String: Any] else { return false }
        return object["type"] is String && (object["title"] != nil || object["id"] != nil)
    }

    /// Whether the first byte that is not white space (or a UTF-8 byte-order mark) is `[`.
    static func startsArray(_ bytes: [UInt8]) -> Bool {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return body.first(where: { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }) == UInt8(ascii: "[")
    }

    /// Parses CSL items from a file at `path` (named in problems).
    static func parse(items: [Any], path: String) -> ParsedFile {
        var records: [Record] = []
        var problems: [ParseFailure] = []
        for (index, value) in items.enumerated() {
            guard let item = value as? [String: Any] else {
                problems.append(ParseFailure(path: path, reason: "item \(index + 1) is not an object"))
                continue
            }
            switch entry(item).paper() {
            case .success(let paper): records.append(.paper(paper))
            case .failure(let reason):
                problems.append(ParseFailure(path: path, reason: "item \(index + 1): \(reason.text)"))
            }
        }
        return ParsedFile(format: format, records: records, problems: problems)
    }

    /// The shared entry shape of one CSL item.
    static func entry(_ item: [String: Any]) -> BibliographicEntry {
        var entry = BibliographicEntry(line: 0)
        func text(_ key: String) -> String? {
            if let string = item[key] as? String { return string.isEmpty ? nil : string }
            if let number = item[key] as? NSNumber { return number.stringValue }
            return nil
        }
        entry.key = text("id")
        entry.type = (text("type") ?? "").lowercased()
        entry.title = text("title") ?? ""
        entry.authors = names(item["author"])
        if entry.authors.isEmpty { entry.authors = names(item["editor"]) }
        entry.venue = text("container-title") ?? text("event-title") ?? text("collection-title")
        if let (year, month, day) = date(item["issued"]) {
            entry.year = year
            entry.month = month
            entry.day = day
        }
        entry.abstract = text("abstract") ?? ""
        entry.doi = text("DOI")
        entry.isbn = text("ISBN")
        entry.url = text("URL")
        entry.arxivID = ["number", "note", "URL", "archive_location"].compactMap(text).first {
            $0.lowercased().contains("arxiv")
        }
        if entry.arxivID == nil, text("publisher")?.lowercased() == "arxiv" { entry.arxivID = text("number") }
        entry.keywords = text("keyword").map(BibText.keywords) ?? []
        return entry
    }

    /// CSL names: `{"family", "given", "non-dropping-particle", "suffix"}` as "Given particle Family
    /// Suffix", or `{"literal"}` as written.
    static func names(_ value: Any?) -> [String] {
        guard let list = value as? [Any] else { return [] }
        return list.compactMap { element -> String? in
            guard let name = element as? [String: Any] else { return element as? String }
            if let literal = name["literal"] as? String { return literal }
            let parts = ["given", "dropping-particle", "non-dropping-particle", "family", "suffix"]
                .compactMap { name[$0] as? String }.filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts.joined(separator: " ")
        }
    }

    /// A CSL date: `{"date-parts": [[2024, 3, 1]]}` (numbers or digit strings) or `{"raw": "2024-03-01"}`.
    static func date(_ value: Any?) -> (Int, Int?, Int?)? {
        guard let date = value as? [String: Any] else { return nil }
        if let parts = (date["date-parts"] as? [Any])?.first as? [Any] {
            let numbers = parts.map { part -> Int? in
                if let number = part as? NSNumber { return number.intValue }
                return (part as? String).flatMap { Int($0) }
            }
            if let year = numbers.first ?? nil {
                let month = numbers.count > 1 ? numbers[1].flatMap { (1...12).contains($0) ? $0 : nil } : nil
                let day = numbers.count > 2 ? numbers[2].flatMap { (1...31).contains($0) ? $0 : nil } : nil
                return (year, month, day)
            }
        }
        for key in ["raw", "literal"] {
            if let raw = date[key] as? String, let year = BibText.year(raw) {
                let parts = raw.split(separator: "-")
                let month = parts.count > 1 ? Int(parts[1]).flatMap { (1...12).contains($0) ? $0 : nil } : nil
                return (year, month, nil)
            }
        }
        return nil
    }
}
