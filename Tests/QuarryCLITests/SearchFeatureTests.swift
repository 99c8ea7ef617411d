import Foundation
import QuarryTestSupport
import Testing

/// End-to-end checks of the search features on the seed corpus, through the built binary.
@Suite(.serialized) struct SearchFeatureTests {
    let corpus: TestCorpus

    init() throws {
        corpus = try TestCorpus()
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        try #require(index.status == 0, "\(index.stderr)")
    }

    func quarry(_ arguments: String...) throws -> QuarryBinary.Output {
        try QuarryBinary.run(arguments, in: corpus.root)
    }

    func hits(_ output: QuarryBinary.Output) throws -> [[String: Any]] {
        try #require(try output.json()["hits"] as? [[String: Any]])
    }

    @Test func drillDownKeepsTheOtherValuesOfTheFilteredFacet() throws {
        let output = try quarry("search", "kind:paper", "--filter", "author:\"Ahan Gupta\"", "--json")
        let json = try output.json()
        #expect(json["total"] as? Int == 6)
        let facets = try #require(json["facets"] as? [String: [[String: Any]]])
        let authors = try #require(facets["author"])
        // Multi-select: the author facet still counts every author of kind:paper.
        #expect(authors.first { $0["value"] as? String == "Vima Gupta" }?["count"] as? Int == 8)
        // Other facets count within the filter.
        let venues = try #require(facets["venue"])
        #expect(venues.first { $0["value"] as? String == "cs.LG" }?["count"] as? Int == 3)
    }

    @Test func filtersOnOneFacetCombineWithOr() throws {
        let both = try quarry(
            "search", "kind:paper", "--filter", "venue:cs.PL", "--filter", "venue:q-bio.BM", "--json")
        #expect(try both.json()["total"] as? Int == 2)
        let narrowed = try quarry(
            "search", "kind:paper", "--filter", "venue:cs.LG", "--filter", "year:2025", "--json")
        #expect(try hits(narrowed).compactMap { $0["title"] as? String }.map { $0.prefix(5) } == ["X-MoE"])
    }

    @Test func facetLimitCutsFacetValues() throws {
        let json = try quarry("search", "kind:paper", "--facet", "author", "--facet-limit", "2", "--json").json()
        let authors = try #require((json["facets"] as? [String: [[String: Any]]])?["author"])
        #expect(authors.map { $0["value"] as? String } == ["Vima Gupta", "Ahan Gupta"])
    }

    @Test func misspelledQueryGetsASuggestion() throws {
        let output = try quarry("search", "sparse atention", "--json")
        #expect(try output.json()["suggestion"] as? String == "sparse attention")
        let text = try quarry("search", "sparse atention")
        #expect(text.stdout.contains("Did you mean: sparse attention"))
    }

    /// A misspelt word is searched as its correction too: a notice in the text output and in the
    /// JSON's `notices`, hits that hold the corrected word, no relaxing to any word.
    @Test(arguments: [
        ("sparse atention", "atention", "attention"), ("mixture of exprets", "exprets", "experts"),
        ("spares attention", "spares", "sparse"),
    ])
    func aMisspeltWordIsSearchedWithANotice(query: String, typed: String, corrected: String) throws {
        let notice = "searched '\(corrected)' for '\(typed)'"
        let json = try quarry("search", query, "--json").json()
        let notices = (json["notices"] as? [Any])?.map { "\($0)" } ?? []
        #expect(notices.contains { $0.contains(notice) }, "\(notices)")
        #expect((json["total"] as? Int ?? 0) > 0)
        #expect(json["relaxed"] as? Bool != true)
        #expect(try quarry("search", query).stdout.contains("Note: " + notice))
    }

    @Test func synonymsFromTheIndexFileApply() throws {
        let moe = try hits(try quarry("search", "moe kind:paper", "--json")).compactMap { $0["title"] as? String }
        #expect(moe.count == 2)
        // Edit the user's synonyms file: "lynxcat" now also means Lynx.
        let file = corpus.root.appendingPathComponent("Index/synonyms.txt")
        var text = try String(contentsOf: file, encoding: .utf8)
        text += "\nlynxcat = lynx\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let found = try hits(try quarry("search", "lynxcat kind:paper", "--json"))
        #expect(found.count == 1 && (found.first?["title"] as? String)?.hasPrefix("Lynx") == true)
    }

