import Foundation
import QuarryIngest
import QuarryModel
import Testing

@testable import QuarryIndex

/// A JSON Lines file is stored in parts as it is read (`RecordSource.read(_:partSize:part:)`), each
/// part committed as a batch of its own, so a dump of any size is never held whole: on real
/// Xapian and SQLite stores, the index equals the file stored whole; a run stopped between two
/// parts leaves the file marked incomplete and a consistent index, and the next run reads it again.
@Suite struct FileInPartsTests {
    /// Writes `papers.jsonl`: 40 papers in 30 arXiv ids (ten listed twice, merged into one item
    /// across parts), a bad line every eleven, and `a-copy.bib`, one of the papers again (merged
    /// by entity resolution). Returns the path of the JSON Lines file.
    @discardableResult
    static func fill(_ space: Workspace) throws -> String {
        var lines: [String] = []
        for number in 0..<40 {
            let id = String(format: "%05d", number % 30)
            lines.append(
                #"{"id": "2401.\#(id)", "authors": "Ana Lima, Li Wei", "title": "Sparse retrieval with posting lists \#(number % 30)", "abstract": "Compressed postings, version \#(number)", "categories": "cs.IR", "update_date": "2024-01-0\#(1 + number % 9)"}"#
            )
            if number % 11 == 5 { lines.append("{not json") }
        }
        try space.paper(
            "a-copy.bib", title: "Sparse retrieval with posting lists 3", authors: "Ana Lima and Li Wei", year: 2024)
        return try space.write("papers.jsonl", lines.joined(separator: "\n") + "\n")
    }

    /// Asked between files and parts; says stop from its `stopAt`-th question on.
    final class StopAfter: @unchecked Sendable {
        private let lock = NSLock()
        private var asked = 0
        let stopAt: Int
        init(_ stopAt: Int) { self.stopAt = stopAt }
        func shouldStop() -> Bool {
            lock.lock()
            defer { lock.unlock() }
            asked += 1
            return asked >= stopAt
        }
    }

    /// Indexes the workspace with one thread (nothing read ahead: every file is read in the run's
    /// loop, a JSON Lines file in parts of `partSize`) and batches of `partSize` records.
    static func index(_ space: Workspace, partSize: Int, stop: StopAfter? = nil) throws -> IndexSummary {
        let indexer = try Indexer(location: space.location)
        indexer.workers = 1
        indexer.batchRecords = partSize
        let options = Indexer.Options(shouldStop: { stop?.shouldStop() ?? false })
        return try indexer.run(
            Crawler().walk([space.docs]), roots: [space.docs], source: FileParser(), options: options)
    }

    @Test(arguments: [1, 4, 13])
    func aFileStoredInPartsIsTheFileStoredWhole(partSize: Int) throws {
        let space = try Workspace()
        try Self.fill(space)
        let summary = try Self.index(space, partSize: partSize)
        #expect(summary.records == 41)
        #expect(summary.problems.count == 4)
        #expect(summary.added == 2)
        #expect(summary.formats == ["arxiv": 1, "bibtex": 1])
        #expect(try space.differencesFromCleanBuild() == [])
        #expect(try space.dump().filter { $0.hasPrefix("item ") }.count == 30)
    }

    /// Stopped after its first part (the questions: before `a-copy.bib`, before `papers.jsonl`, after
    /// its first part, after its second), a new file and a changed one hold that part only, say so
    /// (`quarry status` lists them), and are read whole by the next run.
    @Test(arguments: [false, true])
    func aRunStoppedBetweenPartsLeavesTheFileIncompleteForTheNextRun(changed: Bool) throws {
        let space = try Workspace()
        let path = try Self.fill(space)
        if changed {
            _ = try Self.index(space, partSize: 2_000)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            try space.write(
                "papers.jsonl",
                text
                    + #"{"id": "2402.00001", "authors": "Joan Doe", "title": "Added later", "abstract": "x", "update_date": "2024-02-01"}"#
                    + "\n")
        }
        let stopped = try Self.index(space, partSize: 6, stop: StopAfter(4))
        #expect(stopped.interrupted)
        let catalog = try Catalog(path: space.location.catalogPath, readOnly: true)
        let entry = try #require(try catalog.files()[path])
        #expect(entry.size == Catalog.incompleteSize)
        #expect(entry.recordCount == 6)
        #expect(entry.error == Catalog.incompleteError)
        #expect(stopped.inPart == [path])
        #expect(stopped.failing == [])
        #expect(stopped.notReached == 0)
        #expect(try catalog.pendingKeys() == [])
        let items = try space.dump().filter { $0.hasPrefix("item ") }
        #expect(items.count == 6)

        let again = try Self.index(space, partSize: 6)
        #expect(!again.interrupted)
        #expect(again.failing == [])
        #expect(again.inPart == [])
        #expect(
            try Catalog(path: space.location.catalogPath, readOnly: true).files()[path]?.size != Catalog.incompleteSize)
        #expect(try space.differencesFromCleanBuild() == [])
    }

    /// A `.gz` dump whose stream breaks after some of its parts were stored fails as a whole: its
    /// parts go and the file is the failure it is when read whole.
    @Test(arguments: [1, 3])
    func aDumpThatBreaksAfterItsFirstPartsFailsWhole(partSize: Int) throws {
        let space = try Workspace()
        let path = try Self.fill(space)
        let compressed = try gzipped(path)
        try FileManager.default.removeItem(atPath: path)
        let broken = Data(compressed.prefix(compressed.count * 2 / 3))
        try broken.write(to: URL(fileURLWithPath: path + ".gz"))
        var parts = 0
        _ = FileParser().read(SourceFile(path: path + ".gz", size: 0, mtimeNanos: 0), partSize: partSize) { _ in
            parts += 1
            return true
        }
        #expect(parts > 0, "the stream must break after the first parts")
        let summary = try Self.index(space, partSize: partSize)
        #expect(summary.failures.map(\.path) == [path + ".gz"])
        let entry = try #require(try Catalog(path: space.location.catalogPath, readOnly: true).files()[path + ".gz"])
        #expect(entry.format == Catalog.failedFormat)
        #expect(entry.recordCount == 0)
        #expect(try space.differencesFromCleanBuild() == [])
    }

    /// The bytes of `gzip -c path`.
    func gzipped(_ path: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }
}
