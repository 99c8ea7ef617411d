import QuarryModel

/// Reads PDFs: text with page numbers, paper or resume by content.
///
/// Poppler extracts each page's text in reading order. A file without any letter or digit is a
/// scan and fails; otherwise headings and citations decide between a paper (title, authors,
/// abstract and date from the first page) and a resume (sections, bullets, skills and contact
/// through `ResumeParser`). A text with neither kind of signal becomes a plain document.
enum PdfParser {
    /// The format name reported in `ParsedFile`.
    static let format = "pdf"

    /// What a PDF holds.
    enum Kind: Equatable {
        case paper, resume, document
    }

    /// Parses the bytes of the PDF at `path`; damaged, encrypted and scanned files throw a failure naming the problem.
    static func parse(bytes: [UInt8], path: String) throws(ParseFailure) -> ParsedFile {
        guard !bytes.isEmpty else { throw ParseFailure(path: path, reason: "not a readable pdf: empty file") }
        // Poppler looks for the header in the first kilobyte, and repairs much else.
        guard bytes.prefix(1024).firstRange(of: Array("%PDF-".utf8)) != nil else {
            throw ParseFailure(path: path, reason: "not a readable pdf: no pdf header in its first kilobyte")
        }
        let document = try PdfDocument(bytes: bytes, path: path)
        guard document.pageCount > 0 else { throw ParseFailure(path: path, reason: "pdf has no pages") }
        var pages: [String] = []
        pages.reserveCapacity(document.pageCount)
        var drawn: [String] = []
        for index in 0..<document.pageCount {
            pages.append(PdfText.clean(try document.text(page: index)).trimmed)
            drawn.append(PdfText.clean(try document.text(page: index, layout: .raw)))
        }
        // Poppler's reading order glues every word broken at a line end ("self-" / "attention" →
        // "selfattention"); the text as drawn keeps the hyphens, and the document's own words (or
        // the word list) say which belong to a compound and go back in.
        // The document's vocabulary is learnt only when a line ends in a broken word.
        let breaks = drawn.flatMap(LineEndHyphens.breaks(in:))
        if !breaks.isEmpty {
            let hyphens = LineEndHyphens(document: drawn.joined(separator: "\n"))
            pages = pages.map { hyphens.restoring(breaks, in: $0) }
        }
        guard PdfText.hasText(pages) else {
            let count = pages.count
            throw ParseFailure(
                path: path,
                reason: "no text layer (scanned pdf?); \(count) page\(count == 1 ? "" : "s"), 0 characters of text")
        }

        let lines = pages.flatMap(PdfText.lines(of:))
        switch kind(of: lines) {
        case .resume:
            return ParsedFile(
                format: format, records: LaidOutResume.records(lines: LaidOutResume.unwrap(lines), pages: pages))
        case .paper:
            // Font sizes find the title; a page whose words cannot be read falls back to its text.
            let words = try document.words(page: 0)
            let paper = PdfPaper.paper(
                pages: pages, firstPageLines: PdfLine.lines(of: words), metadataTitle: try document.info("Title"),
                metadataAuthor: try document.info("Author"), metadataDate: try document.info("CreationDate"))
            return ParsedFile(format: format, records: [.paper(paper)])
        case .document:
            let metadataTitle = try document.info("Title")
            let pageKey = Normalize.titleKey(pages[0])
            let title =
                PdfPaper.plausibleMetadataTitle(metadataTitle, pageKey: pageKey)
                ? metadataTitle : lines.first(where: PdfPaper.canBeTitle) ?? lines.first(where: { !$0.isEmpty }) ?? ""
            let text = pages.joined(separator: "\n\n")
            return ParsedFile(
                format: format,
                records: [.document(PlainDocument(title: String(title.prefix(PlainText.longestTitle)), text: text))])
        }
    }

    /// Paper or resume by the signals in the text; neither when both are weak.
    static func kind(of lines: [String]) -> Kind {
        let resume = LaidOutResume.score(lines)
        let paper = paperScore(lines)
        if paper >= 3 && paper > resume { return .paper }
        if resume >= 2 { return .resume }
        if paper >= 2 { return .paper }
        if resume >= 1 && ResumeParser.matches(lines) { return .resume }
        return .document
    }

    /// How strongly the lines say "research paper": an abstract label and an introduction
    /// heading count two each; a references heading, a keywords line, "et al." used twice and
    /// five bracketed citations ("[12]") one each.
    static func paperScore(_ lines: [String]) -> Int {
        var score = 0
        var hasAbstract = false
        var hasIntroduction = false
        var hasReferences = false
        var hasFrontMatter = false
        var etAl = 0
        var citations = 0
        for line in lines where !line.isEmpty {
            if !hasAbstract && isAbstractHeading(line) { hasAbstract = true }
            if !hasReferences && isReferencesHeading(line) { hasReferences = true }
            if PdfPaper.isSectionStart(line) {
                if line.lowercased().contains("introduction") { hasIntroduction = true } else { hasFrontMatter = true }
            }
            etAl += line.occurrences(of: "et al.")
            citations += citationCount(line)
        }
        score += (hasAbstract ? 2 : 0) + (hasIntroduction ? 2 : 0) + (hasReferences ? 1 : 0) + (hasFrontMatter ? 1 : 0)
        if etAl >= 2 { score += 1 }
        if citations >= 5 { score += 1 }
        return score
    }

    /// "Abstract" alone or as a label ("Abstract.", "ABSTRACT:", "Abstract—We ...").
    static func isAbstractHeading(_ line: String) -> Bool {
        guard let first = line.utf8.first, first == UInt8(ascii: "A") || first == UInt8(ascii: "a") else {
            return false
        }
        let lower = line.lowercased()
        guard lower.hasPrefix("abstract") else { return false }
        let rest = lower.dropFirst("abstract".count)
        return rest.isEmpty || ".:—–-".contains(rest.first ?? " ")
    }

    /// "References" or "Bibliography" alone, perhaps numbered ("7 References").
    static func isReferencesHeading(_ line: String) -> Bool {
        guard line.utf8.count <= 24 else { return false }
        let words = Normalize.words(of: line).filter { !$0.allSatisfy(\.isNumber) }
        return words == ["references"] || words == ["bibliography"]
    }

    /// Bracketed numeric citations in a line: `[12]`, `[3, 4]`, `[28, 21]`.
    static func citationCount(_ line: String) -> Int {
        var count = 0
        var inside = false
        var valid = false
        for byte in line.utf8 {
            switch byte {
            case UInt8(ascii: "["):
                inside = true
                valid = false
            case UInt8(ascii: "]"):
                if inside && valid { count += 1 }
                inside = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                valid = true
            case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "-"):
                continue
            default:
                inside = false
            }
        }
        return count
    }
}
