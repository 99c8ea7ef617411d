import Foundation
import QuarryIndex
import QuarryTestSupport
import Testing

@testable import QuarryQuery

/// Pseudo-relevance feedback re-ranks the query's best `Feedback.depth` hits: those hits in the
/// order (and at the scores) of the query with the expansion terms, every hit below in the order
/// and at the score of the query as typed; the total and the facets are the query's own. Checked
/// on the 1,200 Zipf-worded records of `PagePruningTests` against two references searched on the
/// same index: feedback over every hit (depth 0) and no feedback at all.
@Suite struct FeedbackDepthTests {
    /// Two words of the middle of the vocabulary, and one frequent and one rare word: hundreds of
    /// matches each, so a depth of 7 leaves most hits below it.
    static let queries = stride(from: 4, to: 60, by: 5).map { index in
        "\(PagePruningTests.vocabulary[index]) \(PagePruningTests.vocabulary[index * 2 + 1])"
    }

    static func search(
        _ query: String, depth: Int, feedback: Bool = true, _ adjust: (inout SearchOptions) -> Void = { _ in }
    )
        throws -> SearchResult
    {
        try PagePruningTests.shared.get().search(query) {
            $0.match = .any
            $0.facets = ["year"]
            $0.feedback.depth = depth
            if !feedback { $0.feedback.documents = 0 }
            adjust(&$0)
        }
    }

    @Test(arguments: queries)
    func theBestHitsAreReRankedAndTheRestKeepTheQuerysOrder(query: String) throws {
        let depth = 7
        let got = try Self.search(query, depth: depth) { $0.limit = 40 }
        let everyHit = try Self.search(query, depth: 0) { $0.limit = 1200 }
        let typed = try Self.search(query, depth: depth, feedback: false) { $0.limit = 40 }
        #expect(got.total > 40, "'\(query)' needs more matches than the page")
        #expect(got.total == typed.total && got.total == everyHit.total)
        #expect(got.facets.map(\.counts) == typed.facets.map(\.counts))
        #expect(got.facets.map(\.counts) == everyHit.facets.map(\.counts))
        // Above the depth: the query's own best hits, ordered by their scores with feedback.
        let best = got.hits.prefix(depth)
        #expect(Set(best.map(\.item.id)) == Set(typed.hits.prefix(depth).map(\.item.id)), "'\(query)'")
        let withFeedback = Dictionary(uniqueKeysWithValues: everyHit.hits.map { ($0.item.id, $0.score) })
        for hit in best {
            let score = try #require(withFeedback[hit.item.id])
            #expect(abs(hit.score - score) < 1e-9, "'\(query)' \(hit.item.id): \(hit.score) against \(score)")
        }
        #expect(best.map(\.score) == best.map(\.score).sorted(by: >))
        // Below it: the query as typed, hit for hit.
        let below = got.hits.dropFirst(depth)
        #expect(below.map(\.item.id) == typed.hits.dropFirst(depth).map(\.item.id), "'\(query)'")
        #expect(below.map(\.score) == typed.hits.dropFirst(depth).map(\.score))
    }

    /// Otherwise the table above could pass with feedback doing nothing.
    @Test func feedbackReordersTheBestHitsOfMostQueries() throws {
        let reordered = try Self.queries.filter { query in
            try Self.search(query, depth: 7).hits.prefix(7).map(\.item.id)
                != Self.search(query, depth: 7, feedback: false).hits.prefix(7).map(\.item.id)
        }
        #expect(reordered.count * 2 > Self.queries.count, "reordered: \(reordered)")
    }

    @Test func pagesFollowOneRanking() throws {
        for query in Self.queries.prefix(4) {
            let whole = try Self.search(query, depth: 7) { $0.limit = 30 }
            var paged: [String] = []
            for offset in stride(from: 0, to: 30, by: 6) {
                paged += try Self.search(query, depth: 7) {
                    $0.offset = offset
                    $0.limit = 6
                }.hits.map(\.item.id)
            }
            #expect(paged == whole.hits.map(\.item.id), "'\(query)'")
        }
    }

    @Test func aDepthOverEveryMatchIsFeedbackOverEveryHit() throws {
        for query in Self.queries.prefix(4) {
            let deep = try Self.search(query, depth: 1200) { $0.limit = 1200 }
            let everyHit = try Self.search(query, depth: 0) { $0.limit = 1200 }
            #expect(deep.hits.map(\.item.id) == everyHit.hits.map(\.item.id), "'\(query)'")
        }
    }

    /// Feedback only adds weight: no hit scores less with it than without, also when the query
    /// holds a function word (matched at no weight) and a hyphenated compound (a phrase).
    @Test(arguments: [0, 7])
    func feedbackNeverLowersAScore(depth: Int) throws {
        let words = PagePruningTests.vocabulary
        var lowered: [String] = []
        for first in 0..<4 {
            for second in 0..<4 where second != first {
                let query = "this \(words[first])-\(words[second]) \(words[first + 30])"
                let plain = try Self.search(query, depth: depth, feedback: false) { $0.limit = 1200 }
                let scores = Dictionary(uniqueKeysWithValues: plain.hits.map { ($0.item.id, $0.score) })
                for hit in try Self.search(query, depth: depth, { $0.limit = 1200 }).hits {
                    if let before = scores[hit.item.id], hit.score < before - 1e-9 {
                        lowered.append("'\(query)' \(hit.item.id): \(before) → \(hit.score)")
                    }
                }
            }
        }
        #expect(lowered.isEmpty, "\(lowered.count) scores fell: \(lowered.prefix(5))")
    }

    @Test func sortingByDateIgnoresTheDepth() throws {
        for query in Self.queries.prefix(4) {
            let shallow = try Self.search(query, depth: 3) { $0.sort = .newest }
            let everyHit = try Self.search(query, depth: 0) { $0.sort = .newest }
            #expect(shallow.hits.map(\.item.id) == everyHit.hits.map(\.item.id), "'\(query)'")
        }
    }
}
