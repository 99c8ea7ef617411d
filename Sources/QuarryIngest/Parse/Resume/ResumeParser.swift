import Foundation
import QuarryModel

/// Parses a resume or CV into one resume record followed by one paper record per publication.
///
/// Lines are read in order: a heading starts a section; a table row (`| a | b |`) is split into
/// its cells, each read like a line; a line or cell starting with a bullet marker is a bullet,
/// and inline `•` separators split it into several. Text before the first heading goes into a
/// section with an empty title. Publications are read from the raw publication section (bold
/// marks the owner); the stored text is then cleaned of markup and of repeated runs.
enum ResumeParser {
    /// Bullet markers at the start of a line or cell.
    static let bulletMarkers = ["- ", "• ", "o ", "* ", "– ", "· ", "▪ ", "◦ ", "● ", "○ "]

    /// Whether the lines look like a resume: two strong headings, or contact details near the top and one.
    static func matches(_ lines: [String]) -> Bool {
        let texts = lines.flatMap { $0.hasPrefix("|") ? tableCells($0) : [$0] }
        let titles = texts.compactMap(SectionHeading.title(of:))
        let headings = Set(titles.filter(SectionHeading.isStrong).map { $0.lowercased() })
        if headings.count >= 2 { return true }
        let top = lines.filter { !$0.isEmpty }.prefix(10).joined(separator: "\n")
        let contact = ContactInfo(scanning: top)
        let hasContact =
            !contact.emails.isEmpty || !contact.phones.isEmpty
            || contact.links.contains { $0.lowercased().contains("linkedin.com/") }
        return hasContact && !headings.isEmpty
    }

    /// The resume record, then a paper record for each publication; `heading` tells section headings
    /// (PDF and Word resumes pass a wider test than text files).
    static func records(in lines: [String], heading: (String) -> String? = SectionHeading.title(of:)) -> [Record] {
        let raw = layout(lines, heading: heading)
        let person = lines.first(where: { !$0.isEmpty }).flatMap { looksLikeName($0) ? $0 : nil }
        let contact = ContactInfo(scanning: lines.joined(separator: "\n"))

        var publications: [Paper] = []
        let isPublicationList = { (title: String) in
            Normalize.words(of: title).contains { $0.hasPrefix("publication") || $0 == "papers" }
        }
        for section in raw where isPublicationList(section.title) {
            publications += section.items.compactMap { PublicationParser.paper(from: $0.text, owner: person) }
        }

        // Clean documents are kept as they are; damaged ones lose their repeated runs.
        let isDamaged = RepeatFilter.isDamaged(raw.flatMap { $0.items.map(\.text) })
        var filter = RepeatFilter()
        let sections = raw.map { section in
            var cleaned = ResumeSection(title: cleanMarkup(section.title))
            for item in section.items {
                let markupFree = cleanMarkup(item.text)
                guard let text = isDamaged ? filter.filter(markupFree) : markupFree else { continue }
                if item.isBullet { cleaned.bullets.append(text) } else { cleaned.lines.append(text) }
            }
            return cleaned
        }

        let resume = Resume(
            person: person, emails: contact.emails, links: contact.links, phones: contact.phones,
            sections: sections, skills: SkillExtractor.skills(in: sections), publications: publications)
        return [.resume(resume)] + publications.map(Record.paper)
    }

    /// A section as laid out in the file, before cleaning.
    struct RawSection {
        var title: String
        var items: [(text: String, isBullet: Bool)] = []
    }

    /// The sections of the document, in order; text before the first heading forms a first section with an empty title.
    static func layout(_ lines: [String], heading: (String) -> String? = SectionHeading.title(of:)) -> [RawSection] {
        var sections = [RawSection(title: "")]
        func read(_ text: String) {
            if let title = heading(text) {
                sections.append(RawSection(title: title))
                return
            }
            for item in bulletItems(text) {
                sections[sections.count - 1].items.append(item)
            }
        }
        for line in lines where !line.isEmpty {
            if line.hasPrefix("|") {
                tableCells(line).forEach(read)
            } else {
                read(line)
            }
        }
        if sections[0].items.isEmpty && sections.count > 1 { sections.removeFirst() }
        return sections
    }

    /// The non-empty cells of a table row; none for a `|--|--|` separator row.
    static func tableCells(_ row: String) -> [String] {
        row.split(separator: "|").map { $0.trimmed }.filter { cell in
            !cell.isEmpty && !cell.allSatisfy { $0 == "-" || $0 == ":" || $0 == " " }
        }
    }

    /// A line split at its bullet markers: "- a • b" gives the bullets "a" and "b".
    static func bulletItems(_ line: String) -> [(text: String, isBullet: Bool)] {
        var text = line
        var isBullet = false
        if let marker = bulletMarkers.first(where: { line.hasPrefix($0) }) {
            text = String(line.dropFirst(marker.count))
            isBullet = true
        } else if line == "-" || line == "•" {
            return []
        }
        var items: [(text: String, isBullet: Bool)] = []
        // "•" is E2 80 A2: text without the byte A2 is one part, and is not split by Characters.
        let parts = ByteText.contains(text, byte: 0xA2) ? text.split(separator: "•") : text.isEmpty ? [] : [text[...]]
        for (index, part) in parts.enumerated() {
            let piece = part.trimmed
            if !piece.isEmpty { items.append((piece, isBullet || index > 0)) }
        }
        return items
    }

    /// A person's name: two to four capitalised words of letters (and `.`, `-`, `'`), no section word.
    static func looksLikeName(_ line: String) -> Bool {
        let tokens = ByteText.whitespaceTokens(of: line)
        guard (2...4).contains(tokens.count), SectionHeading.title(of: line) == nil else { return false }
        let excluded: Set<String> = ["resume", "curriculum", "vitae", "cv", "email", "phone"]
        return tokens.allSatisfy { token in
            guard let first = token.first, first.isLetter, first.isUppercase else { return false }
            return token.allSatisfy { $0.isLetter || ".-'’".contains($0) }
                && !excluded.contains(token.lowercased())
        }
    }

    /// Text without markdown bold marks and TeX-style escapes (`\$3,000` → `$3,000`).
    static func cleanMarkup(_ text: String) -> String {
        // Most lines hold neither mark: Foundation's replacing (CFString, UTF-16) only for those that do.
        var result = text
        if ByteText.contains(result, byte: UInt8(ascii: "*")) {
            result = result.replacingOccurrences(of: "**", with: "")
        }
        if ByteText.contains(result, byte: UInt8(ascii: "\\")) {
            for escaped in ["$", "&", "%", "_", "#"] {
                result = result.replacingOccurrences(of: "\\" + escaped, with: escaped)
            }
        }
        return Normalize.collapseSpaces(result)
    }
}
