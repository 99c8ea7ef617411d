import Foundation
import QuarryAnalysis
import QuarryIngest
import QuarryModel
import QuarryTestSupport
import Synchronization
import Testing

@testable import QuarryIndex

/// The incremental indexer on real temporary Xapian and SQLite stores, fed by the real parser.
@Suite struct IndexerTests {
    let corpus: TestCorpus
    let location: IndexLocation

    init() throws {
        corpus = try TestCorpus()
        location = IndexLocation(path: corpus.index.path)
    }

    /// Crawls the corpus and runs one indexing pass.
    func runIndex(rebuild: Bool = false, source: some RecordSource = FileParser()) throws -> IndexSummary {
        let indexer = try Indexer(location: location, rebuild: rebuild)
        let root = corpus.corpus.standardizedFileURL.resolvingSymlinksInPath().path
        let crawl = Crawler(excluding: [location.path]).walk([root])
        return try indexer.run(files: crawl.files, roots: [root], source: source)
    }

    /// The real parser, counting which files it parsed and which it only hashed.
    final class CountingSource: RecordSource {
        let counts = Mutex((parsed: [String](), hashed: [String]()))

        func read(_ file: SourceFile) -> FileReading {
            counts.withLock { $0.parsed.append((file.path as NSString).lastPathComponent) }
            return FileParser().read(file)
        }

        func contentHash(of file: SourceFile) -> String? {
            counts.withLock { $0.hashed.append((file.path as NSString).lastPathComponent) }
            return FileParser().contentHash(of: file)
        }
    }

    @Test func eachFileIsReadOnceAndATouchedOneOnlyHashed() throws {
        let first = CountingSource()
        _ = try runIndex(source: first)
        #expect(first.counts.withLock { $0.parsed.count == 4 && $0.hashed.isEmpty })
        let touchedFile = try corpus.file("002")
        try corpus.setModified(touchedFile, Date(timeIntervalSinceNow: 3600))
        let edited = try edit("004", replacing: "SPLAT", with: "SPLAT!")
        let second = CountingSource()
        let summary = try runIndex(source: second)
        #expect(summary.updated == 1 && summary.unchanged == 3)
        #expect(second.counts.withLock { $0.parsed } == [edited.lastPathComponent])
        #expect(second.counts.withLock { $0.hashed } == [touchedFile.lastPathComponent])
    }

    /// The stored item of the paper with this title, or nil when the index has none.
    func paper(titled title: String) throws -> IndexedItem? {
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        let id = MergeKey.paper(titleKey: Normalize.titleKey(title)).itemID
        guard let data = try database.documentData(idTerm: Schema.idTerm(id)) else { return nil }
        return try JSONDecoder().decode(IndexedItem.self, from: data)
    }

    static let vtc = "VTC: DNN Compilation with Virtual Tensors for Data Movement Elimination"
    static let splat = "SPLAT: A framework for optimised GPU code-generation for SParse reguLar ATtention"

    @Test func firstRunAddsEveryFileAndMergesSharedPapers() throws {
        let summary = try runIndex()
        #expect(summary.added == 4)
        #expect(summary.failed == 0 && summary.unchanged == 0 && summary.updated == 0)
        #expect(summary.formats["profile"] == 2)
        #expect(summary.formats["resume"] == 2)
        let vtc = try #require(try paper(titled: Self.vtc))
        #expect(vtc.paths.count == 2, "VTC is listed in both profiles and must be one item")
        #expect(vtc.authors.contains("Ahan Gupta") && vtc.authors.contains("Vima Gupta"))
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        // 9 distinct profile papers + 4 resume-only publications + 2 resumes (Lynx merges with its profile entry).
        #expect(try database.documentCount() == 15)
    }

    @Test func secondRunFindsEverythingUnchanged() throws {
        _ = try runIndex()
        let again = try runIndex()
        #expect(again.unchanged == 4)
        #expect(again.added + again.updated + again.removed + again.failed == 0)
        #expect(again.documentsRebuilt == 0)
    }

    @Test func touchedButUnchangedFileIsConfirmedByHash() throws {
        _ = try runIndex()
        try corpus.setModified(try corpus.file("002"), Date(timeIntervalSinceNow: 3600))
        let touched = try runIndex()
        #expect(touched.unchanged == 4 && touched.updated == 0)
        let again = try runIndex()
        #expect(again.unchanged == 4 && again.updated == 0)
    }

