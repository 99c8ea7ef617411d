import Foundation
import QuarryIngest
import QuarryModel
import Testing

@testable import QuarryIndex

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of documents and an index of it, on real stores, for the rules of incremental indexing.
final class Workspace {
    let root: String
    var docs: String { root + "/docs" }
    let location: IndexLocation

    init() throws {
        let path = FileManager.default.temporaryDirectory.path + "/quarry-incremental-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/docs", withIntermediateDirectories: true)
        root = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        location = IndexLocation(path: root + "/index")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes a file under `docs/` (making its folders); returns its path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = docs + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    /// A BibTeX file with one paper.
    @discardableResult
    func paper(_ relative: String, title: String, authors: String, year: Int = 2021) throws -> String {
        try write(
            relative, "@article{k\(year), author = {\(authors)}, title = {\(title)}, journal = {J}, year = {\(year)}}\n"
        )
    }

    /// Sets a file's modification time (nanoseconds since 1970).
    func setModified(_ path: String, nanos: Int64) {
        var times = [
            timespec(tv_sec: Int(nanos / 1_000_000_000), tv_nsec: Int(nanos % 1_000_000_000)),
            timespec(tv_sec: Int(nanos / 1_000_000_000), tv_nsec: Int(nanos % 1_000_000_000)),
        ]
        utimensat(AT_FDCWD, path, &times, 0)
    }

    /// Crawls `roots` (default: `docs`) and runs the indexer on `location`.
    @discardableResult
    func index(
        _ roots: [String]? = nil, at location: IndexLocation? = nil, options: Indexer.Options = Indexer.Options(),
        crawl: CrawlResult? = nil
    ) throws -> IndexSummary {
        let location = location ?? self.location
        let roots = roots ?? [docs]
        let indexer = try Indexer(location: location)
        let crawl = crawl ?? Crawler(excluding: [location.path]).walk(roots)
        return try indexer.run(crawl, roots: roots, source: FileParser(), options: options)
    }

    /// The dump of the index at `location`.
    func dump(_ location: IndexLocation? = nil) throws -> [String] {
        var lines: [String] = []
        try IndexDump.write(location: location ?? self.location) { lines.append($0) }
        return lines
    }

    /// Builds a clean index of the same roots elsewhere and returns the lines where its dump and
    /// this index's differ (empty when the incremental index equals the clean build).
    func differencesFromCleanBuild(_ roots: [String]? = nil) throws -> [String] {
        let clean = IndexLocation(path: root + "/clean-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(atPath: clean.path) }
        try index(roots, at: clean)
        let mine = try dump()
        let theirs = try dump(clean)
        return Array(Set(mine).symmetricDifference(theirs)).sorted()
    }

    /// Ids of the items holding `term`, in rank order of a search for it.
    func ranked(_ query: XapianQuery) throws -> [String] {
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        let page = try database.search(
            SearchRequest(query: query, offset: 0, limit: 100, facetSlots: [], bm25: BM25(k1: 1.2, b: 0.75)))
        return try page.hits.map { try JSONDecoder().decode(IndexedItem.self, from: $0.data).id }
    }

    /// How many documents hold the body word `word`.
    func count(_ word: String) throws -> Int {
        try XapianDatabase(path: location.xapianPath, writable: false).termFrequency(Schema.body.term(word))
    }

    /// The catalog's paths.
    func catalogPaths() throws -> [String] {
        try Catalog(path: location.catalogPath, readOnly: true).files().keys.sorted()
    }
}

/// Every way a file can be new, changed, unchanged, moved or gone, and every way a path can name
/// it, on real folders: each rule's outcome, and the index equal to a clean build afterwards.
@Suite struct IncrementalTests {
    @Test func aFileReplacedByOneOfTheSameSizeAndTimeIsReindexed() throws {
        let space = try Workspace()
        let a = try space.write("A.txt", "the heron waits")
        let b = try space.write("../B.txt", "the otter waits")
        space.setModified(a, nanos: 1_700_000_000_000_000_000)
        space.setModified(b, nanos: 1_700_000_000_000_000_000)
        try space.index()
        #expect(try space.count("heron") == 1)
        #expect(rename(b, a) == 0)
        let summary = try space.index()
        #expect(summary.updated == 1)
        #expect(try space.count("heron") == 0 && space.count("otter") == 1)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    @Test func aFileRewrittenInPlaceWithItsOldTimeIsReindexed() throws {
        let space = try Workspace()
        let a = try space.write("A.txt", "the heron waits")
        space.setModified(a, nanos: 1_700_000_000_000_000_000)
        try space.index()
        try "the otter waits".write(toFile: a, atomically: false, encoding: .utf8)
        space.setModified(a, nanos: 1_700_000_000_000_000_000)
        #expect(try space.index().updated == 1)
        #expect(try space.count("otter") == 1 && space.count("heron") == 0)
    }

