import Foundation
import QuarryAnalysis
import QuarryIngest
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryIndex

/// Documents built on several threads (`ParallelBuild`) give the index a one-thread build gives:
/// the same items with the same stored data, terms, wdf and positions, values (facets), metadata
/// and spelling table, compared line by line through `IndexDump` on real Xapian and SQLite stores.
@Suite struct ParallelBuildTests {
    /// A folder of many small items that share authors, venues and words, with papers listed twice
    /// (so merge keys hold several records) and a resume, in several formats.
    static func fill(_ space: Workspace) throws {
        var random = SplitMix64(seed: 8)
        let words = [
            "sparse", "attention", "mixture", "experts", "retrieval", "ranking", "graph", "neural", "index",
            "compression", "posting", "latency", "facet", "stemmer", "tokenizer", "Zürich", "naïve", "GPUs",
        ]
        let people = ["Ahan Gupta", "Vima Gupta", "Éric Granger", "Joan Doe", "Li Wei", "Ana Lima"]
        func phrase(_ count: Int) -> String {
            (0..<count).map { _ in words[Int(random.next() % UInt64(words.count))] }.joined(separator: " ")
        }
        var lines: [String] = []
        for number in 0..<240 {
            let authors = [people[number % people.count], people[(number * 7 + 1) % people.count]]
            lines.append(
                #"{"id": "2501.\#(String(format: "%05d", number))", "authors": "\#(authors.joined(separator: ", "))", "title": "\#(phrase(6)) \#(number)", "categories": "cs.IR cs.LG", "abstract": "\#(phrase(40))", "update_date": "2025-0\#(1 + number % 9)-01"}"#
            )
        }
        try space.write("arxiv/records.jsonl", lines.joined(separator: "\n") + "\n")
        for number in 0..<60 {
            // The same paper as a BibTeX entry (merges with its arXiv record when the titles agree).
            try space.paper(
                "bib/p\(number).bib", title: "Paper on \(phrase(5)) number \(number)",
                authors: people[number % people.count] + " and " + people[(number + 2) % people.count],
                year: 2018 + number % 7)
            try space.write("notes/n\(number).txt", "Notes \(number)\n\n\(phrase(30))\n")
        }
        try space.write("bib/twice.bib", try String(contentsOfFile: space.docs + "/bib/p3.bib", encoding: .utf8))
        let corpus = TestCorpus.repositoryCorpus.path
        for file in try FileManager.default.contentsOfDirectory(atPath: corpus) {
            try FileManager.default.copyItem(atPath: corpus + "/" + file, toPath: space.docs + "/corpus-" + file)
        }
    }

    /// Indexes the workspace's documents into `location` with `workers` threads and small batches
    /// (so that several commits and slices happen).
    static func index(_ space: Workspace, at location: IndexLocation, workers: Int) throws {
        let indexer = try Indexer(location: location)
        indexer.workers = workers
        indexer.batchRecords = 70
        indexer.batchFiles = 25
        let crawl = Crawler(excluding: [space.root + "/index", space.root + "/other"]).walk([space.docs])
        _ = try indexer.run(crawl, roots: [space.docs], source: FileParser())
    }

    @Test(arguments: [2, 3, 8])
    func aParallelBuildIsTheSequentialBuild(workers: Int) throws {
        let space = try Workspace()
        try Self.fill(space)
        let other = IndexLocation(path: space.root + "/other")
        try Self.index(space, at: space.location, workers: 1)
        try Self.index(space, at: other, workers: workers)
        let sequential = try space.dump()
        let parallel = try space.dump(other)
        #expect(sequential.filter { $0.hasPrefix("item ") }.count > 300)
        #expect(sequential.contains { $0.hasPrefix("  term ") && !$0.hasSuffix("wdf 0 positions 0") })
        #expect(sequential.contains { $0.hasPrefix("spelling ") })
        #expect(sequential.count == parallel.count)
        #expect(Array(Set(sequential).symmetricDifference(parallel)).sorted() == [])
    }

    /// The spelling words found while a document's terms are made (each text analyzed once) are
    /// the words of the spelling texts analyzed on their own, in the same order: over every item
    /// of the workspace (papers, notes, the repository corpus's resumes and profiles).
    @Test func spellingWordsFoundWithTheTermsAreTheSpellingTextsWords() throws {
        let space = try Workspace()
        try Self.fill(space)
        try Self.index(space, at: space.location, workers: 1)
        let catalog = try Catalog(path: space.location.catalogPath)
        try catalog.markAllPending()
        let builder = DocumentBuilder(analyzer: try Analyzer())
        var items = 0
        var resumes = 0
        for key in try catalog.pendingKeys() {
            for item in Entity.items(key: key, records: try catalog.records(forKey: key), roots: [space.docs]) {
                let found = try builder.documentAndSpellingWords(for: item, key: key).spellingWords
                #expect(found == builder.spellingWords(of: item), "\(item.id)")
                items += 1
                if item.resume != nil { resumes += 1 }
            }
        }
        #expect(items > 300 && resumes > 0)
    }

