import Foundation
import QuarryIndex
import QuarryTestSupport
import Testing

@testable import QuarryQuery

/// The hits of a page do not depend on whether every match is visited: a search that counts facets
/// (Xapian visits every match) and one that does not (Xapian may skip what cannot reach the page)
/// give the same hits in the same order. With a function word in the query, nested AND_MAYBEs over
/// a left side of no weight made Xapian 1.4.22 skip a document that belonged on the page
/// (`testbed this` on the 74,728 arXiv records lost its second hit); what only adds weight is one
/// OR on the right of one AND_MAYBE, and function words now match at no weight inside the query's
/// own OR (`FunctionWordTests`).
@Suite struct PagePruningTests {
    /// Made-up words of two syllables (no English stem merges two of them).
    static let vocabulary: [String] = {
        let first = ["ba", "ko", "mi", "tu", "re", "sa", "lo", "ne", "fi", "du", "ga", "pe"]
        let second = ["rk", "lv", "nt", "sp", "mb", "zd", "kt", "rf", "lm", "ng"]
        return first.flatMap { a in second.map { b in a + b + "o" } }
    }()

    /// 1,200 arXiv records whose words are drawn with Zipf-like weights (a few frequent words, many
    /// rare ones), nine in ten with the function word `this`, from a fixed seed.
    static let shared = Result { () throws -> TextIndex in
        var random = SplitMix64(seed: 1422)
        let zipf = ZipfWords(vocabulary)
        func word() -> String { zipf.next(using: &random) }
        let lines = try (0..<1200).map { number -> String in
            var words = (0..<(8 + Int(random.next() % 110))).map { _ in word() }
            if random.next() % 10 != 0 { words.insert("this", at: Int(random.next() % UInt64(words.count))) }
            let object: [String: Any] = [
                "id": String(format: "2502.%05d", number + 1),
                "title": (0..<4).map { _ in word() }.joined(separator: " "),
                "abstract": words.joined(separator: " ") + ".", "authors": "Ana Park", "categories": "cs.IR",
                "update_date": "202\(number % 5)-01-01",
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        return try TextIndex(["records.jsonl": lines.joined(separator: "\n") + "\n"])
    }

    /// A rarer word of the vocabulary with the function word, in either order.
    static let queries = stride(from: 20, to: vocabulary.count, by: 2).map { index in
        index % 4 == 0 ? "\(vocabulary[index]) this" : "this \(vocabulary[index])"
    }

    @Test func theHitsAreTheSameWhetherOrNotEveryMatchIsVisited() throws {
        let index = try Self.shared.get()
        for query in Self.queries {
            let pruned = try index.search(query) {
                $0.match = .any
                $0.limit = 10
                $0.facets = []
            }
            let visited = try index.search(query) {
                $0.match = .any
                $0.limit = 10
                $0.facets = ["year"]
            }
            #expect(pruned.hits.map(\.item.id) == visited.hits.map(\.item.id), "'\(query)'")
        }
    }

    /// The shape of the ranking itself, on a plain Xapian database where the nested form fails:
    /// 3,000 documents of Zipf-like words, nine in ten with `thi`; for 300 queries of a rarer word
    /// and `thi` (no weight), ranked with it and 20 frequent words at 0.15 (as feedback adds them),
    /// the page Xapian may prune equals the page of every match visited. (With the AND_MAYBEs
    /// nested, 9 of these 300 pages lose a document.) The same with the 20 words passed as a
    /// re-ranking of every hit (`SearchRequest.rescore`, depth 0), as feedback passes them.
    @Test func theRankingShapeSurvivesXapiansPruning() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/quarry-pruning-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try XapianDatabase(path: folder, writable: true, overwrite: true)
        var random = SplitMix64(seed: 5)
        let words = (0..<400).map { "w\($0)" }
        let zipf = ZipfWords(words)
        func word() -> String { zipf.next(using: &random) }
        for number in 0..<3000 {
            let document = try XapianDocument()
            let count = 5 + Int(random.next() % 116)
            for position in 0..<count { document.add(term: word(), position: UInt32(position + 1), wdf: 1) }
            if random.next() % 10 != 0 { document.add(term: "thi", position: UInt32(count + 1), wdf: 1) }
            document.add(term: "Q\(number)", position: 0, wdf: 0)
            try document.setData(Data("\(number)".utf8))
            try document.flush()
            try database.replace(idTerm: "Q\(number)", with: document)
        }
        try database.commit()
        let bm25 = SearchOptions().bm25
        func page(_ query: XapianQuery, visitingAll: Bool, rescore: XapianQuery? = nil) throws -> [String] {
            let request = SearchRequest(
                query: query, offset: 0, limit: 10, facetSlots: [], bm25: bm25, exactTotal: visitingAll,
                rescore: rescore, rescoreDepth: 0)
            return try database.search(request).hits.map { String(decoding: $0.data, as: UTF8.self) }
        }
        var pruningChanged: [String] = []
        for _ in 0..<300 {
            let rare = words[50 + Int(random.next() % 350)]
            var frequent: Set<String> = []
            while frequent.count < 20 { frequent.insert(words[Int(random.next() % 120)]) }
            let all = try XapianQuery.combine(.or, [XapianQuery.term(rare), XapianQuery.term("thi")])
            let feedback = try XapianQuery.combine(.or, frequent.sorted().map { try XapianQuery.term($0) })
            let planned = Searcher.Planned(
                matching: try all.scaled(by: 0), weights: [try XapianQuery.term(rare), try feedback.scaled(by: 0.15)])
            let ranking = try planned.ranking()
            let visited = try page(ranking, visitingAll: true)
            if try page(ranking, visitingAll: false) != visited { pruningChanged.append(rare) }
            // Feedback passed to the shim as a re-ranking of every hit gives the same page.
            let typed = Searcher.Planned(matching: try all.scaled(by: 0), weights: [try XapianQuery.term(rare)])
            let rescore = try feedback.scaled(by: 0.15)
            if try page(typed.ranking(), visitingAll: false, rescore: rescore) != visited {
                pruningChanged.append(rare + " (re-ranked)")
            }
        }
        #expect(pruningChanged.isEmpty, "pruning changed the page of \(pruningChanged)")
    }
}

/// Words drawn with Zipf-like weights: the word of rank r with weight 1/r.
struct ZipfWords {
    let words: [String]
    let weights: [Double]
    let total: Double

    init(_ words: [String]) {
        self.words = words
        weights = words.indices.map { 1.0 / Double($0 + 1) }
        total = weights.reduce(0, +)
    }

    func next(using random: inout SplitMix64) -> String {
        var pick = Double(random.next() % 1_000_000) / 1_000_000 * total
        for (index, weight) in weights.enumerated() {
            pick -= weight
            if pick <= 0 { return words[index] }
        }
        return words[words.count - 1]
    }
}
