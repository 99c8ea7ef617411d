import Foundation
import QuarryAnalysis
import QuarryIndex
import QuarryIngest
import QuarryModel
import QuarryQuery
import QuarryTestSupport
import Testing

/// Index the seed corpus into a real temporary index once, then search it end to end.
final class IndexedCorpus: Sendable {
    let corpus: TestCorpus
    let location: IndexLocation

    init() throws {
        corpus = try TestCorpus()
        location = IndexLocation(path: corpus.index.path)
        let root = corpus.corpus.standardizedFileURL.resolvingSymlinksInPath().path
        let indexer = try Indexer(location: location)
        _ = try indexer.run(
            files: Crawler(excluding: [location.path]).walk([root]).files, roots: [root], source: FileParser())
    }

    func search(_ query: String, limit: Int = 50) throws -> SearchResult {
        try Searcher(location: location).search(query, options: SearchOptions(limit: limit))
    }

    func titles(_ query: String) throws -> [String] {
        try search(query).hits.map(\.item.title)
    }
}

@Suite struct SearchTests {
    static let shared = Result { try IndexedCorpus() }
    var index: IndexedCorpus { get throws { try Self.shared.get() } }

    /// A person: papers from every source (VTC is in two profiles, once), resume, co-authors, venues.
    @Test(arguments: [
        ("Ahan Gupta", 6, 0, "VTC", "Muyan Hu"),
        ("vima gupta", 8, 1, "Lynx", "Sashank Varma"),
        ("Vima Gupta", 8, 1, "CHAI", "Kartik Sinha"),
    ])
    func personLookup(name: String, papers: Int, resumes: Int, title: String, coauthor: String) throws {
        let person = try Searcher(location: try index.location).person(named: name)
        #expect(person.papers.count == papers)
        #expect(person.resumes.count == resumes)
        #expect(person.papers.filter { $0.title.hasPrefix(title) }.count == 1)
        #expect(person.coauthors.contains { $0.value == coauthor })
        #expect(!person.coauthors.contains { Normalize.personKey($0.value) == Normalize.personKey(name) })
        #expect(!person.venues.isEmpty)
        #expect(person.name.first?.isUppercase == true)
    }

    /// A word typed n times is planned once with n times its weight: the same hits in the same
    /// order with n times the scores (AND and OR add their parts' weights), one posting list.
    @Test(arguments: [
        ("mixture", "mixture mixture", 2.0, Planner.Match.any),
        ("mixture experts", "mixture experts mixture experts experts", 0, .any),
        ("sparse attention", "sparse attention sparse attention", 2.0, .all),
        ("title:lynx", "title:lynx OR title:lynx OR title:lynx", 3.0, .all),
    ])
    func aRepeatedWordCountsItsRepeats(once: String, repeated: String, factor: Double, match: Planner.Match) throws {
        var options = SearchOptions(limit: 50)
        options.match = match
        options.feedback.documents = 0
        options.ranking.dropStopwords = false
        let searcher = try Searcher(location: try index.location)
        let single = try searcher.search(once, options: options)
        let many = try searcher.search(repeated, options: options)
        #expect(single.total > 0 && many.total == single.total)
        #expect(Set(many.hits.map(\.item.id)) == Set(single.hits.map(\.item.id)))
        // Words repeated unevenly (factor 0): the same matches, ranked by the weighted sum.
        guard factor > 0 else { return }
        #expect(many.hits.map(\.item.id) == single.hits.map(\.item.id))
        for (a, b) in zip(single.hits, many.hits) {
            #expect(abs(b.score - a.score * factor) < 1e-6 * max(1, a.score), "\(a.item.id)")
        }
        let planner = Planner(analyzer: try Analyzer())
        let node = try QueryGrammar.parse(repeated, fields: Schema.queryFieldNames)
        let described = try planner.plan(node, match: match).description
        #expect(described.contains("\(Int(factor)) * "), "\(described)")
    }

    @Test func unknownPersonIsNotFound() throws {
        #expect(throws: SearchError.self) { try Searcher(location: try index.location).person(named: "Nobody Here") }
    }

    @Test func authorPhraseFindsExactlyHisSixPapersWithVTCOnce() throws {
        let titles = try index.titles("author:\"Ahan Gupta\"")
        #expect(titles.count == 6)
        #expect(titles.filter { $0.hasPrefix("VTC") }.count == 1)
        for prefix in ["VTC", "SPLAT", "FLuRKA", "MegaFold", "X-MoE", "AutoSP"] {
            #expect(titles.contains { $0.hasPrefix(prefix) }, "missing \(prefix)")
        }
    }

    @Test func kindAndVenueFiltersCombine() throws {
        let titles = Set(try index.titles("kind:paper venue:LG").map { String($0.prefix(while: { $0 != ":" })) })
        #expect(titles == ["Understanding the Countably Infinite", "Lynx", "FLuRKA", "X-MoE", "AutoSP"])
    }

    @Test func phraseFindsOnlyTheTwoResumes() throws {
        let result = try index.search("\"sparse attention\"")
        #expect(result.total == 2)
        #expect(result.hits.allSatisfy { $0.item.kind == .resume })
    }

