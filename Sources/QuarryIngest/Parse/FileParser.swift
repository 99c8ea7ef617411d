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
/// whose first record has an id and a title or abstract is an arXiv dump, read line by line; a
/// `.json` array of CSL items is a CSL JSON bibliography; `.bib` is BibTeX and `.ris` is RIS;
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

    /// JSON from `source`, in one pass: when `mayBeCSL` (a `.json` name), an array of CSL items is a
    /// CSL JSON bibliography; otherwise JSON Lines, line by line: an arXiv dump when its first
    /// record looks like one, else the whole file as one plain document (the bytes looked at, then the rest).
    /// An arXiv dump's records go to `part` every `partSize` records as they are parsed (the
    /// reading stops, failing, when it returns false); the result holds the rest.
    func parseJSON(
        _ source: some ByteSource, path: String, textPath: String, mayBeCSL: Bool, partSize: Int = .max,
        part: (ParsedFile) -> Bool = { _ in true }
    ) throws(ParseFailure) -> ParsedFile {
        let rewindable = RewindableSource(source)
        // A JSON array may be a CSL JSON bibliography; JSON Lines start with an object.
        if mayBeCSL, CSLJSONParser.startsArray(try rewindable.readPrefix(FileParser.sniffSize)) {
            if let items = CSLJSONParser.array(try rewindable.rewoundBytes()), CSLJSONParser.matches(items) {
                return CSLJSONParser.parse(items: items, path: path)
            }
        }
        try rewindable.rewind()
        var reader = LineReader(rewindable)
        var tooLong: [Int] = []
        while let line = try reader.next() {
            // A line over `ReadLimits.line` is a problem of its own when records follow.
            if reader.lastLineTooLong { tooLong.append(reader.lineNumber) }
            if reader.lastLineTooLong || ArxivParser.isBlank(line) { continue }
            guard ArxivParser.isRecord(line) else { break }
            rewindable.keepReading()
            var parser = ArxivParser(path: path)
            for number in tooLong { parser.addTooLong(number: number) }
            parser.add(line: line, number: reader.lineNumber)
            while true {
                if parser.recordCount >= partSize, !part(parser.takePart()) {
                    throw ParseFailure(path: path, reason: "reading stopped")
                }
                guard let next = try reader.next() else { break }
                if reader.lastLineTooLong {
                    parser.addTooLong(number: reader.lineNumber)
                } else {
                    parser.add(line: next, number: reader.lineNumber)
                }
            }
            return parser.parsed
        }
        let bytes = try rewindable.rewoundBytes()
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
