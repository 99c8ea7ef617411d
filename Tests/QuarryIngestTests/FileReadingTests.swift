import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryIngest

/// Every file is read once: the parser's one pass over the bytes also gives the content hash the
/// indexer compares with the catalog, whatever the format and however the parse ends.
@Suite("Reading once: records and content hash together")
struct FileReadingTests {
    /// The hash of a file's bytes computed apart from the parser.
    static func expectedHash(of path: String) throws -> String {
        var fingerprint = Fingerprint()
        fingerprint.update(try Data(contentsOf: URL(fileURLWithPath: path)))
        return fingerprint.hex
    }

    /// Each way through `FileParser`: by extension, by content, streamed, decompressed, failing early.
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case profileText, markdown, resumeCSV, arxivJSONLines, otherJSON, gzippedJSONLines, gzippedText
        case cslJSON, gzippedCSLJSON, bibTeX
        case pdf, docx, unknownText, pdfWithoutExtension, largeBinary, compressedPDF, corruptGzip

        var testDescription: String { rawValue }

        static let csl =
            #"[{"id": "a", "type": "article-journal", "title": "Sparse Joins", "author": [{"family": "Pell", "given": "Juno"}]}]"#

        /// Writes the case's file into `folder`; returns its path and whether it parses.
        func write(into folder: TemporaryFolder) throws -> (path: String, parses: Bool) {
            let url = URL(fileURLWithPath: folder.path)
            switch self {
            case .profileText:
                let profile = "Ada Lovelace\nh-index 9 · 12 papers\nLGMar 3, 2020\nA Paper\nAda Lovelace\nAbstract.\n"
                return (try folder.write("ada.txt", text: profile), true)
            case .markdown: return (try folder.write("notes.md", text: "# Notes\n\nsome text\n"), true)
            case .resumeCSV: return (try folder.write("resumes.csv", text: CsvTests.fixture), true)
            case .arxivJSONLines: return (try folder.write("dump.jsonl", text: ArxivTests.fixture), true)
            case .otherJSON: return (try folder.write("docs.json", text: "\n\r\n[{\"doc_id\": 1}]"), true)
            case .gzippedJSONLines:
                return (try gzipCopy(of: try folder.write("dump2.jsonl", text: ArxivTests.fixture)), true)
            case .gzippedText: return (try gzipCopy(of: try folder.write("a.txt", text: "gzipped words\n")), true)
            case .cslJSON: return (try folder.write("refs.json", text: Self.csl), true)
            case .gzippedCSLJSON: return (try gzipCopy(of: try folder.write("refs2.json", text: Self.csl)), true)
            case .bibTeX:
                return (
                    try folder.write("refs.bib", text: "@article{k, author = {Juno Pell}, title = {T}, year = 2020}\n"),
                    true
                )
            case .pdf:
                let pdf = MinimalPDF(pages: [[.init(text: "Some notes on indexing")]])
                return (try pdf.write(to: url, name: "notes.pdf"), true)
            case .docx:
                let docx = MinimalDocx(paragraphs: [MinimalDocx.paragraph("Meeting notes")])
                return (try docx.write(to: url, name: "notes.docx"), true)
            case .unknownText: return (try folder.write("README", text: "plain words\n"), true)
            case .pdfWithoutExtension:
                let pdf = MinimalPDF(pages: [[.init(text: "Some notes on indexing")]])
                return (try pdf.write(to: url, name: "scan-0001"), true)
            case .largeBinary:
                // The parser stops after its first bytes; the hash still covers all of them.
                let bytes = (0..<(FileParser.sniffSize * 3)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
                return (try folder.write("blob.bin", bytes: bytes), false)
            case .compressedPDF:
                let pdf = MinimalPDF(pages: [[.init(text: "Some notes on indexing")]])
                return (try gzipCopy(of: try pdf.write(to: url, name: "paper.pdf")), false)
            case .corruptGzip:
                return (
                    try folder.write("broken.jsonl.gz", bytes: [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF]),
                    false
                )
            }
        }
    }

