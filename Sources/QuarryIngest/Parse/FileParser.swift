import QuarryModel

/// Reads a file, detects its format from content (and extension), and parses it into records.
public struct FileParser: RecordSource {
    /// The formats a file can be read as, by the name `ParsedFile.format` reports.
    enum Format: String, Sendable, CaseIterable {
        case profile, resume, text
    }

    /// A parser for every supported format.
    public init() {}

    /// Reads and parses `file`; unreadable, binary and non-UTF-8 files throw a failure naming the path.
    public func records(in file: SourceFile) throws(ParseFailure) -> ParsedFile {
        let bytes = try TextDecoding.readBytes(path: file.path)
        switch TextDecoding.decode(bytes) {
        case .success(let text): return parse(text: text, path: file.path)
        case .failure(let problem): throw ParseFailure(path: file.path, reason: problem.reason)
        }
    }

    /// Parses text already read; `path` gives the extension (a `.md` title loses its `#` marks).
    public func parse(text: String, path: String) -> ParsedFile {
        let text = TextDecoding.normalize(text)
        let lines = TextDecoding.lines(of: text)
        let format = detect(lines)
        let records: [Record]
        switch format {
        case .profile: records = ProfileParser.papers(in: lines).map(Record.paper)
        case .resume: records = ResumeParser.records(in: lines)
        case .text: records = []
        }
        if records.isEmpty {
            return ParsedFile(
                format: Format.text.rawValue, records: PlainText.records(text: text, lines: lines, path: path))
        }
        return ParsedFile(format: format.rawValue, records: records)
    }

    /// The format of the lines: a profile needs a statistics line and an entry header; a resume
    /// needs clear section headings; anything else is plain text.
    func detect(_ lines: [String]) -> Format {
        if ProfileParser.matches(lines) { return .profile }
        if ResumeParser.matches(lines) { return .resume }
        return .text
    }
}

/// A text file of no known shape.
enum PlainText {
    static let longestTitle = 200

    /// One document titled by the first non-blank line, or nothing for a blank file.
    static func records(text: String, lines: [String], path: String) -> [Record] {
        guard var title = lines.first(where: { !$0.isEmpty }) else { return [] }
        if path.lowercased().hasSuffix(".md") {
            title = title.trimmingEdges { $0 == "#" || $0.isWhitespace }
        }
        if title.count > longestTitle { title = String(title.prefix(longestTitle)).trimmed }
        return [.document(PlainDocument(title: title, text: text))]
    }
}