    @Test func showPrintsTheWholeItemWithItsSources() throws {
        let lynx = try #require(try hits(try quarry("search", "title:lynx", "--json")).first)
        let id = try #require(lynx["id"] as? String)
        let shown = try quarry("show", id)
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("000_b649b44925161981.txt") && shown.stdout.contains("002_1c5307dff05a53f9.txt"))
        #expect(shown.stdout.contains("1.55x reduction in inference latency"))
        let missing = try quarry("show", "pnothere")
        #expect(missing.status == 66 && missing.stderr.contains("pnothere"))
    }

    @Test func similarFindsRelatedItemsButNotItself() throws {
        let xmoe = try #require(try hits(try quarry("search", "title:x-moe", "--json")).first)
        let id = try #require(xmoe["id"] as? String)
        let similar = try hits(try quarry("similar", id, "--filter", "kind:paper", "--json"))
        let titles = similar.compactMap { $0["title"] as? String }
        #expect(!titles.isEmpty && !titles.contains { $0.hasPrefix("X-MoE") })
        #expect(titles.first?.hasPrefix("Lynx") == true, "the other MoE paper is the most similar: \(titles)")
    }

    /// "More like this" is made of words another item has too: in a small folder the most
    /// distinctive words of an item were all its own, and `similar` found nothing.
    @Test func similarUsesWordsThatOtherItemsHave() throws {
        let folder = corpus.root.appendingPathComponent("Small")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let own = (0..<40).map {
            "qu\(String(UnicodeScalar(97 + $0 % 26)!))\(String(UnicodeScalar(97 + $0 / 26)!))zzle"
        }
        try (own.joined(separator: " ") + " estuary sediment").write(
            to: folder.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        try "herons wade in the estuary sediment".write(
            to: folder.appendingPathComponent("b.txt"), atomically: false, encoding: .utf8)
        try "basalt and magma of a volcano".write(
            to: folder.appendingPathComponent("c.txt"), atomically: false, encoding: .utf8)
        let index = corpus.root.appendingPathComponent("SmallIndex").path
        #expect(try quarry("index", "Small", "--index", index).status == 0)
        let a = try #require(try hits(try quarry("search", "quaazzle", "--index", index, "--json")).first)
        let similar = try hits(try quarry("similar", try #require(a["id"] as? String), "--index", index, "--json"))
        #expect(similar.compactMap { $0["title"] as? String } == ["herons wade in the estuary sediment"])
    }

    @Test func explainSplitsTheScoreByTermAndField() throws {
        let hit = try #require(try hits(try quarry("search", "lynx inference", "--explain", "--json")).first)
        let parts = try #require(hit["explanation"] as? [[String: Any]])
        let sum = parts.compactMap { $0["weight"] as? Double }.reduce(0, +)
        let score = try #require(hit["score"] as? Double)
        #expect(abs(sum - score) < 1e-6 * max(1, score), "explained \(sum) vs score \(score)")
        #expect(Set(parts.compactMap { $0["term"] as? String }).isSuperset(of: ["lynx", "infer"]))
        let text = try quarry("search", "lynx", "--explain")
        #expect(text.stdout.contains("score ") && text.stdout.contains("body:lynx"))
    }

    @Test func resumeSnippetsNameTheirSection() throws {
        let hit = try #require(try hits(try quarry("search", "cerebras kind:resume", "--json")).first)
        #expect(hit["context"] as? String == "Work Experience")
        #expect(
            (hit["snippet"] as? String)?.contains("Cerebras") == true
                || (hit["snippet"] as? String)?.contains("attention") == true)
        let highlights = try #require(hit["highlights"] as? [[Int]])
        #expect(!highlights.isEmpty || (hit["snippet"] as? String) != nil)
    }

    @Test func sortByDateAndDateRanges() throws {
        let newest = try hits(try quarry("search", "kind:paper", "--sort=-date", "--limit", "2", "--json"))
        #expect(newest.compactMap { $0["date"] as? String } == ["2025-08-18", "2025-06-24"])
        let june = try hits(try quarry("search", "date:2025-06", "--json"))
        #expect(june.compactMap { $0["title"] as? String }.map { $0.prefix(8) } == ["MegaFold"])
        let bad = try quarry("search", "--strict", "date:2025-13")
        #expect(bad.status == 64 && bad.stderr.contains("2025-13"))
    }

    /// `--filter` is read in one place: `search` and `similar` refuse the same malformed filter.
    @Test(arguments: ["nocolon", "colour:red", "author:"])
    func aMalformedFilterIsAUsageErrorEverywhere(filter: String) throws {
        let search = try quarry("search", "kind:paper", "--filter", filter)
        #expect(search.status == 64 && search.stderr.contains("--filter"), "\(search.stderr)")
        let lynx = try #require(try hits(try quarry("search", "title:lynx", "--json")).first)
        let id = try #require(lynx["id"] as? String)
        let similar = try quarry("similar", id, "--filter", filter)
        #expect(similar.status == 64 && similar.stderr.contains("--filter"), "\(similar.stderr)")
        #expect(search.stderr == similar.stderr)
    }

    @Test func matchAnyRanksByHowManyWordsMatch() throws {
        let all = try quarry("search", "lynx zebrafish", "--json").json()
        #expect(all["relaxed"] as? Bool == true)
        let any = try quarry("search", "lynx zebrafish", "--match", "any", "--json").json()
        #expect(any["match"] as? String == "any" && (any["total"] as? Int ?? 0) >= 1)
        // Asked for explicitly, every word means every word: nothing found, nothing relaxed.
        let strict = try quarry("search", "lynx zebrafish", "--match", "all", "--json").json()
        #expect(strict["relaxed"] as? Bool == false && strict["total"] as? Int == 0)
    }
}

/// `quarry serve --stdio` answers one JSON line per request line.
@Suite struct ServeTests {
    @Test func answersEachLineAndReportsBadRequests() throws {
        let corpus = try TestCorpus()
        _ = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        let input = corpus.root.appendingPathComponent("requests.jsonl")
        try """
        {"query": "author:\\"Ahan Gupta\\"", "limit": 3, "facets": ["venue"]}
        {"query": "\\"unclosed", "strict": true}
        not json
        {"query": "moe", "filters": ["authorAhan Gupta"]}

        """.write(to: input, atomically: true, encoding: .utf8)
        let output = try QuarryBinary.run(["serve", "--stdio"], in: corpus.root, stdin: input)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["total"] as? Int == 6)
        #expect((first?["hits"] as? [Any])?.count == 3)
        #expect(lines[1].contains("\"exit\":64") && lines[1].contains("unclosed quote"))
        #expect(lines[2].contains("\"exit\":64"))
        #expect(lines[3].contains("\"exit\":64") && lines[3].contains("--filter"), "a malformed filter is not dropped")
    }

    /// A request's "feedback" is `quarry search --feedback`: the same hits in the same order, with
    /// feedback off and at its default (which ranks this query otherwise).
    @Test func aRequestsFeedbackIsTheSearchOption() throws {
        let corpus = try TestCorpus()
        _ = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        func ids(_ json: [String: Any]?) -> [String] {
            (json?["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        }
        let query = "mixture of experts"
        let cli = try ["15", "0"].map { feedback in
            ids(
                try QuarryBinary.run(
                    ["search", query, "--match", "any", "--feedback", feedback, "--json"], in: corpus.root
                ).json())
        }
        #expect(cli[0] != cli[1] && !cli[1].isEmpty, "feedback ranks this query otherwise")
        let input = corpus.root.appendingPathComponent("requests.jsonl")
        try """
        {"query": "\(query)", "match": "any"}
        {"query": "\(query)", "match": "any", "feedback": 0}

        """.write(to: input, atomically: true, encoding: .utf8)
        let lines = try QuarryBinary.run(["serve", "--stdio"], in: corpus.root, stdin: input).stdout
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.map(ids) == cli)
    }
}