    /// Replaces `old` with `new` in the corpus file whose name starts with `prefix`; returns the file.
    @discardableResult
    func edit(_ prefix: String, replacing old: String, with new: String) throws -> URL {
        let file = try corpus.file(prefix)
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func sameSizeEditIsFoundByTheHash() throws {
        _ = try runIndex()
        let file = try edit("002", replacing: "Lynx leverages this insight", with: "Lynx leverages that insight")
        try corpus.setModified(file, Date(timeIntervalSinceNow: 3600))
        let summary = try runIndex()
        #expect(summary.updated == 1 && summary.unchanged == 3)
    }

    @Test func touchedFailingFileIsNotRetried() throws {
        let bad = corpus.corpus.appendingPathComponent("broken.bin")
        try Data([0x00, 0x01, 0x02]).write(to: bad)
        #expect(try runIndex().failed == 1)
        try corpus.setModified(bad, Date(timeIntervalSinceNow: 3600))
        let touched = try runIndex()
        #expect(touched.failed == 0 && touched.unchanged == 5)
        #expect(touched.failures.isEmpty)
    }

    @Test func modifiedFileIsReindexed() throws {
        _ = try runIndex()
        try edit("002", replacing: "Lynx leverages this insight", with: "Lynx exploits zanzibarine insight")
        let summary = try runIndex()
        #expect(summary.updated == 1 && summary.unchanged == 3)
        let lynx = try #require(
            try paper(titled: "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection"))
        #expect(lynx.text.contains("zanzibarine"))
    }

    @Test func deletedFileTakesOnlyItsOwnPapers() throws {
        _ = try runIndex()
        try FileManager.default.removeItem(at: try corpus.file("004"))
        let summary = try runIndex()
        #expect(summary.removed == 1 && summary.unchanged == 3)
        #expect(try paper(titled: Self.splat) == nil)
        let vtc = try #require(try paper(titled: Self.vtc), "VTC is still listed in 002")
        #expect(vtc.paths.count == 1)
    }

    @Test func badFileIsRecordedAndTheRestIsIndexed() throws {
        let bad = corpus.corpus.appendingPathComponent("broken.txt")
        try Data([0x48, 0x69, 0xFF, 0xFE, 0x20, 0x80]).write(to: bad)
        let summary = try runIndex()
        #expect(summary.failed == 1 && summary.added == 4)
        #expect(summary.failures.first?.path.hasSuffix("broken.txt") == true)
        // The failing file is remembered, not retried while unchanged.
        let again = try runIndex()
        #expect(again.failed == 0 && again.unchanged == 5)
    }

    @Test func pendingRebuildsAreRedoneAfterACrash() throws {
        _ = try runIndex()
        // Store a changed record in the catalog only, as if the process died before Xapian committed.
        let catalog = try Catalog(path: location.catalogPath)
        let paper = Paper(title: Self.splat, authors: ["Someone Else"], abstract: "recovered abstract")
        let key = Entity.key(for: .paper(paper), path: "/nowhere.txt", ordinal: 0)
        let file = SourceFile(path: "/nowhere.txt", size: 1, mtimeNanos: 1)
        try catalog.transaction { () throws(IndexError) in
            try catalog.store(file: file, hash: "0", format: "profile", count: 1, error: nil) { _ in
                Catalog.NewRecord(key: key, json: try! JSONEncoder().encode(Record.paper(paper)))
            }
        }
        #expect(try catalog.pendingKeys() == [key])
        #expect(try self.paper(titled: Self.splat)?.paths.count == 1)
        _ = try runIndex()
        #expect(try catalog.pendingKeys().isEmpty)
        #expect(try self.paper(titled: Self.splat)?.paths.contains("/nowhere.txt") == true)
    }

