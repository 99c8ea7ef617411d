import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file once, detects its format from its extension and content, and parses it into records.
///
/// Every file is read through one `FileInput`, which hashes the bytes as they pass: the parsers
/// get the bytes (whole, or streamed for JSON Lines and `.gz`), the indexer gets the content hash
/// with the records (`FileReading`), and no file is opened twice.
///
/// Dispatch: `.pdf` and `.docx` go to their document parsers; `.gz` is decompressed as it is read
/// and its content dispatched on the inner name (`x.jsonl.gz` → JSON Lines); `.jsonl`/`.json`
/// with a line that has an id and a title or abstract is an arXiv dump, read line by line (a bad
/// line a problem of its own); a `.json` array of CSL items, or one item, is a CSL JSON
/// bibliography; other JSON is a plain document, and JSON that does not parse a failure (see
/// `parseJSON`); `.bib` is BibTeX and `.ris` is RIS;
/// `.csv` with a `Category,Resume` header is a resume dataset; `.txt`/`.md` are profiles, resumes
/// or plain text by content. Any other file is a plain document when it is text (UTF-8, or
/// Windows-1252 where it is not UTF-8; no control characters) and a failure when it is binary.
public struct FileParser: RecordSource {
    /// The formats a file can be read as, by the name `ParsedFile.format` reports.
    enum Format: String, Sendable, CaseIterable {
        case profile, resume, text, arxiv
        case resumeCSV = "resume-csv"
    }

    /// How many leading bytes of a file of unknown type are checked before the rest is read.
    static let sniffSize = 1 << 16

    /// Called as a file is read with how many of its bytes were read so far (compressed bytes
    /// for `.gz`), so a progress bar moves inside a large file; nil for none.
    public let onRead: (@Sendable (Int64) -> Void)?

    /// A parser for every supported format, reporting reads to `onRead`.
    public init(onRead: (@Sendable (Int64) -> Void)? = nil) {
        self.onRead = onRead
    }

    /// Reads `file` once: its records (or why it has none) and the content hash of all its bytes,
    /// also of those a failing parser left unread. Unreadable, corrupt and binary files give a
    /// failure naming the path; the hash is nil only when the file could not be read to its end.
    public func read(_ file: SourceFile) -> FileReading {
        read(file, partSize: .max) { _ in true }
    }

    /// Reads `file` once as `read(_:)` does, handing the records of a JSON Lines file (plain or in a
    /// `.gz`) to `part` as they are parsed, `partSize` at a time; other formats come whole in the
    /// reading. When `part` returns false the reading stops and fails without hashing the rest.
    public func read(_ file: SourceFile, partSize: Int, part: (ParsedFile) -> Bool) -> FileReading {
        let input: FileInput
        do throws(ParseFailure) {
            input = try FileInput(path: file.path)
        } catch {
            // Deleted or renamed since the crawl saw it: gone, not failed.
            var info = stat()
            let vanished = lstat(file.path, &info) != 0 && errno == ENOENT
            return FileReading(contentHash: nil, parsed: .failure(error), vanished: vanished)
        }
        input.onRead = onRead
        var stopped = false
        let parsed = Result { () throws(ParseFailure) in
            try parse(input, partSize: partSize) { records in
                stopped = !part(records)
                return !stopped
            }
        }
        return FileReading(contentHash: stopped ? nil : try? input.contentHash(), parsed: parsed)
    }

    /// The content hash of `file` alone (what `read` would give), read without parsing; nil when it cannot be read.
    public func contentHash(of file: SourceFile) -> String? {
        try? FileInput(path: file.path).contentHash()
    }

    /// Reads and parses `file` when its hash is not wanted; a file that gives no records throws the failure.
    public func records(in file: SourceFile) throws(ParseFailure) -> ParsedFile {
        try read(file).parsed.get()
    }