    @Test func hyphenatedCompoundMatchesThePhrase() throws {
        let titles = try index.titles("\"mixture of experts\"")
        #expect(titles.count == 2)
        #expect(titles.contains { $0.hasPrefix("Lynx") } && titles.contains { $0.hasPrefix("X-MoE") })
    }

    @Test func authorFacetCountsEachPaperOnce() throws {
        let result = try index.search("kind:paper")
        let authors = try #require(result.facets.first { $0.name == "author" }).counts
        #expect(authors.first { $0.value == "Ahan Gupta" }?.count == 6)
        #expect((authors.first { $0.value == "Vima Gupta" }?.count ?? 0) >= 4)
        let kinds = try #require(result.facets.first { $0.name == "kind" }).counts
        #expect(kinds == [FacetCount(value: "paper", count: result.total)])
    }

    @Test(arguments: [
        (
            "year:2023..2024",
            ["Understanding the Countably Infinite", "FLuRKA", "SPLAT", "Lynx", "Understanding Infinity"]
        ),
        ("year:2025..", ["MegaFold", "X-MoE"]),
        ("attention -kernel kind:paper", ["CHAI"]),
        ("title:lynx OR title:chai", ["Lynx", "CHAI"]),
        ("skill:pytorch", ["Vima Gupta", "Resume (003_93a3714106e549a9.txt)"]),
        ("atten* kind:paper", ["CHAI", "FLuRKA", "SPLAT", "MegaFold"]),
        ("mixture NEAR/2 experts", ["Lynx", "X-MoE"]),
        ("\"successor function\" ADJ/3 acquisition", ["Understanding the Countably Infinite"]),
        (
            "date:2023-11..2024-07 kind:paper",
            ["Understanding the Countably Infinite", "SPLAT", "Understanding Infinity"]
        ),
        ("author:gupta OR venue:cs.CV kind:paper year:2023", ["Understanding the Countably Infinite", "FLuRKA"]),
    ])
    func queryForms(query: String, expected: [String]) throws {
        let titles = try index.titles(query).map { String($0.prefix(while: { $0 != ":" })) }
        #expect(Set(titles) == Set(expected), "\(query)")
    }

    @Test func peopleAreFoundThroughTheirPapers() throws {
        let result = try index.search("kind:resume authored:(mixture of experts)")
        #expect(result.hits.map(\.item.title) == ["Vima Gupta"])
        #expect(try index.search("kind:resume authored:megafold").total == 0, "Ahan Gupta has no resume here")
        #expect(try index.search("authored:\"countably infinite\" kind:paper").total >= 2, "Vima Gupta's papers")
    }

    @Test func venueAliasesAreOneVenue() throws {
        let venues = try #require(try index.search("kind:paper").facets.first { $0.name == "venue" }).counts
        #expect(venues.first { $0.value == "CogSci" }?.count == 2)
        #expect(!venues.contains { $0.value.contains("Cognitive Science") })
    }

    @Test func skillFacetShowsOneSpellingPerSkill() throws {
        let skills = try #require(try index.search("kind:resume").facets.first { $0.name == "skill" }).counts
        let pytorch = skills.filter { $0.value.lowercased() == "pytorch" }
        #expect(pytorch.count == 1 && pytorch.first?.count == 2 && pytorch.first?.value == "PyTorch")
    }

    @Test(arguments: [("lynx^10 OR chai", "Lynx"), ("lynx OR chai^10", "CHAI")])
    func boostsReorderHits(query: String, first: String) throws {
        #expect(try index.titles(query).first?.hasPrefix(first) == true)
    }

    @Test func pastedTitleWithAColonFindsThePaper() throws {
        let titles = try index.titles("Lynx: Enabling Efficient MoE Inference")
        #expect(titles.first?.hasPrefix("Lynx") == true)
    }

    @Test func titleWordsRankAboveBodyWords() throws {
        let hits = try index.search("lynx").hits
        #expect(hits.first?.item.title.hasPrefix("Lynx") == true)
    }

    @Test func snippetHighlightsTheQueryWords() throws {
        let hit = try #require(try index.search("\"mixture of experts\"").hits.first)
        let marked = hit.snippet.highlights.map { String(hit.snippet.text[$0]).lowercased() }
        #expect(marked.contains { $0.contains("experts") })
    }

    @Test func pagingAndTotals() throws {
        let all = try index.search("kind:paper").hits.map(\.item.id)
        let page = try Searcher(location: index.location).search(
            "kind:paper", options: SearchOptions(limit: 3, offset: 3))
        #expect(page.hits.map(\.item.id) == Array(all[3..<6]))
        #expect(page.hits.first?.rank == 4)
    }

    @Test(arguments: ["\"unclosed", "author:", "(a b", "year:2025..2023", "kind:poem", "date:2024-13"])
    func malformedQueriesAreErrors(query: String) throws {
        var strict = SearchOptions()
        strict.strict = true
        #expect(throws: SearchError.self) { try Searcher(location: try index.location).search(query, options: strict) }
    }

    @Test func missingIndexIsReported() throws {
        let location = IndexLocation(path: "/nonexistent/quarry-index")
        #expect(throws: SearchError.self) { try Searcher(location: location) }
    }
}
