import Foundation
import QuarryTestSupport
import Testing

/// Facet counts and totals over the whole match set come from the query's match set computed
/// from posting lists (CXapian's `match_set`) while Enquire ranks only the page; Enquire visiting
/// and weighing every match (`QUARRY_MATCH_SET=enquire`) is the reference. Over a table of query
/// shapes, through `quarry serve --stdio` on the seed corpus and a generated dump, both give the
/// same answers: totals, facet counts, distinct values and pages.
@Suite struct MatchSetTests {
    /// Every operator the searcher builds: words in both match modes (feedback adds AND_MAYBE),
    /// phrases, NEAR, wildcards, fields, boolean filters, year ranges, exclusions, OR, synonyms,
    /// drill-down filters, unknown words and a query that matches everything of a kind.
    static let requests: [String] = [
        #"{"query": "attention", "facets": ["author", "venue", "year", "kind"]}"#,
        #"{"query": "sparse attention", "match": "any", "facets": ["author", "venue", "year"]}"#,
        #"{"query": "sparse attention", "match": "all", "facets": ["author", "venue", "year"]}"#,
        #"{"query": "herons OR otters", "facets": ["author", "year"]}"#,
        #"{"query": "\"mixture of experts\"", "facets": ["author", "venue"]}"#,
        #"{"query": "tensor NEAR/3 compiler", "facets": ["year"]}"#,
        #"{"query": "quantiz*", "match": "any", "facets": ["author", "kind"]}"#,
        #"{"query": "kind:resume python", "facets": ["kind", "author"]}"#,
        #"{"query": "kind:paper", "facets": ["author", "venue", "year"]}"#,
        #"{"query": "year:2019..2023 learning", "match": "any", "facets": ["year", "venue"]}"#,
        #"{"query": "estuary -tides", "facets": ["author"]}"#,
        #"{"query": "title:attention", "facets": ["author", "year"]}"#,
        #"{"query": "gupta", "facets": ["author", "venue", "year", "kind"]}"#,
        #"{"query": "llms", "facets": ["author"]}"#,
        #"{"query": "kind:paper", "filters": ["venue:cs.LG", "year:2025"], "facets": ["author", "venue", "year"]}"#,
        #"{"query": "graph neural", "match": "any", "filters": ["kind:paper"], "facets": ["author", "venue"]}"#,
        #"{"query": "xyzzyplugh", "facets": ["author"]}"#,
        #"{"query": "memory bandwidth latency", "match": "any", "limit": 3, "offset": 2, "facets": ["venue"]}"#,
    ]

    @Test func postingListsGiveEnquiresMatchSet() throws {
        let corpus = try TestCorpus()
        let dump = corpus.corpus.appendingPathComponent("dump.jsonl")
        let words = ["attention", "sparse", "herons", "otters", "tensor", "compiler", "quantized", "estuary", "tides"]
        let lines = (0..<300).map { number in
            let title = (0..<4).map { words[(number * 7 + $0 * 3) % words.count] }.joined(separator: " ")
            return #"{"id": "2504.\#(String(format: "%05d", number))", "authors": "Ana Lima, Li \#(number % 13)", "#
                + #""title": "\#(title) \#(number)", "abstract": "\#(words[number % words.count]) graph neural", "#
                + #""categories": "cs.\#(["LG", "IR", "DB"][number % 3])", "update_date": "20\#(10 + number % 15)-01-01"}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(to: dump, atomically: false, encoding: .utf8)
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        try #require(index.status == 0, "\(index.stderr)")
        let requests = corpus.root.appendingPathComponent("requests.jsonl")
        try (Self.requests.joined(separator: "\n") + "\n").write(to: requests, atomically: false, encoding: .utf8)

        let fast = try QuarryBinary.run(["serve", "--stdio"], in: corpus.root, stdin: requests)
        let reference = try QuarryBinary.run(
            ["serve", "--stdio"], in: corpus.root, environment: ["QUARRY_MATCH_SET": "enquire"], stdin: requests)
        #expect(fast.status == 0 && reference.status == 0, "\(fast.stderr)\(reference.stderr)")
        let answers = fast.stdout.split(separator: "\n")
        let expected = reference.stdout.split(separator: "\n")
        #expect(answers.count == Self.requests.count)
        #expect(expected.count == Self.requests.count)
        var matched = 0
        for (request, (answer, wanted)) in zip(Self.requests, zip(answers, expected)) {
            #expect(answer == wanted, "\(request)")
            let json = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any]
            if let total = json?["total"] as? Int, total > 0 { matched += 1 }
        }
        // The table is only a test when most of its queries match something.
        #expect(matched >= Self.requests.count - 3, "\(matched) of \(Self.requests.count) matched")
    }
}
