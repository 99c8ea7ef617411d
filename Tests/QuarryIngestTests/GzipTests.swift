import Foundation
import QuarryModel
import Testing

@testable import QuarryIngest

@Suite("Line reading and gzip")
struct GzipTests {
    /// All lines of `text` read through a tiny buffer and a source that trickles bytes.
    private func lines(_ text: String, chunk: Int, step: Int) throws -> [String] {
        var reader = LineReader(ArraySource(text, step: step), chunkSize: chunk)
        var lines: [String] = []
        while let line = try reader.next() {
            lines.append(String(decoding: line, as: UTF8.self))
            #expect(reader.lineNumber == lines.count)
        }
        return lines
    }

    @Test(arguments: [(16, 1), (16, 7), (16, 1000), (1 << 16, 3)])
    func linesSurviveChunkBoundaries(chunk: Int, step: Int) throws {
        let long = String(repeating: "ü", count: 100)
        let text = "first\r\nsecond\n\n\(long)\nlast without newline"
        #expect(try lines(text, chunk: chunk, step: step) == ["first", "second", "", long, "last without newline"])
        #expect(try lines("", chunk: chunk, step: step) == [])
        #expect(try lines("one\n", chunk: chunk, step: step) == ["one"])
    }

    @Test func gzipStreamsDecompress() throws {
        try TemporaryFolder.with { folder in
            let text = (1...20_000).map { "line \($0) ünïcode" }.joined(separator: "\n") + "\n"
            let path = try gzipCopy(of: try folder.write("lines.txt", text: text))
            var reader = LineReader(try GzipInput(path: path), chunkSize: 4096)
            var count = 0
            while let line = try reader.next() {
                count += 1
                if count == 12_345 { #expect(String(decoding: line, as: UTF8.self) == "line 12345 ünïcode") }
            }
            #expect(count == 20_000)
            #expect(try GzipInput(path: path).readAll() == Array(text.utf8))
        }
    }

    /// Reads every byte of the gzip file at `path` through `GzipInput`, returning the failure if any.
    private func failure(reading path: String) -> ParseFailure? {
        do throws(ParseFailure) {
            _ = try GzipInput(path: path).readAll()
            return nil
        } catch {
            return error
        }
    }

    @Test func damagedGzipFilesFail() throws {
        try TemporaryFolder.with { folder in
            let text = (1...5_000).map { "record \($0) with some text to compress" }.joined(separator: "\n")
            let good = try Array(
                Data(contentsOf: URL(fileURLWithPath: try gzipCopy(of: try folder.write("a.txt", text: text)))))

            var flipped = good
            for index in stride(from: good.count / 2, to: good.count / 2 + 64, by: 1) { flipped[index] ^= 0x5A }
            let truncated = Array(good.prefix(good.count / 2))
            var badChecksum = good
            badChecksum[good.count - 6] ^= 0xFF  // inside the CRC-32 trailer

            for (name, bytes) in [("flipped.gz", flipped), ("truncated.gz", truncated), ("checksum.gz", badChecksum)] {
                let path = try folder.write(name, bytes: bytes)
                let error = failure(reading: path)
                #expect(error?.path == path)
                #expect(error?.reason.hasPrefix("corrupt gzip file (") == true, "\(name): \(String(describing: error))")
            }
            let notGzip = try folder.write("plain.gz", text: "just text")
            #expect(failure(reading: notGzip)?.reason == "corrupt gzip file (no gzip header)")
            let empty = try folder.write("empty.gz", bytes: [])
            #expect(failure(reading: empty)?.reason == "corrupt gzip file (empty)")
        }
    }

    @Test func concatenatedMembersAreReadInTurnAndTrailingBytesIgnored() throws {
        try TemporaryFolder.with { folder in
            func compressed(_ name: String, _ text: String) throws -> [UInt8] {
                try Array(Data(contentsOf: URL(fileURLWithPath: try gzipCopy(of: try folder.write(name, text: text)))))
            }
            let first = try compressed("a.txt", "first\n")
            let second = try compressed("b.txt", String(repeating: "second line\n", count: 20_000))
            let both = try folder.write("both.gz", bytes: first + second)
            let text = "first\n" + String(repeating: "second line\n", count: 20_000)
            #expect(try GzipInput(path: both).readAll() == Array(text.utf8))
            let trailing = try folder.write("trailing.gz", bytes: first + [0, 0, 0, 0])
            #expect(try GzipInput(path: trailing).readAll() == Array("first\n".utf8))
        }
    }

    @Test func corruptGzipThroughTheFileParserFailsNamingThePath() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write(
                "dump.jsonl.gz", bytes: [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xFF, 0xFF])
            let error = #expect(throws: ParseFailure.self) {
                try FileParser().records(in: SourceFile(path: path, size: 12, mtimeNanos: 0))
            }
            #expect(error?.path == path)
            #expect(error?.reason.hasPrefix("corrupt gzip file") == true)
        }
    }

    @Test func gzippedTextAndCSVAreReadAsTheirInnerType() throws {
        try TemporaryFolder.with { folder in
            let csv = try gzipCopy(of: try folder.write("resumes.csv", text: CsvTests.fixture))
            let parsedCSV = try FileParser().records(in: SourceFile(path: csv, size: 0, mtimeNanos: 0))
            #expect(parsedCSV.format == "resume-csv")
            #expect(parsedCSV.records.count == 2)
            #expect(parsedCSV.problems.map(\.path) == [csv])

            let markdown = try gzipCopy(of: try folder.write("notes.md", text: "# Notes\n\nsome text\n"))
            let parsedMarkdown = try FileParser().records(in: SourceFile(path: markdown, size: 0, mtimeNanos: 0))
            #expect(
                parsedMarkdown.records == [.document(PlainDocument(title: "Notes", text: "# Notes\n\nsome text\n"))])

            let unknown = try gzipCopy(of: try folder.write("ADI.ALL", text: ".I 1\n.T\nA title\n"))
            let parsedUnknown = try FileParser().records(in: SourceFile(path: unknown, size: 0, mtimeNanos: 0))
            #expect(parsedUnknown.records == [.document(PlainDocument(title: ".I 1", text: ".I 1\n.T\nA title\n"))])

            let binary = try gzipCopy(of: try folder.write("blob.bin", bytes: [0x01, 0x00, 0x02]))
            let error = #expect(throws: ParseFailure.self) {
                try FileParser().records(in: SourceFile(path: binary, size: 0, mtimeNanos: 0))
            }
            #expect(error?.reason == "binary file of unknown type (.bin, NUL byte at offset 1)")
        }
    }

    @Test(arguments: [("x.jsonl.gz", "x.jsonl"), ("X.CSV.GZ", "X.CSV"), ("a.gz", "a"), ("plain", "plain")])
    func innerNames(name: String, inner: String) {
        #expect(Gzip.innerName(name) == inner)
    }
}