    /// Parses what `input` reads, by the file's extension and content; the records of JSON Lines go
    /// to `part` as they come, `partSize` at a time (`read(_:partSize:part:)`).
    func parse(
        _ input: FileInput, partSize: Int = .max, part: (ParsedFile) -> Bool = { _ in true }
    ) throws(ParseFailure) -> ParsedFile {
        let path = input.path
        let name = String(path.split(separator: "/").last ?? Substring(path))
        let ext = FileParser.fileExtension(of: name)
        switch ext {
        case "pdf", "docx":
            let bytes = try input.readAll(sizeHint: input.size, limit: ReadLimits.document, what: "a PDF or DOCX file")
            return try parseBinaryDocument(bytes: bytes, path: path, ext: ext)
        case "gz":
            return try parseGzip(
                try GzipInput(file: input), innerName: Gzip.innerName(name), partSize: partSize, part: part)
        case "jsonl", "ndjson", "json":
            return try parseJSON(
                input, path: path, textPath: path, mayBeCSL: ext == "json", partSize: partSize, part: part)
        case "txt", "md", "csv", "bib", "ris":
            return try parse(bytes: try FileParser.text(of: input, sizeHint: input.size), path: path, ext: ext)
        default:
            return try parseUnknown(input, ext: ext)
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
        default: records = []
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

    /// The lower-cased extension of a file name ("" when there is none; a leading dot is not one).
    static func fileExtension(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    // MARK: - PDF and DOCX

    /// ▶ PDF and DOCX: the one place that hands their bytes to their parsers (`PdfParser`,
    /// `DocxParser`), whether found by extension or, for a PDF, by its `%PDF-` magic.
    func parseBinaryDocument(bytes: [UInt8], path: String, ext: String) throws(ParseFailure) -> ParsedFile {
        switch ext {
        case "pdf": return try PdfParser.parse(bytes: bytes, path: path)
        case "docx": return try DocxParser.parse(bytes: bytes, path: path)
        default: throw ParseFailure(path: path, reason: "\(ext) support is not built in")
        }
    }

    // MARK: - Compressed files

    /// A `.gz` file, decompressed as it is read, parsed as the type of its inner name.
    func parseGzip(
        _ gzip: GzipInput, innerName: String, partSize: Int = .max, part: (ParsedFile) -> Bool = { _ in true }
    ) throws(ParseFailure) -> ParsedFile {
        let path = gzip.path
        let inner = FileParser.fileExtension(of: innerName)
        // The inner path only decides how text is read (`x.md.gz` keeps the markdown title rule).
        let innerPath = String(path.dropLast(3))
        switch inner {
        case "jsonl", "ndjson", "json":
            return try parseJSON(
                gzip, path: path, textPath: innerPath, mayBeCSL: inner == "json", partSize: partSize, part: part)
        case "pdf", "docx", "gz", "tar":
            throw ParseFailure(path: path, reason: "compressed .\(inner) files are not supported")
        default:
            let bytes = try FileParser.text(of: gzip)
            if ["txt", "md", "csv", "bib", "ris"].contains(inner) {
                return try parse(bytes: bytes, path: path, ext: inner, textPath: innerPath)
            }
            guard let text = FileParser.decodeText(bytes) else {
                throw FileParser.unknownBinary(path: path, ext: inner, bytes: bytes)
            }
            return plainDocument(text: text, path: innerPath)
        }
    }

    // MARK: - JSON

    /// JSON from `source` (a file named `.jsonl`, `.ndjson` or `.json`, plain or in a `.gz`), in one
    /// pass: what is read before the format is known is kept and read again from memory.
    ///
    /// 1. When `mayBeCSL` (a `.json` name) and the text starts with `[`, it is read whole as one JSON
    ///    value: an array of CSL items is a CSL JSON bibliography, any other array a plain document.
    /// 2. Otherwise (or when that array does not parse) the lines are looked through for an arXiv
    ///    record, an object with an id and a title or an abstract (in a `.json`, not a CSL item).
    ///    With one anywhere, the file is an arXiv dump read from its first line, each line a paper
    ///    or a problem with its line number: a bad line, the first one too, loses only itself. The
    ///    papers go to `part` every `partSize` as they are parsed (the reading stops, failing, when
    ///    `part` returns false); the result holds the rest.
    /// 3. With none, a file that is one JSON value is read as one: a lone CSL item (in a `.json`),
    ///    an arXiv record written over several lines, any other value a plain document; so is a file
    ///    whose lines are all valid JSON of another kind (a plain document of its text).
    ///
    /// A bad line never makes a file plain text. Throws, naming the file: for a `.json` that is not
    /// JSON, `invalid JSON (unexpected end of file during JSON parse)`; for JSON Lines without a
    /// record (any name), the first bad line (`path:1: invalid JSON; no line is a record`); the
    /// too-large failure when no record comes in the first `ReadLimits.text` bytes (what can be
    /// read again).
    func parseJSON(
        _ source: some ByteSource, path: String, textPath: String, mayBeCSL: Bool, partSize: Int = .max,
        part: (ParsedFile) -> Bool = { _ in true }
    ) throws(ParseFailure) -> ParsedFile {
        let rewindable = RewindableSource(source)
        var whole: Result<Any, JSONValue.Invalid>?
        if mayBeCSL, CSLJSONParser.startsArray(try rewindable.readPrefix(FileParser.sniffSize)) {
            let bytes = try rewindable.rewoundBytes()
            whole = JSONValue.parse(bytes)
            if case .success(let value) = whole {
                return try oneJSONValue(value, bytes: bytes, path: path, textPath: textPath, mayBeCSL: mayBeCSL)
            }
        }
        // Look for a record, noting the first bad line, while what was read can be read again.
        try rewindable.rewind()
        var reader = LineReader(rewindable)
        var firstBad: ParseFailure?
        var hasRecord = false
        var hasJSONLine = false
        lines: while rewindable.canRewind, let line = try reader.next() {
            if reader.lastLineTooLong {
                firstBad =
                    firstBad ?? ParseFailure(path: path, line: reader.lineNumber, reason: ArxivParser.tooLongReason)
                continue
            }
            if ArxivParser.isBlank(line) { continue }
            switch ArxivParser.kind(of: line, cslItems: mayBeCSL) {
            case .record:
                hasRecord = true
                break lines
            case .otherJSON:
                hasJSONLine = true
            case .invalid(let reason):
                firstBad = firstBad ?? ParseFailure(path: path, line: reader.lineNumber, reason: reason)
            }
        }
        try rewindable.rewind()
        if hasRecord {
            rewindable.keepReading()
            return try parseArxivLines(rewindable, path: path, partSize: partSize, part: part)
        }
        let bytes = try rewindable.rewoundBytes()
        switch whole ?? JSONValue.parse(bytes) {
        case .success(let value):
            return try oneJSONValue(value, bytes: bytes, path: path, textPath: textPath, mayBeCSL: mayBeCSL)
        case .failure(let invalid):
            guard let firstBad else { break }
            // A `.json` of no valid line was meant as one value; JSON Lines are told by their line.
            if mayBeCSL, !hasJSONLine { throw ParseFailure(path: path, reason: "invalid JSON (\(invalid.detail))") }
            throw ParseFailure(path: path, line: firstBad.line, reason: firstBad.reason + "; no line is a record")
        }
        return try jsonDocument(bytes, path: path, textPath: textPath)
    }

    /// The lines of an arXiv dump from `source`'s first line, each a paper or a problem; the
    /// papers go to `part` every `partSize` (`parseJSON`).
    private func parseArxivLines(
        _ source: some ByteSource, path: String, partSize: Int, part: (ParsedFile) -> Bool
    ) throws(ParseFailure) -> ParsedFile {
        var reader = LineReader(source)
        var parser = ArxivParser(path: path)
        while let line = try reader.next() {
            if reader.lastLineTooLong {
                parser.addTooLong(number: reader.lineNumber)
            } else {
                parser.add(line: line, number: reader.lineNumber)
            }
            if parser.recordCount >= partSize, !part(parser.takePart()) {
                throw ParseFailure(path: path, reason: "reading stopped")
            }
        }
        return parser.parsed
    }

    /// A file that is one JSON `value` (its `bytes`): an array of CSL items or a lone one (when
    /// `mayBeCSL`) is a bibliography, an arXiv record over several lines one paper, and anything
    /// else a plain document.
    private func oneJSONValue(
        _ value: Any, bytes: [UInt8], path: String, textPath: String, mayBeCSL: Bool
    ) throws(ParseFailure) -> ParsedFile {
        if mayBeCSL, let items = value as? [Any], CSLJSONParser.matches(items) {
            return CSLJSONParser.parse(items: items, path: path)
        }
        if mayBeCSL, CSLJSONParser.isItem(value) {
            return CSLJSONParser.parse(items: [value], path: path)
        }
        if value is [String: Any], ArxivParser.kind(of: bytes[...]) == .record {
            var parser = ArxivParser(path: path)
            let start = bytes.firstIndex(of: UInt8(ascii: "{")) ?? 0
            parser.add(line: bytes[...], number: 1 + bytes[..<start].count(where: { $0 == UInt8(ascii: "\n") }))
            return parser.parsed
        }
        return try jsonDocument(bytes, path: path, textPath: textPath)
    }

    /// JSON of no format Quarry reads, as one plain document of its text.
    private func jsonDocument(_ bytes: [UInt8], path: String, textPath: String) throws(ParseFailure) -> ParsedFile {
        guard let text = FileParser.decodeText(bytes) else {
            throw ParseFailure(path: path, reason: "not text (\(FileParser.whyNotText(bytes)))")
        }
        return plainDocument(text: text, path: textPath)
    }

    // MARK: - Text

    /// Text files by type: `.csv` (a resume dataset or plain text), `.txt` and `.md` (by content).
    /// `path` names the file in failures; `textPath` is the name the text had (without `.gz`).
    func parse(bytes: [UInt8], path: String, ext: String, textPath: String? = nil) throws(ParseFailure) -> ParsedFile {
        let text: String
        switch TextDecoding.decode(bytes) {
        case .success(let decoded):
            text = decoded
        case .failure(let problem):
            // Not UTF-8: Windows-1252 text (or UTF-8 with stray bytes) is read as such, unless a
            // UTF-8 byte-order mark says the file is UTF-8.
            guard case .invalidUTF8 = problem, !bytes.starts(with: [0xEF, 0xBB, 0xBF]),
                let decoded = Mojibake.decodeLegacy(bytes)
            else { throw ParseFailure(path: path, reason: problem.reason) }
            text = decoded
        }
        switch ext {
        case "bib": return BibTeXParser.parse(text: text, path: path)
        case "ris": return RISParser.parse(text: text, path: path)
        default: break
        }
        if ext == "csv" {
            if CsvResumeParser.matches(text) { return CsvResumeParser.parse(text: text, path: path) }
            return plainDocument(text: text, path: textPath ?? path)
        }
        return parse(text: text, path: textPath ?? path)
    }

    /// A file of no known type: a plain document when it is text, a failure when it is binary.
    /// A PDF without its extension still goes to the PDF parser. Only the first bytes of a
    /// binary file are read.
    func parseUnknown(_ input: FileInput, ext: String) throws(ParseFailure) -> ParsedFile {
        let path = input.path
        var bytes = try input.readPrefix(FileParser.sniffSize)
        if bytes.starts(with: Array("%PDF-".utf8)) {
            bytes += try input.readAll(
                sizeHint: input.size - bytes.count, already: bytes.count, limit: ReadLimits.document,
                what: "a PDF or DOCX file")
            return try parseBinaryDocument(bytes: bytes, path: path, ext: "pdf")
        }
        if bytes.contains(0), !TextDecoding.hasUTF16Mark(bytes) {
            throw FileParser.unknownBinary(path: path, ext: ext, bytes: bytes)
        }
        if bytes.count == FileParser.sniffSize {
            bytes += try FileParser.text(of: input, sizeHint: input.size - bytes.count, already: bytes.count)
        }
        guard let text = FileParser.decodeText(bytes) else {
            throw FileParser.unknownBinary(path: path, ext: ext, bytes: bytes)
        }
        return plainDocument(text: text, path: path)
    }

    /// The rest of `source`, read whole as text: at most `ReadLimits.text` bytes with the `already` read.
    static func text(of source: some ByteSource, sizeHint: Int = 0, already: Int = 0) throws(ParseFailure) -> [UInt8] {
        try source.readAll(sizeHint: sizeHint, already: already, limit: ReadLimits.text, what: "text read whole")
    }

    /// One plain document of the text, titled by its first line (no profile or resume detection).
    func plainDocument(text: String, path: String) -> ParsedFile {
        let text = TextDecoding.normalize(text)
        return ParsedFile(
            format: Format.text.rawValue,
            records: PlainText.records(text: text, lines: TextDecoding.lines(of: text), path: path))
    }

    /// Bytes as text: UTF-8 without NUL bytes (a byte-order mark dropped), else Windows-1252 where
    /// they are not UTF-8 (without control characters); nil for anything else.
    static func decodeText(_ bytes: [UInt8]) -> String? {
        switch TextDecoding.decode(bytes) {
        case .success(let text): return text
        case .failure(.binary): return nil
        case .failure(.invalidUTF8):
            return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? nil : Mojibake.decodeLegacy(bytes)
        }
    }

    /// The failure for a binary file of unknown type, saying why it is not text.
    static func unknownBinary(path: String, ext: String, bytes: [UInt8]) -> ParseFailure {
        let type = ext.isEmpty ? "no extension" : "." + ext
        return ParseFailure(path: path, reason: "binary file of unknown type (\(type), \(whyNotText(bytes)))")
    }

    /// The first byte that no text holds: a NUL, or a control character other than white space.
    static func whyNotText(_ bytes: [UInt8]) -> String {
        if let nul = bytes.firstIndex(of: 0) { return "NUL byte at offset \(nul)" }
        let isControl = { (byte: UInt8) in byte == 0x7F || (byte < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains(byte)) }
        guard let control = bytes.firstIndex(where: isControl) else { return "not UTF-8 or Windows-1252 text" }
        let hex = String(bytes[control], radix: 16, uppercase: true)
        return "control byte 0x\(hex.count < 2 ? "0" + hex : hex) at offset \(control)"
    }
}
