import Foundation
import QuarryModel

/// Reads a research paper's title, authors, abstract, date and arXiv id from its first page.
enum PdfPaper {
    /// How much larger than the body text a title's font must be to be found by size.
    static let titleScale = 1.08
    static let longestTitle = 300
    static let longestAbstract = 5000

    /// The paper described by the first page; `pages` is the whole text, page by page.
    static func paper(
        pages: [String], firstPageLines: [PdfLine], metadataTitle: String, metadataAuthor: String,
        metadataDate: String = ""
    ) -> Paper {
        let firstPage = pages.first ?? ""
        let textLines = PdfText.lines(of: firstPage)
        let pageKey = Normalize.titleKey(firstPage)
        let layoutLines = firstPageLines.isEmpty ? textLines.filter { !$0.isEmpty }.map(plainLine) : firstPageLines
        let header = headerLines(layoutLines)

        // The metadata title when it is plausible, else the layout's; the first line as a last resort.
        let fromLayout = layoutTitle(header, bodySize: PdfLine.bodySize(of: layoutLines))
        var title = fromLayout?.0 ?? textLines.first(where: canBeTitle) ?? textLines.first { !$0.isEmpty } ?? ""
        var afterTitle = fromLayout?.1 ?? 0
        if plausibleMetadataTitle(metadataTitle, pageKey: pageKey) {
            title = metadataTitle
            afterTitle = endOfText(title, in: header) ?? afterTitle
        }
        title = cleanTitle(title)

        let (authors, afterAuthors) = authorNames(in: header, from: afterTitle)
        let stamp = ArxivStamp(in: firstPage)
        // Title and author lines are not part of an abstract found without a label.
        let headerKeys = Set(header.prefix(afterAuthors).map { compactKey($0.text) })
        return Paper(
            title: String(title.prefix(longestTitle)),
            authors: authors.isEmpty ? metadataAuthors(metadataAuthor, pageKey: pageKey) : authors,
            date: stamp?.date ?? date(in: header.dropFirst(afterTitle).map(\.text)) ?? publicationYear(in: textLines)
                ?? metadataYear(metadataDate).map { PartialDate(year: $0) },
            abstract: abstract(in: textLines, skipping: headerKeys), arxivID: stamp?.id, pages: pages)
    }

    /// A text line with no font information.
    static func plainLine(_ text: String) -> PdfLine {
        PdfLine(text: text, fontSize: 0, top: 0, bottom: 0, cells: [text])
    }

    /// The lines above the abstract (at most the first 25), where title, authors and date are;
    /// the first line always belongs to them ("Abstract Interpretation: …" is a title).
    static func headerLines(_ lines: [PdfLine]) -> [PdfLine] {
        let top = lines.prefix(25)
        let end =
            top.dropFirst().firstIndex { abstractLabel($0.text) != nil || isSectionStart($0.text) } ?? top.endIndex
        return Array(top[..<end])
    }

    // MARK: Title

    /// Words of titles that a PDF producer put in the Title field instead of the paper's title.
    static let junkTitleMarks = [
        "microsoft word", "microsoft powerpoint", "untitled", ".dvi", ".doc", ".pdf", ".tex", ".ps", ".rtf",
        ".txt", ".indd", "document1", "doi:", "layout 1", "template",
    ]

    /// Whether the Title metadata is a real title: two words or more, not a file or program
    /// name, and found on the first page.
    static func plausibleMetadataTitle(_ title: String, pageKey: String) -> Bool {
        let lower = title.lowercased()
        let key = Normalize.titleKey(title)
        guard title.count <= longestTitle, key.split(separator: " ").count >= 2,
            !junkTitleMarks.contains(where: lower.contains)
        else { return false }
        return pageKey.contains(key)
    }

    /// The index after the header lines that spell `text` (the metadata title), if some do.
    static func endOfText(_ text: String, in lines: [PdfLine]) -> Int? {
        let key = Normalize.titleKey(text)
        for start in lines.indices.prefix(10) {
            var joined = ""
            for end in start..<min(lines.count, start + 6) {
                joined = Normalize.titleKey(joined + " " + lines[end].text)
                if joined.count >= key.count && joined.contains(key) { return end + 1 }
                if joined.isEmpty || !key.hasPrefix(joined) { break }
            }
        }
        return nil
    }