    /// A run that changes nothing records itself without `fsync`: the record stays in the
    /// catalog's write-ahead log (the close does not checkpoint it) and is read back from there.
    /// The next run that changes something, even on the same indexer (as `quarry watch` keeps
    /// it), is durable again: its close checkpoints the log into the database file.
    @Test func aNoOpRunIsRecordedWithoutSyncAndTheNextChangeIsDurableAgain() throws {
        let space = try Workspace()
        let a = try space.write("A.txt", "the heron waits")
        space.setModified(a, nanos: 1_700_000_000_000_000_000)
        // Read well after its last change (its ctime is now), or the next run must confirm it by
        // its hash and store the new stat: not a no-op (`FileChange.racyWindow`, 20 ms).
        usleep(100_000)
        try space.index()
        let log = space.location.catalogPath + "-wal"
        #expect(!FileManager.default.fileExists(atPath: log), "a run that changed rows checkpoints on close")

        #expect(try space.index().unchanged == 1)
        let size = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        #expect(size > 0, "the no-op run's record is left in the log")
        let recorded = try Catalog(path: space.location.catalogPath, readOnly: true).lastRun()
        #expect(recorded?.summary["unchanged"] == 1 && recorded?.summary["updated"] == 0)

        do {
            let indexer = try Indexer(location: space.location)
            let crawl = { Crawler(excluding: [space.location.path]).walk([space.docs]) }
            #expect(try indexer.run(crawl(), roots: [space.docs], source: FileParser()).unchanged == 1)
            try "the otter waits".write(toFile: a, atomically: false, encoding: .utf8)
            #expect(try indexer.run(crawl(), roots: [space.docs], source: FileParser()).updated == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: log), "the changing run on the same indexer checkpoints")
        #expect(try Catalog(path: space.location.catalogPath, readOnly: true).lastRun()?.summary["updated"] == 1)
        #expect(try space.count("otter") == 1)
    }

    @Test func aFileWhoseStatusAloneChangedIsConfirmedByItsHashNotReparsed() throws {
        let space = try Workspace()
        let a = try space.write("A.txt", "the heron waits")
        space.setModified(a, nanos: 1_700_000_000_000_000_000)
        try space.index()
        chmod(a, 0o600)
        let summary = try space.index()
        #expect(summary.unchanged == 1 && summary.updated == 0 && summary.documentsRebuilt == 0)
    }

    @Test func aMissingRootIsUnreachableAndKeptUntilPruned() throws {
        let space = try Workspace()
        try space.write("a.txt", "tapes on the drive")
        try space.index()
        try FileManager.default.moveItem(atPath: space.docs, toPath: space.root + "/unplugged")
        let away = try space.index()
        #expect(away.removed == 0 && away.unreachable.map(\.path) == [space.docs])
        #expect(!away.isComplete)
        #expect(try space.count("tape") == 1)
        let pruned = try space.index(options: Indexer.Options(prune: true))
        #expect(pruned.pruned == 1)
        #expect(try space.count("tape") == 0)
        #expect(try Indexer(location: space.location).knownRoots().isEmpty, "a pruned missing root is forgotten")
    }

    @Test func aFolderTheCrawlCannotSeeKeepsItsFiles() throws {
        let space = try Workspace()
        try space.write("sub/a.txt", "tapes in a locked folder")
        try space.write("b.txt", "an open file")
        try space.index()
        // What the crawl reports for a folder it cannot read (EACCES, EIO): unreachable.
        var crawl = Crawler().walk([space.docs])
        crawl.files.removeAll { $0.path.hasPrefix(space.docs + "/sub/") }
        crawl.problems.append(ParseFailure(path: space.docs + "/sub", reason: "cannot read folder (permission denied)"))
        crawl.unreachable.append(space.docs + "/sub")
        let summary = try space.index(crawl: crawl)
        #expect(summary.removed == 0 && summary.unreachable.count == 1)
        #expect(try space.count("tape") == 1)
    }

    @Test func aBrokenLinkToAFolderKeepsWhatCameThroughIt() throws {
        let space = try Workspace()
        let drive = space.root + "/drive"
        try FileManager.default.createDirectory(atPath: drive, withIntermediateDirectories: true)
        try "tapes behind a link".write(toFile: drive + "/a.txt", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: space.docs + "/mnt", withDestinationPath: drive)
        try space.index()
        #expect(try space.catalogPaths() == [space.docs + "/mnt/a.txt"])
        try FileManager.default.moveItem(atPath: drive, toPath: drive + ".away")
        let summary = try space.index()
        #expect(summary.removed == 0 && summary.unreachable.map(\.path) == [space.docs + "/mnt"])
        #expect(try space.count("tape") == 1)
    }

    /// Words longer than Xapian's 245-byte term limit (a URL's path, a token of junk) in every kind
    /// of field are indexed and found, and the run commits: one such word used to fail every run's
    /// commit, and the items of the batch stayed unwritten.
    @Test(arguments: [255, 300, 1_000])
    func aWordLongerThanXapiansTermLimitIsIndexedAndFound(length: Int) throws {
        let space = try Workspace()
        try space.write("before.txt", "the heron waits")
        try space.index()
        let long = String(repeating: "x", count: length)
        try space.write("url.txt", "see https://example.org/\(long) end")
        try space.paper("long.bib", title: "Tidal \(long) Gradients", authors: "Mei \(long)")
        try space.write("after.txt", "the otter waits")
        try space.index()
        #expect(try space.count(long) == 2)
        #expect(try space.count("heron") == 1 && space.count("otter") == 1)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    /// What a kill in the middle of Xapian's overwrite of a database left (the old version file
    /// over an emptied table), and a search database folder removed by hand: the next writer says
    /// so and rebuilds the database from the catalog.
    @Test(arguments: ["postlist.glass", "termlist.glass", ""])
    func aDamagedSearchDatabaseIsRebuiltFromTheCatalog(table: String) throws {
        let space = try Workspace()
        try space.write("a.txt", "the heron waits by the estuary")
        try space.paper("b.bib", title: "Tidal Salinity Gradients", authors: "Mei Lin")
        try space.index()
        if table.isEmpty {
            try FileManager.default.removeItem(atPath: space.location.xapianPath)
        } else {
            #expect(truncate(space.location.xapianPath + "/" + table, 0) == 0)
        }
        do {  // the writer (and its lock) ends with this block
            let indexer = try Indexer(location: space.location)
            #expect(indexer.damage?.contains(table.isEmpty ? "is missing" : "DatabaseError") == true)
            _ = try indexer.run(
                Crawler(excluding: [space.location.path]).walk([space.docs]), roots: [space.docs], source: FileParser())
        }
        #expect(try space.count("heron") == 1)
        #expect(try space.differencesFromCleanBuild().isEmpty)
        #expect(try Indexer(location: space.location).damage == nil)
    }

    @Test func aDeletedFolderTakesItsFiles() throws {
        let space = try Workspace()
        try space.write("sub/deeper/a.txt", "tapes deep down")
        try space.write("b.txt", "an open file")
        try space.index()
        try FileManager.default.removeItem(atPath: space.docs + "/sub")
        let summary = try space.index()
        #expect(summary.removed == 1 && summary.isComplete)
        #expect(try space.count("tape") == 0)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    @Test func aFileThatVanishesAfterTheCrawlIsGone() throws {
        let space = try Workspace()
        let a = try space.write("a.txt", "tapes that vanish")
        try space.index()
        try "tapes that vanish, changed".write(toFile: a, atomically: false, encoding: .utf8)
        let crawl = Crawler().walk([space.docs])
        try FileManager.default.removeItem(atPath: a)
        let summary = try space.index(crawl: crawl)
        #expect(summary.removed == 1 && summary.failures.isEmpty)
        #expect(try space.count("tape") == 0)
    }

    @Test func aMovedFileIsFoundUnderItsNewPath() throws {
        let space = try Workspace()
        try space.paper("old/a.bib", title: "Tapes of the northern heron colonies", authors: "Ann Lee")
        try space.index()
        try FileManager.default.createDirectory(atPath: space.docs + "/new", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: space.docs + "/old/a.bib", toPath: space.docs + "/new/a.bib")
        let summary = try space.index()
        #expect(summary.removed == 1 && summary.added == 1)
        #expect(try space.catalogPaths() == [space.docs + "/new/a.bib"])
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    @Test func aFileReachedTwiceIsIndexedOnceAndItsOtherPathTakesOverWhenOneGoes() throws {
        let space = try Workspace()
        let a = try space.write("a.txt", "tapes reached twice")
        #expect(link(a, space.docs + "/b.txt") == 0)
        try FileManager.default.createSymbolicLink(atPath: space.docs + "/c.txt", withDestinationPath: a)
        try space.index()
        #expect(try space.catalogPaths() == [a])
        #expect(try space.count("tape") == 1)
        try FileManager.default.removeItem(atPath: a)
        try space.index()
        #expect(try space.catalogPaths() == [space.docs + "/b.txt"])
        #expect(try space.count("tape") == 1)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    @Test func rootsInsideRootsAreOneRootAndFoldersStayRelativeToIt() throws {
        let space = try Workspace()
        try space.paper("sub/a.bib", title: "Tapes of the northern heron colonies", authors: "Ann Lee")
        try space.paper("b.bib", title: "Otters and their dens in winter", authors: "Bo Kim")
        // The inner folder first, then the outer one: the outer replaces it.
        try space.index([space.docs + "/sub"])
        try space.index([space.docs])
        #expect(try Indexer(location: space.location).knownRoots() == [space.docs])
        #expect(try space.differencesFromCleanBuild([space.docs]).isEmpty)
        // An inner folder again is covered by the outer root.
        try space.index([space.docs + "/sub"])
        #expect(try Indexer(location: space.location).knownRoots() == [space.docs])
    }

    @Test func aFailingFileIsCountedOnEveryRunAndRetriedOnRequest() throws {
        let space = try Workspace()
        try space.write("ok.txt", "tapes")
        let bad = space.docs + "/bad.bin"
        try Data([0, 1, 2, 3]).write(to: URL(fileURLWithPath: bad))
        let first = try space.index()
        #expect(first.failed == 1 && first.failing.map(\.path) == [bad])
        let again = try space.index()
        #expect(again.failed == 0 && again.failing.map(\.path) == [bad] && !again.isComplete)
        let retried = try space.index(options: Indexer.Options(retryFailed: true))
        #expect(retried.failed == 1 && retried.updated == 0)
        try FileManager.default.removeItem(atPath: bad)
        #expect(try space.index().isComplete)
    }

    @Test func derivedDataFollowsTheDocumentsAsACleanBuildWouldHaveIt() throws {
        let space = try Workspace()
        try space.paper(
            "a.bib", title: "Face recognition in video surveillance", authors: "{\\'E}ric Granger and Paul Smith")
        try space.paper(
            "b.bib", title: "Domain adaptation for person reidentification", authors: "Eric Granger and Joan Doe")
        try space.index()
        let database = { try XapianDatabase(path: space.location.xapianPath, writable: false) }
        let display = Schema.displayKey(Schema.author.facet!, key: "eric granger")
        #expect(try database().metadata(display) == "Éric Granger")
        try FileManager.default.removeItem(atPath: space.docs + "/a.bib")
        try space.index()
        #expect(try database().metadata(display) == "Eric Granger")
        #expect(try database().metadata(Schema.displayKey(Schema.author.facet!, key: "paul smith")) == "")
        #expect(try database().spellings().contains { $0.word == "surveillance" } == false)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    /// A changed file's item replaces its own Xapian document, keeping its document id: Xapian then
    /// rewrites only the postings of the terms that differ (deleting and adding the document
    /// rewrote all of them, and a 1 % change cost 18 times more in its commit).
    @Test func aChangedItemKeepsItsDocumentIdAndTheIndexEqualsACleanBuild() throws {
        let space = try Workspace()
        for number in 0..<4 { try space.write("d\(number).txt", "heron number \(number)") }
        try space.index()
        let database = { try XapianDatabase(path: space.location.xapianPath, writable: false) }
        let idTerms = try database().terms(withPrefix: Schema.idTerm(""))
        let before = try idTerms.map { try database().documentIDs(withTerm: $0) }
        try space.write("d1.txt", "otter number 1")
        try space.write("d2.txt", "heron number 2 and an otter")
        #expect(try space.index().updated == 2)
        #expect(try idTerms.map { try database().documentIDs(withTerm: $0) } == before)
        #expect(try database().documentCount() == 4)
        #expect(try space.count("otter") == 2 && space.count("heron") == 3)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    @Test func equalScoresRankByItemIdAsInACleanBuild() throws {
        let space = try Workspace()
        for number in 0..<6 { try space.write("d\(number).txt", "tapes number \(number)") }
        try space.index()
        // Rewriting gives the early files new document ids, after the others.
        for number in 0..<3 { try space.write("d\(number).txt", "tapes number \(number) again") }
        try space.index()
        let tapes = try XapianQuery.term(Schema.kind.booleanTerm("document"))
        let ranked = try space.ranked(tapes)
        #expect(ranked == ranked.sorted())
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    @Test func forgetRemovesARootAndItsRecords() throws {
        let space = try Workspace()
        try space.write("a.txt", "tapes")
        try space.index()
        let forgotten = try Indexer(location: space.location).forget([space.docs])
        #expect(forgotten.files == 1 && forgotten.roots == [space.docs])
        #expect(try space.count("tape") == 0)
        #expect(try space.catalogPaths().isEmpty)
    }
}
