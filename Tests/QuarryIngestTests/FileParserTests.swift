import Foundation
import QuarryModel
import Testing

@testable import QuarryIngest

@Suite("Reading files and plain text")
struct FileParserTests {
    /// Texts whose lines the byte-by-byte split must find as the split by characters does: CRLF
    /// (one character), combining marks after a line break, emoji, white space of every kind.
    static let lineTexts = [
        "", "\n", "\n\n", "a", "a\nb", " a \n\t b\t\n", "a\r\nb", "a\r\n\nb\r", "x\n\u{301}y", "é\n  ü  \n",
        "👍🏽\n👩‍👩‍👧\n", "\u{00A0}lead\u{2003}\ntrail\u{3000}", "a\u{2028}b\nc", "\r\r\n\n\r",
    ]

    @Test(arguments: lineTexts)
    func linesSplitByBytesAsByCharacters(_ text: String) {
        let byCharacters = text.split(separator: "\n", omittingEmptySubsequences: false).map(\.trimmed)
        #expect(text.trimmedLines == byCharacters)
        #expect(TextDecoding.lines(of: text) == byCharacters)
    }

    @Test func linesOfGeneratedTextsSplitByBytesAsByCharacters() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "é", " ", "\t", "\n", "\r", "\r\n", "\u{301}", "👍🏽", "\u{00A0}", "bc"]
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...30, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            #expect(text.trimmedLines == text.split(separator: "\n", omittingEmptySubsequences: false).map(\.trimmed))
        }
    }

    @Test(arguments: [
        ([0x61, 0x62, 0x63, 0x00, 0x64] as [UInt8], "binary file (NUL byte at offset 3)"),
        // Not UTF-8, and not Windows-1252 text either: control characters are not text.
        ([0x68, 0x69, 0x20, 0xFF, 0x02], "not valid UTF-8 text (byte offset 3)"),
        ([0x63, 0x61, 0x66, 0xC3, 0x01], "not valid UTF-8 text (byte offset 3)"),
        // More bytes outside UTF-8 than Windows-1252 text would have.
        ([0x48, 0x69, 0xFF, 0xFE, 0x20, 0x80], "not valid UTF-8 text (byte offset 2)"),
        ([0xEF, 0xBB, 0xBF, 0xED, 0xA0, 0x80], "not valid UTF-8 text (byte offset 3)"),
    ])
    func unreadableContentThrowsNamingThePath(bytes: [UInt8], reason: String) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("bad.txt", bytes: bytes)
            let error = #expect(throws: ParseFailure.self) {
                try FileParser().records(in: SourceFile(path: path, size: Int64(bytes.count), mtimeNanos: 0))
            }
            #expect(error?.path == path)
            #expect(error?.reason == reason)
            #expect(error?.description.hasPrefix(path) == true)
        }
    }

    @Test func windows1252TextIsRead() throws {
        try TemporaryFolder.with { folder in
            let bytes: [UInt8] = [
                76, 101, 32, 99, 97, 102, 233, 32, 101, 115, 116, 32, 116, 114, 232, 115, 32, 98, 111, 110, 44, 32, 147,
                100, 105, 116, 45, 105, 108, 148, 46, 10,
            ]
            let path = try folder.write("notes.txt", bytes: bytes)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            let line = "Le café est très bon, “dit-il”."
            #expect(parsed.records == [.document(PlainDocument(title: line, text: line + "\n"))])
            // UTF-8 with a stray Windows-1252 byte keeps its UTF-8.
            let mixed = try folder.write("mixed.log", bytes: Array("Naïve ".utf8) + [0x96, 0x20, 0x61])
            let parsedMixed = try FileParser().records(in: SourceFile(path: mixed, size: 0, mtimeNanos: 0))
            #expect(parsedMixed.records == [.document(PlainDocument(title: "Naïve – a", text: "Naïve – a"))])
        }
    }

    /// Files of other types are plain documents when they are text, whatever their content looks like.
    @Test(arguments: [
        ("ADI.ALL", ".I 1\n.T\nA Survey of Indexing\n.A\nJ. Smith\n.W\nabstract text\n", ".I 1"),
        ("cranqrel", "1 184 2\n1 29 2\n", "1 184 2"),
        ("page.html", "<html>\n<p>EDUCATION</p>\n<p>EXPERIENCE</p>\n", "<html>"),
        ("profile.dat", "Ada Lovelace\nh-index9\nLGMar 3, 2020\nA Paper\nAda Lovelace\nAbstract.\n", "Ada Lovelace"),
    ])
    func otherTextFilesArePlainDocuments(name: String, text: String, title: String) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write(name, text: text)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(parsed.format == "text")
            #expect(parsed.records == [.document(PlainDocument(title: title, text: text))])
        }
    }

    @Test(arguments: [
        (
            "blob.bin", [0x01, 0x02, 0x03, 0x00, 0x05] as [UInt8],
            "binary file of unknown type (.bin, NUL byte at offset 3)"
        ),
        ("core", [0x7F, 0x45, 0x4C, 0x46, 0x00], "binary file of unknown type (no extension, NUL byte at offset 4)"),
        ("odd.dat", [0x61, 0xFF, 0x1B, 0x62], "binary file of unknown type (.dat, control byte 0x1B at offset 2)"),
        ("high.dat", [0x61, 0xFF, 0xFE, 0x62], "binary file of unknown type (.dat, not UTF-8 or Windows-1252 text)"),
    ])
    func binaryFilesOfUnknownTypeFail(name: String, bytes: [UInt8], reason: String) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write(name, bytes: bytes)
            let error = #expect(throws: ParseFailure.self) {
                try FileParser().records(in: SourceFile(path: path, size: Int64(bytes.count), mtimeNanos: 0))
            }
            #expect(error?.path == path)
            #expect(error?.reason == reason)
        }
    }

    @Test func largeBinaryFilesAreRejectedFromTheirFirstBytes() throws {
        try TemporaryFolder.with { folder in
            let bytes = [UInt8](repeating: 0x41, count: 200_000) + [0x00]
            let path = try folder.write("big.blob", bytes: bytes)
            let error = #expect(throws: ParseFailure.self) {
                try FileParser().records(in: SourceFile(path: path, size: Int64(bytes.count), mtimeNanos: 0))
            }
            #expect(error?.reason == "binary file of unknown type (.blob, NUL byte at offset 200000)")
        }
    }

    /// PDF and Word files go to their parsers (by extension, or by the `%PDF-` magic); a file that
    /// is not really one fails naming its path.
    @Test(arguments: ["paper.pdf", "CV.DOCX", "no-extension"])
    func documentsGoToTheirParsers(name: String) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write(name, text: "%PDF-1.4 not really a document")
            let error = #expect(throws: ParseFailure.self) {
                try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            }
            #expect(error?.path == path)
        }
    }

    @Test func missingFileThrowsNamingThePath() {
        let path = "/nonexistent-quarry-folder/gone.txt"
        let error = #expect(throws: ParseFailure.self) {
            try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
        }
        #expect(error?.path == path)
        #expect(error?.reason.contains("no such file") == true)
    }

    @Test(arguments: ["", "\n\n   \n", "\u{FEFF}"])
    func blankFileGivesNoRecords(text: String) throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("empty.txt", text: text)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(parsed.format == "text")
            #expect(parsed.records.isEmpty)
        }
    }

    @Test func byteOrderMarkAndCRLFAreNormalised() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write(
                "notes.txt", bytes: Array("\u{FEFF}Shopping list\r\nmilk\r\neggs\rbread\r\n".utf8))
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(
                parsed.records == [
                    .document(PlainDocument(title: "Shopping list", text: "Shopping list\nmilk\neggs\nbread\n"))
                ])
        }
    }

    @Test func readmeIsPlainText() {
        let readme = """
            # Quarry

            Quarry is a full-text search tool for research papers and resumes.

            ## Installation
            Run `swift build`. Contact: maintainer@example.com

            ## Usage
            quarry index ~/papers
            quarry search "sparse attention" year:2023..2025

            ## Projects using Quarry
            None yet. The experience of indexing 6 papers is described in docs/.

            ## License
            MIT
            """
        let parsed = FileParser().parse(text: readme, path: "/repo/README.md")
        #expect(parsed.format == "text")
        #expect(parsed.records == [.document(PlainDocument(title: "Quarry", text: readme))])
    }

    @Test(arguments: [
        "Education is the most powerful weapon.\nExperience is the teacher of all things.",
        "Meeting notes\nDCFeb 11\nWe discussed the h-index of the group.",
        "Notes\nEDUCATION\nA single heading and no contact details is not enough.",
    ])
    func weakSignalsStayPlainText(text: String) {
        #expect(FileParser().parse(text: text, path: "/notes/a.txt").format == "text")
    }

    @Test func longFirstLineIsCutForTheTitle() {
        let line = String(repeating: "word ", count: 100)
        let parsed = FileParser().parse(text: line, path: "/a.txt")
        guard case .document(let document)? = parsed.records.first else {
            Issue.record("expected a document")
            return
        }
        #expect(document.title.count <= 200)
        #expect(document.text == line)
    }
}