    /// The title from the header lines, and the index of the first header line after it.
    ///
    /// The title starts at the first line set clearly larger than the body text (`bodySize`), or
    /// at the first line that can be a title when no line is; it goes on over the next lines of
    /// the same size set close below (a title broken over two or three lines).
    static func layoutTitle(_ lines: [PdfLine], bodySize body: Double) -> (String, Int)? {
        let candidates = lines.indices.filter { canBeTitle(lines[$0].text) }
        let large = candidates.first { body > 0 && lines[$0].fontSize >= body * titleScale }
        guard let start = large ?? candidates.first else { return nil }
        var end = start + 1
        while end < lines.count, end - start < 4 {
            let line = lines[end]
            let previous = lines[end - 1]
            let size = lines[start].fontSize
            guard abs(line.fontSize - size) <= 0.6, canBeTitle(line.text), !looksLikeAuthorLine(line),
                size == 0 || line.top - previous.bottom < 1.2 * size
            else { break }
            end += 1
        }
        let title = lines[start..<end].map(\.text)
        return (PdfText.join(title), end)
    }

    /// Whether a line can be (part of) a title: some letters, no mail address, link, journal header or page number.
    static func canBeTitle(_ line: String) -> Bool {
        let lower = line.lowercased()
        guard line.count(where: \.isLetter) >= 3, line.count <= longestTitle else { return false }
        let headerMarks = [
            "@", "http", "www.", "arxiv:", "proceedings of", "journal of", "vol.", "volume ", "©", "copyright",
            "issn", "doi:", "doi.org", "permission to", "preprint", "conference on", "in proc.",
        ]
        return !headerMarks.contains(where: lower.contains)
    }

    /// A title without trailing footnote marks; old TeX fonts' `{` for an en dash made a hyphen.
    static func cleanTitle(_ title: String) -> String {
        var text = Normalize.collapseSpaces(title)
        if text.contains("{") && !text.contains("}") { text = text.replacingOccurrences(of: "{", with: "-") }
        return text.trimmingEdges { "∗*†‡§¶,;:".contains($0) || $0.isWhitespace }
    }

    // MARK: Authors

    /// Words that make a name-shaped phrase an institution, place or date instead.
    static let notNameWords: Set<String> = [
        "university", "universite", "universitat", "universidad", "institute", "institut", "inc", "corp",
        "corporation", "laboratory", "laboratories", "lab", "labs", "research", "department", "dept", "school",
        "college", "centre", "center", "google", "microsoft", "ibm", "company", "ltd", "llc", "street", "road",
        "avenue", "square", "usa", "uk", "abstract", "introduction", "draft", "technical", "report", "science",
        "sciences", "engineering", "computer", "computing", "systems", "division", "group", "faculty", "academy",
        "national", "foundation", "hospital", "entertainment", "conference", "proceedings", "journal",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "polytechnique", "informatics", "keywords", "france", "germany", "china",
        "japan", "india", "canada", "italy", "spain", "greece", "california", "paper", "edition", "press",
    ]
    /// Lower-case particles allowed in names ("Ludwig van Beethoven").
    static let nameParticles: Set<String> = [
        "van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "dos", "bin",
    ]

    /// The author names of the header lines from `start` (after the title), and the index after
    /// the last line that gave names. Names are read from each line in which at least half of the
    /// comma- or "and"-separated parts look like names; the first line without names after some
    /// were found ends the list (affiliations follow).
    static func authorNames(in lines: [PdfLine], from start: Int) -> ([String], Int) {
        var authors: [String] = []
        var end = start
        for index in lines.indices.dropFirst(start).prefix(12) {
            let line = lines[index]
            guard line.text.contains(where: \.isLetter) else { continue }
            let parts = line.cells.flatMap(nameParts)
            let names = parts.filter(looksLikeName)
            if !parts.isEmpty && names.count * 2 >= parts.count && !line.text.contains(":") {
                for name in names where !authors.contains(name) { authors.append(name) }
                end = index + 1
            } else if !authors.isEmpty {
                break
            }
        }
        return (authors, end)
    }