    @Test(arguments: Case.allCases)
    func theHashComesWithTheRecordsOrTheFailure(_ kind: Case) throws {
        try TemporaryFolder.with { folder in
            let (path, parses) = try kind.write(into: folder)
            let reading = FileParser().read(SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(reading.contentHash == (try Self.expectedHash(of: path)))
            switch reading.parsed {
            case .success(let parsed):
                #expect(parses, "parsed as \(parsed.format)")
                #expect(!parsed.records.isEmpty)
            case .failure(let failure):
                #expect(!parses, "\(failure)")
                #expect(failure.path == path)
            }
        }
    }

    @Test func aFileThatCannotBeOpenedHasNoHash() throws {
        try TemporaryFolder.with { folder in
            let path = folder.path + "/missing.txt"
            let reading = FileParser().read(SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(reading.contentHash == nil)
            #expect(throws: ParseFailure.self) { try reading.parsed.get() }
        }
    }

    /// JSON that is not an arXiv dump is taken whole from the bytes the line reader already saw
    /// and the rest, without reading the file again: blank lines, CRLF and a missing final newline kept.
    @Test(arguments: [
        "[{\"doc_id\": 1}]", "\n\r\n  \n[\n{\"doc_id\": 1}\r\n]", "{\"id\": \"1\"}\n{\"id\": \"2\"}\n",
        String(repeating: " ", count: 300_000) + "\n[1, 2]",
    ])
    func otherJSONIsReadWholeFromOnePass(text: String) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("other.json", text: text)
            let parsed = try FileParser().parseJSON(FileInput(path: path), path: path, textPath: path, mayBeCSL: true)
            guard case .document(let document) = try #require(parsed.records.first) else {
                Issue.record("not a document: \(parsed.records)")
                return
            }
            #expect(document.text == TextDecoding.normalize(text))
        }
    }

    /// A JSON Lines file read in parts (plain or in a `.gz`) hands its records over as they are
    /// parsed, `partSize` at a time and in order, with the problems found on the way; the parts and
    /// what is left are the records, problems and hash of the file read whole.
    @Test(arguments: [1, 2, 3, 100], [false, true])
    func jsonLinesComeInPartsThatMakeTheWholeReading(partSize: Int, gzipped: Bool) throws {
        try TemporaryFolder.with { folder in
            let text = String(repeating: ArxivTests.fixture, count: 3)
            let plain = try folder.write("dump.jsonl", text: text)
            let path = gzipped ? try gzipCopy(of: plain) : plain
            let file = SourceFile(path: path, size: 0, mtimeNanos: 0)
            let whole = FileParser().read(file)
            var parts: [ParsedFile] = []
            let reading = FileParser().read(file, partSize: partSize) { part in
                parts.append(part)
                return true
            }
            let rest = try reading.parsed.get()
            let wholeParsed = try whole.parsed.get()
            #expect(wholeParsed.records.count == 9)
            #expect(parts.allSatisfy { $0.records.count == partSize && $0.format == "arxiv" })
            #expect(rest.records.count < partSize)
            #expect(parts.count == (partSize > 9 ? 0 : 9 / partSize))
            #expect(parts.flatMap(\.records) + rest.records == wholeParsed.records)
            #expect(parts.flatMap(\.problems) + rest.problems == wholeParsed.problems)
            #expect(reading.contentHash == whole.contentHash)
            #expect(reading.contentHash == (try Self.expectedHash(of: path)))
        }
    }

    /// A reading in parts stops when its taker says so: it fails, naming the file, with no hash
    /// (the rest of the file is not read), and no part comes after.
    @Test func aReadingInPartsStopsWhenAskedTo() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("dump.jsonl", text: String(repeating: ArxivTests.fixture, count: 3))
            var parts = 0
            let reading = FileParser().read(SourceFile(path: path, size: 0, mtimeNanos: 0), partSize: 2) { _ in
                parts += 1
                return parts < 2
            }
            #expect(parts == 2)
            #expect(reading.contentHash == nil)
            #expect(throws: ParseFailure(path: path, reason: "reading stopped")) { try reading.parsed.get() }
        }
    }

    /// A rewind hands out again what was read, wherever the reads stopped, and the stream goes on after it.
    @Test(arguments: [1, 7, 4096])
    func rewindReplaysFromTheStart(step: Int) throws {
        let text = (1...2_000).map { "line \($0)" }.joined(separator: "\n")
        let source = RewindableSource(ArraySource(text, step: step))
        #expect(try source.readPrefix(100) == Array(text.utf8.prefix(100)))
        try source.rewind()
        var reader = LineReader(source, chunkSize: 64)
        #expect(try reader.next().map { String(decoding: $0, as: UTF8.self) } == "line 1")
        source.keepReading()
        var count = 1
        while try reader.next() != nil { count += 1 }
        #expect(count == 2_000)

        let whole = RewindableSource(ArraySource(text, step: step))
        _ = try whole.readPrefix(10)
        #expect(try whole.rewoundBytes() == Array(text.utf8))
        try whole.rewind()
        #expect(try whole.readAll() == Array(text.utf8))
    }
}
