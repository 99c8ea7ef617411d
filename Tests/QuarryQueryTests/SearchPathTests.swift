import Foundation
import QuarryIndex
import QuarryModel
import Testing

@testable import QuarryQuery

/// One search path: a query is parsed once; relaxing and the spelling suggestion work on its
/// node, `authored:` is looked up before planning.
@Suite struct SearchPathTests {
    var index: IndexedCorpus { get throws { try SearchTests.shared.get() } }

    @Test func aSpellingSuggestionParsesTheQueryOnce() throws {
        let searcher = try Searcher(location: index.location)
        let result = try searcher.search("sparse atention")
        #expect(result.suggestion == "sparse attention")
        #expect(searcher.work.parses == 1)
    }

    @Test func aRelaxedQueryParsesTheQueryOnce() throws {
        let searcher = try Searcher(location: index.location)
        let result = try searcher.search("lynx zebrafish")
        #expect(result.relaxed && result.match == .any && result.total >= 1)
        #expect(searcher.work.parses == 1)
    }

    /// Pseudo-relevance feedback and dropped function words only re-rank: with `--match any`, the
    /// total and the facet counts are those of every word as typed (their OR).
    @Test(arguments: ["mixture experts", "the sparse attention", "moe inference of gpu", "lynx zebrafish"])
    func feedbackAndFunctionWordsKeepTheMatchSet(query: String) throws {
        let searcher = try Searcher(location: index.location)
        var plain = SearchOptions(match: .any)
        plain.feedback.documents = 0
        plain.ranking.dropStopwords = false
        let expanded = SearchOptions(match: .any)
        #expect(expanded.feedback.documents > 0 && expanded.ranking.dropStopwords)
        let withFeedback = try searcher.search(query, options: expanded)
        let without = try searcher.search(query, options: plain)
        #expect(withFeedback.total == without.total)
        #expect(withFeedback.facets.map(\.counts) == without.facets.map(\.counts))
    }

    /// The suggestion corrects the unfielded word, never the same letters inside a field's value.
    @Test(arguments: [
        ("title:lynx lyn", "title:lynx lynx"),
        ("kind:paper expers", "kind:paper expert"),
        ("title:inference inferenc", "title:inference inference"),
    ])
    func aSuggestionLeavesFieldValuesAlone(query: String, suggestion: String) throws {
        let searcher = try Searcher(location: index.location)
        #expect(try searcher.search(query).suggestion == suggestion)
        #expect(searcher.work.parses == 1)
    }

    /// Each `authored:` part is one lookup over papers before planning, then the page is one pass;
    /// the words of one `authored:(…)` group are one part.
    @Test func authoredIsLookedUpBeforePlanning() throws {
        let searcher = try Searcher(location: index.location)
        let result = try searcher.search("kind:resume authored:(mixture of experts)")
        #expect(result.hits.map(\.item.title) == ["Vima Gupta"])
        #expect(searcher.work == Searcher.Work(parses: 1, matchPasses: 2))
        let two = try Searcher(location: index.location)
        _ = try two.search("authored:mixture OR authored:megafold OR kind:resume")
        #expect(two.work == Searcher.Work(parses: 1, matchPasses: 2), "one OR of authored: words is one part")
    }

    @Test(arguments: [
        ("author:Ahan Gupta", FacetFilter(facet: "author", value: "Ahan Gupta")),
        ("author:\"Ahan Gupta\"", FacetFilter(facet: "author", value: "Ahan Gupta")),
        ("venue: cs.LG ", FacetFilter(facet: "venue", value: "cs.LG")),
    ])
    func filtersParseInOnePlace(text: String, filter: FacetFilter) throws {
        #expect(try FacetFilter(parsing: text) == filter)
    }

    @Test(arguments: ["author", "colour:red", "author:", "author:\"\"", ":x"])
    func malformedFiltersAreUsageErrors(text: String) throws {
        #expect {
            _ = try FacetFilter(parsing: text)
        } throws: { error in
            guard let error = error as? SearchError, case .badFilter = error else { return false }
            return error.exitCode == 64
                && error.localizedDescription.contains(text.trimmingCharacters(in: .whitespaces))
        }
    }

    @Test(arguments: [
        (SearchError.syntax(QuerySyntaxError(message: "unclosed quote", column: 3), query: "a \"b"), Int32(64)),
        (.plan(QueryPlanError(message: "unknown kind 'poem'")), 64),
        (.unknownFacet("colour"), 64),
        (.badFilter("--filter takes FACET:VALUE"), 64),
        (.notFound("pnothere"), 66),
        (.index(.missingIndex(path: "/nowhere")), 66),
        (.index(.incompatible(path: "/old", detail: "schema version none")), 65),
        (.index(.locked(path: "/busy", detail: "")), 75),
        (.index(.xapian(operation: "open", detail: "DatabaseError: EOF reading block 93")), 74),
        (.index(.catalog(path: "/full/catalog.sqlite", detail: "database or disk is full")), 74),
    ])
    func searchErrorsCarryTheirExitCode(error: SearchError, code: Int32) {
        #expect(error.exitCode == code)
        #expect(error.localizedDescription.count > 10)
        #expect((error.caret != nil) == (code == 64 && error.localizedDescription.contains("column")))
    }
}