    /// Whether a line is mostly names (used to end a title before its authors).
    static func looksLikeAuthorLine(_ line: PdfLine) -> Bool {
        let parts = line.cells.flatMap(nameParts)
        return parts.count >= 2 && parts.allSatisfy(looksLikeName)
    }

    /// The parts of a cell split at commas, semicolons and "and", without footnote marks.
    static func nameParts(_ cell: String) -> [String] {
        var text = cell
        for separator in [" and ", " & ", ";", " AND "] { text = text.replacingOccurrences(of: separator, with: ",") }
        return text.split(separator: ",").map { part in
            String(part).trimmingEdges { "∗*†‡§¶0123456789".contains($0) || $0.isWhitespace }
        }.filter { !$0.isEmpty && $0.contains(where: \.isLetter) }
    }

    /// A person's name: two to five words, each capitalised (or a particle), of letters, dots,
    /// hyphens and apostrophes, none of them an institution or place word.
    static func looksLikeName(_ text: String) -> Bool {
        let tokens = text.split(whereSeparator: \.isWhitespace)
        guard (2...5).contains(tokens.count), text.count(where: \.isLetter) >= 4 else { return false }
        return tokens.allSatisfy { token in
            let lower = token.lowercased()
            if nameParticles.contains(String(token)) { return true }
            guard let first = token.first, first.isUppercase,
                token.allSatisfy({ $0.isLetter || ".-'’".contains($0) }),
                !notNameWords.contains(Normalize.words(of: lower).first ?? lower)
            else { return false }
            return true
        }
    }

    /// Names from the Author metadata that also appear on the first page.
    static func metadataAuthors(_ author: String, pageKey: String) -> [String] {
        nameParts(author).filter { looksLikeName($0) && pageKey.contains(Normalize.personKey($0)) }
    }

    // MARK: Abstract

    /// The text after an "Abstract" label at the start of a line ("" when the label stands alone), or nil.
    static func abstractLabel(_ line: String) -> String? {
        let lower = line.lowercased()
        guard lower.hasPrefix("abstract") else { return nil }
        let rest = line.dropFirst("abstract".count)
        guard let next = rest.first else { return "" }
        guard ".:—–-".contains(next) || next.isWhitespace else { return nil }
        return String(rest).trimmingEdges { ".:—–-".contains($0) || $0.isWhitespace }
    }

    /// Whether a line starts the body or a front-matter list that ends the abstract:
    /// "1 Introduction", "I. INTRODUCTION", "Keywords", "Categories and Subject Descriptors", ...
    static func isSectionStart(_ line: String) -> Bool {
        // Cheap first test: such lines start with a digit or I, K, C or G.
        guard let first = line.utf8.first,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || "IiKkCcGg".utf8.contains(first)
        else { return false }
        if line.utf8.count <= 60 {
            let words = Normalize.words(of: line)
            guard let head = words.first else { return false }
            let numbered = head.allSatisfy(\.isNumber) || head == "i"
            let rest = numbered ? Array(words.dropFirst()) : words
            if rest.first == "introduction" && rest.count <= 4 { return true }
        }
        let lower = line.prefix(40).lowercased()
        return frontMatterLabels.contains { lower.hasPrefix($0) }
    }

    /// Lines of front matter that follow the abstract.
    static let frontMatterLabels = [
        "keywords", "key words", "index terms", "categories and subject descriptors", "general terms", "ccs concepts",
    ]

    /// The abstract: the text after an "Abstract" label up to the end of its block or the next
    /// section, skipping a block that starts in lower case (a column read out of order); without
    /// a label, the first block of forty words or more before the introduction, leaving out the
    /// lines whose title key is in `headerKeys` (the title and author lines).
    static func abstract(in lines: [String], skipping headerKeys: Set<String> = []) -> String {
        var collected: [String] = []
        if let label = lines.firstIndex(where: { abstractLabel($0) != nil }) {
            var index = label + 1
            if let first = abstractLabel(lines[label]), !first.isEmpty { collected.append(first) }
            var skipping = false
            while index < lines.count {
                let line = lines[index]
                index += 1
                if isSectionStart(line) { break }
                if line.isEmpty {
                    if !collected.isEmpty { break }
                    skipping = false
                    continue
                }
                if collected.isEmpty && !skipping && line.first?.isLowercase == true { skipping = true }
                if !skipping { collected.append(line) }
            }
        } else {
            var block: [String] = []
            for line in lines + [""] {
                let ends = line.isEmpty || isSectionStart(line) || headerKeys.contains(compactKey(line))
                if !ends {
                    block.append(line)
                    continue
                }
                let words = block.reduce(0) { $0 + $1.tokenCount }
                if words >= 40, block.first?.first?.isLowercase == false {
                    collected = block
                    break
                }
                block = []
                if isSectionStart(line) { break }
            }
        }
        let text = PdfText.join(collected)
        return text.count > longestAbstract ? String(text.prefix(longestAbstract)) : text
    }