    @Test func foldersAreRelativeToTheRoot() throws {
        let nested = corpus.corpus.appendingPathComponent("People/Advocates")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: try corpus.file("000"), to: nested.appendingPathComponent("000.txt"))
        _ = try runIndex()
        let lynx = try #require(
            try paper(titled: "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection"))
        #expect(Set(lynx.folders) == ["People/Advocates", "."])
    }

    @Test func copiesOfOneDatasetKeepEachRowOnce() throws {
        let rows = """
            Category,Resume
            Advocate,"Skills: drafting, litigation, arbitration. Experience: five years of practice."
            Advocate,"Skills: drafting, litigation, arbitration. Experience: five years of practice."
            Testing,"Skills: Selenium, JIRA, Python. Experience: QA engineer."

            """
        try corpus.write("dataset.csv", rows)
        try corpus.write("dataset-copy.csv", rows.replacingOccurrences(of: "Experience", with: "Exprience"))
        _ = try runIndex()
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        let advocates = try XapianQuery.term(try #require(Schema.category.facetTerm("Advocate")))
        let page = try database.search(
            SearchRequest(query: advocates, offset: 0, limit: 10, facetSlots: [], bm25: BM25(k1: 1.2, b: 0.75)))
        // The dataset's two Advocate rows stay two resumes; the copy adds sources, not resumes.
        #expect(page.total == 2)
        for hit in page.hits {
            let item = try JSONDecoder().decode(IndexedItem.self, from: hit.data)
            #expect(item.paths.count == 2)
        }
    }

    @Test func theIndexKeepsItsSchemaVersionAndAnalyzerSettings() throws {
        _ = try runIndex()
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        #expect(try database.metadata(Schema.Metadata.schemaVersion) == String(Schema.version))
        #expect(try database.metadata(Schema.Metadata.analyzer) == (try Analyzer()).settings)
    }

    @Test(arguments: [Schema.Metadata.schemaVersion, Schema.Metadata.analyzer])
    func anIndexOfAnotherVersionIsRefusedUntilRebuilt(key: String) throws {
        _ = try runIndex()
        let count = try XapianDatabase(path: location.xapianPath, writable: false).documentCount()
        do {
            let writer = try XapianDatabase(path: location.xapianPath, writable: true)
            try writer.setMetadata(key, "0")
            try writer.commit()
        }
        #expect {
            _ = try Indexer(location: location)
        } throws: { error in
            guard case IndexError.incompatible(let path, _) = error else { return false }
            return path == location.path && error.localizedDescription.contains("quarry index --rebuild")
        }
        let summary = try runIndex(rebuild: true)
        #expect(summary.unchanged == 4 && summary.documentsRebuilt > 0)
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        #expect(try database.documentCount() == count)
        try IndexFormat(analyzer: try Analyzer()).check(database, indexPath: location.path)
        #expect(try paper(titled: Self.vtc)?.paths.count == 2)
    }

    /// Exports with the same categories in the same order are not copies of one dataset unless
    /// their rows' texts are the same (case 11): each row is its own resume.
    @Test(arguments: [
        (["Java Developer", "Java Developer"], 4),
        (["HR", "Testing", "HR"], 6),
    ])
    func exportsWithTheSameCategoriesStayApart(categories: [String], resumes: Int) throws {
        let employers = [
            "Marlowe Shipping", "Ostrava Rail", "Pemberly Foods", "Vellinge Bank", "Quillon Mills", "Tarrant Air",
        ]
        var rows = ["Category,Resume"]
        var other = ["Category,Resume"]
        for (index, category) in categories.enumerated() {
            rows.append("\(category),\"Skills: Java, Kafka. Experience: developer at \(employers[index]) 2018-2023.\"")
            other.append(
                "\(category),\"Skills: Go, gRPC. Experience: engineer at \(employers[index + categories.count]).\"")
        }
        try corpus.write("march.csv", rows.joined(separator: "\n") + "\n")
        try corpus.write("april.csv", other.joined(separator: "\n") + "\n")
        _ = try runIndex()
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        let query = try XapianQuery.term(Schema.kind.prefix + "resume")
        let page = try database.search(
            SearchRequest(query: query, offset: 0, limit: 20, facetSlots: [], bm25: BM25(k1: 1.2, b: 0.75)))
        // The Corpus folder has two resumes of its own.
        #expect(page.total == resumes + 2)
    }

    @Test func secondWriterIsToldTheIndexIsLocked() throws {
        let first = try Indexer(location: location)
        #expect(throws: IndexError.self) { _ = try Indexer(location: location) }
        withExtendedLifetime(first) {}
    }
}
