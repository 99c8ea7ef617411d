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

    /// Indexes the workspace into `location` (the workspace's own by default) with one thread
    /// (nothing read ahead: every file is read in the run's loop, a JSON Lines file in parts of
    /// `partSize`) or `workers`, and batches of `partSize` records.
    static func index(
        _ space: Workspace, partSize: Int, stop: StopAfter? = nil, workers: Int = 1, at location: IndexLocation? = nil
    ) throws -> IndexSummary {
        let location = location ?? space.location
        let indexer = try Indexer(location: location)
        indexer.workers = workers
        indexer.batchRecords = partSize
        let options = Indexer.Options(shouldStop: { stop?.shouldStop() ?? false })
        return try indexer.run(
            Crawler(excluding: [location.path]).walk([space.docs]), roots: [space.docs], source: FileParser(),
            options: options)
    }

    /// With more than one worker a file read in parts is parsed on a thread of its own, a part
    /// ahead of the indexer (`ReadAhead.readInParts`): the parts arrive in order, each whole, and a
    /// false from the indexer stops the reading after exactly the parts it took, as reading on the
    /// indexer's own thread does.
    @Test(arguments: [(1, Int.max), (4, Int.max), (13, Int.max), (1, 3), (4, 2), (13, 1)])
    func partsParsedAheadArriveAsPartsParsedInTurn(partSize: Int, stopAfter: Int) throws {
        let space = try Workspace()
        let file = SourceFile(path: try Self.fill(space), size: 0, mtimeNanos: 0)
        var inTurn: [ParsedFile] = []
        let readingInTurn = FileParser().read(file, partSize: partSize) { part in
            inTurn.append(part)
            return inTurn.count < stopAfter
        }
        var ahead: [ParsedFile] = []
        let readingAhead = ReadAhead.readInParts(file, partSize: partSize, source: FileParser()) { part in
            ahead.append(part)
            return ahead.count < stopAfter
        }
        #expect(stopAfter == .max ? inTurn.count == 40 / partSize : inTurn.count == stopAfter)
        #expect(ahead.map(\.records) == inTurn.map(\.records))
        #expect(ahead.map(\.problems) == inTurn.map(\.problems))
        #expect(readingAhead.contentHash == readingInTurn.contentHash)
        #expect(readingAhead.parsed.failure == readingInTurn.parsed.failure)
        #expect((try? readingAhead.parsed.get())?.records == (try? readingInTurn.parsed.get())?.records)
        if stopAfter < .max { #expect(readingAhead.parsed.failure?.reason.contains("stopped") == true) }
    }

    /// A folder holding one JSON Lines file (so it is read in the run's loop, in parts) indexed
    /// with two workers, parts parsed ahead, is the one-thread build, and a run stopped after its
    /// first part keeps that part alone.
    @Test(arguments: [1, 4, 13])
    func aFileParsedAheadInPartsIsTheOneThreadBuild(partSize: Int) throws {
        let space = try Workspace()
        try Self.fill(space)
        try FileManager.default.removeItem(atPath: space.docs + "/a-copy.bib")
        let summary = try Self.index(space, partSize: partSize, workers: 2)
        #expect(summary.records == 40)
        let oneThread = IndexLocation(path: space.root + "/one-thread")
        _ = try Self.index(space, partSize: partSize, workers: 1, at: oneThread)
        #expect(Array(Set(try space.dump()).symmetricDifference(try space.dump(oneThread))).sorted() == [])

        let stoppedSpace = try Workspace()
        try Self.fill(stoppedSpace)
        try FileManager.default.removeItem(atPath: stoppedSpace.docs + "/a-copy.bib")
        // The questions: before `papers.jsonl`, before its first part is stored, before its second.
        let stopped = try Self.index(stoppedSpace, partSize: partSize, stop: StopAfter(3), workers: 2)
        #expect(stopped.interrupted)
        let entry = try #require(
            try Catalog(path: stoppedSpace.location.catalogPath, readOnly: true).files()[
                stoppedSpace.docs + "/papers.jsonl"])
        #expect(entry.recordCount == partSize)
        #expect(entry.size == Catalog.incompleteSize)
        // A first build with two workers is a sharded one: stopped, it still merges what it wrote.
        #expect(stopped.compacted)
        #expect(try stoppedSpace.dump().filter { $0.hasPrefix("item ") }.count == partSize)
        let again = try Self.index(stoppedSpace, partSize: partSize, workers: 2)
        #expect(!again.interrupted && !again.compacted)
        #expect(try stoppedSpace.differencesFromCleanBuild() == [])
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
