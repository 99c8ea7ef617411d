import Foundation
import QuarryModel
import Testing

@testable import QuarryIngest

@Suite("Reading files and plain text")
struct FileParserTests {
    @Test(arguments: [
        ([0x61, 0x62, 0x63, 0x00, 0x64] as [UInt8], "binary file (NUL byte at offset 3)"),
        ([0x68, 0x69, 0x20, 0xFF, 0x21], "not valid UTF-8 text (byte offset 3)"),
        ([0x63, 0x61, 0x66, 0xC3], "not valid UTF-8 text (byte offset 3)"),
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

/// A folder under the system's temporary directory, removed after use.
struct TemporaryFolder {
    let path: String

    /// Runs `body` with a fresh folder, then removes it.
    static func with(_ body: (TemporaryFolder) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.path + "/quarry-ingest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(TemporaryFolder(path: Crawler.absolutePath(path)))
    }

    /// Writes a file (making its folders) and returns its path.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        let folder = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes a UTF-8 text file and returns its path.
    @discardableResult
    func write(_ relative: String, text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Makes a folder.
    func makeFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    /// Makes a symbolic link at `relative` pointing to `destination`.
    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: destination)
    }
}