    /// A first build with several workers writes shards side by side and merges them
    /// (`ShardedBuild`): a paper given by files stored in different batches is pending again in
    /// the same build, and its first document leaves the shard that holds it; when the next batch
    /// gives it (stored while the shards still write the batch before), it stays pending.
    @Test(arguments: [2, 3])
    func aKeyPendingTwiceInOneShardedBuildIsOneItem(workers: Int) throws {
        let space = try Workspace()
        for number in 0..<6 {
            try space.paper(
                "a\(number).bib", title: "Sharded posting lists \(number)", authors: "Ana Lima and Li Wei", year: 2024)
        }
        // The same paper as a0.bib: crawled just before it, and last, each a batch of its own.
        let again = try String(contentsOfFile: space.docs + "/a0.bib", encoding: .utf8)
        try space.write("a0-again.bib", again)
        try space.write("z-again.bib", again)
        let indexer = try Indexer(location: space.location)
        indexer.workers = workers
        indexer.batchFiles = 1
        let summary = try indexer.run(
            Crawler(excluding: [space.location.path]).walk([space.docs]), roots: [space.docs], source: FileParser())
        #expect(summary.compacted)
        #expect(summary.documentsRebuilt == 8)
        let items = try space.dump().filter { $0.hasPrefix("item ") }
        #expect(items.count == 6)
        #expect(!FileManager.default.fileExists(atPath: ShardedBuild.path(space.location, shard: 0)))
        let sequential = IndexLocation(path: space.root + "/other")
        try Self.index(space, at: sequential, workers: 1)
        #expect(Array(Set(try space.dump()).symmetricDifference(try space.dump(sequential))).sorted() == [])
    }

    /// Shards left behind (a sharded build killed before its merge) make the next writer rebuild
    /// every key from the catalog, and go.
    @Test func shardsLeftBehindMakeTheNextRunRebuildEveryKey() throws {
        let space = try Workspace()
        try Self.fill(space)
        try Self.index(space, at: space.location, workers: 2)
        let built = try space.dump()
        try FileManager.default.createDirectory(
            atPath: ShardedBuild.path(space.location, shard: 0), withIntermediateDirectories: true)
        let indexer = try Indexer(location: space.location)
        #expect(!FileManager.default.fileExists(atPath: ShardedBuild.path(space.location, shard: 0)))
        #expect(try indexer.xapian.documentCount() == 0)
        let summary = try indexer.run(
            Crawler(excluding: [space.root + "/index", space.root + "/other"]).walk([space.docs]), roots: [space.docs],
            source: FileParser())
        #expect(summary.documentsRebuilt > 300)
        #expect(summary.added == 0 && summary.updated == 0)
        #expect(Array(Set(built).symmetricDifference(try space.dump())).sorted() == [])
    }

    @Test func aParallelUpdateEqualsACleanSequentialBuild() throws {
        let space = try Workspace()
        try Self.fill(space)
        try Self.index(space, at: space.location, workers: 3)
        try FileManager.default.removeItem(atPath: space.docs + "/bib/p5.bib")
        try space.write("notes/n7.txt", "Notes seven rewritten\n\nfacet posting latency\n")
        try space.paper("bib/new.bib", title: "A new paper on sparse retrieval", authors: "Ana Lima and Li Wei")
        try Self.index(space, at: space.location, workers: 3)
        let clean = IndexLocation(path: space.root + "/other")
        try Self.index(space, at: clean, workers: 1)
        #expect(Array(Set(try space.dump()).symmetricDifference(try space.dump(clean))).sorted() == [])
    }
}

/// The spelling table's word rule (three characters or more, letters only, 64 bytes at most), on its
/// ASCII path and its Unicode path.
@Suite struct SpellingWordTests {
    @Test(arguments: [
        ("the", true), ("an", false), ("GPUs", true), ("gpt4", false), ("x_y", false), ("a@b", false),
        ("[z]", false), ("naïve", true), ("éé", false), ("日本語", true), ("ab\u{301}", false),
        ("", false), ("Zz`", false), (String(repeating: "x", count: 64), true),
        (String(repeating: "x", count: 65), false), (String(repeating: "é", count: 33), false),
    ])
    func aSpellingWordIsThreeLettersOrMore(word: String, isWord: Bool) {
        #expect(DocumentBuilder.isSpellingWord(word) == isWord)
        #expect(
            isWord
                == (word.count >= 3 && word.utf8.count <= DocumentBuilder.maxSpellingWordBytes
                    && word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }))
    }
}