    /// Letters and digits of a line, lower-cased, without spaces: the same line read from words or from text gives one key.
    static func compactKey(_ line: String) -> String {
        Normalize.words(of: line).joined()
    }

    // MARK: Date

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// A date in the header ("November 1994", "(Draft of October 7, 2013)", "January 29, 1998"),
    /// or a year standing alone on a header line; nil when none is plausible.
    static func date(in lines: [String]) -> PartialDate? {
        let latest = Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
        for line in lines {
            let words = Normalize.words(of: line)
            for (index, word) in words.enumerated() {
                guard word.count == 4, let year = Int(word), (1900...latest).contains(year) else { continue }
                var month: Int?
                var day: Int?
                if index >= 1, let found = monthIndex(words[index - 1]) {
                    month = found
                } else if index >= 2, let found = monthIndex(words[index - 2]), let number = Int(words[index - 1]),
                    (1...31).contains(number)
                {
                    month = found
                    day = number
                }
                if month != nil || words.count <= 3 { return PartialDate(year: year, month: month, day: day) }
            }
        }
        return nil
    }

    /// Words of a line that says where or when the paper was published.
    static let publicationWords: Set<String> = [
        "copyright", "proceedings", "proc", "conference", "symposium", "workshop", "journal", "transactions",
        "published", "appeared", "acm", "ieee", "usenix", "vldb", "sigmod", "sigir", "osdi", "sosp", "nsdi", "stoc",
        "focs", "soda", "www", "kdd", "icml", "neurips", "nips", "trec",
    ]

    /// The year of a first-page line that names the paper's publication: a copyright line
    /// (`© 2006 ACM`, `Copyright 1998`), or a conference or journal line (`In Proceedings of the
    /// 7th OSDI, 2006`, `SIGIR '97`, `WWW7, 1998`). The year must stand alone (a four-digit
    /// number from 1900 to next year, or two digits after an apostrophe); page and grant numbers
    /// are not years. Nil when no line has one.
    static func publicationYear(in lines: [String]) -> PartialDate? {
        let latest = Calendar(identifier: .gregorian).component(.year, from: Date()) + 1
        for (index, line) in lines.enumerated()
        where line.contains("©") || line.contains("(c)") || line.contains("(C)")
            || !publicationWords.isDisjoint(with: Normalize.words(of: line))
        {
            // A venue line often breaks before its year ("…Symposium on Discrete / Algorithms, 1998").
            let next = index + 1 < lines.count ? lines[index + 1] : ""
            for text in [line, next] {
                if let year = PublicationParser.year(in: text), (1900...latest).contains(year) {
                    return PartialDate(year: year)
                }
            }
        }
        return nil
    }

    /// The year of the PDF's `CreationDate` (`D:20130528120000Z`), the last resort: it is when the
    /// file was made, which for a scan or a re-typeset copy is long after the paper. Years before
    /// PDF existed (1993) are the writers' bugs (`D:19100…` for 2000) and are ignored.
    static func metadataYear(_ text: String) -> Int? {
        let digits = text.hasPrefix("D:") ? text.dropFirst(2) : Substring(text)
        guard digits.count >= 4, let year = Int(digits.prefix(4)), (1993...2100).contains(year) else { return nil }
        return year
    }

    /// The month number of a month's name or its three-letter abbreviation.
    static func monthIndex(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        return monthNames.firstIndex { $0 == word || ($0.hasPrefix(word) && word.count == 3) }.map { $0 + 1 }
    }
}
