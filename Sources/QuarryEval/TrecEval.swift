import Foundation

/// One retrieved document of a run, with the score it was ranked by.
public struct ScoredDocument: Sendable, Equatable, Codable {
    /// The collection's document id (`"184"`).
    public var document: String
    /// The engine's score (BM25 weight for Quarry).
    public var score: Double

    /// Creates a scored document.
    public init(document: String, score: Double) {
        self.document = document
        self.score = score
    }
}

/// The four measures of one query, or their mean over queries.
public struct QueryScores: Sendable, Equatable, Codable {
    /// Average precision (its mean is MAP).
    public var averagePrecision: Double
    /// nDCG at 10 with graded gains.
    public var ndcg10: Double
    /// Precision at 10.
    public var precision10: Double
    /// Recall at 100.
    public var recall100: Double

    /// Creates scores.
    public init(averagePrecision: Double, ndcg10: Double, precision10: Double, recall100: Double) {
        self.averagePrecision = averagePrecision
        self.ndcg10 = ndcg10
        self.precision10 = precision10
        self.recall100 = recall100
    }

    /// All four zero: a query with no hits, or with no relevant document.
    public static let zero = QueryScores(averagePrecision: 0, ndcg10: 0, precision10: 0, recall100: 0)

    enum CodingKeys: String, CodingKey {
        case averagePrecision = "map"
        case ndcg10 = "ndcg_cut_10"
        case precision10 = "P_10"
        case recall100 = "recall_100"
    }
}

/// Relevance measures with trec_eval's definitions (the code pytrec_eval wraps), so
/// Quarry's numbers compare with the bench harness's to the last digit.
///
/// A document is relevant when its gain is at least 1; unjudged documents are not
/// relevant and have gain 0. Only a query's own judgments matter: a query absent from
/// the judgments is skipped, a judged query with no relevant document scores 0.
public enum TrecEval {
    /// trec_eval's ranking of a run: score descending, ties broken by document id in
    /// descending byte order (`strcmp(b, a)`); a repeated document keeps its best entry.
    public static func ranking(_ run: [ScoredDocument]) -> [String] {
        var best: [String: Double] = [:]
        for entry in run where best[entry.document].map({ entry.score > $0 }) ?? true {
            best[entry.document] = entry.score
        }
        return best.sorted { a, b in
            if a.value != b.value { return a.value > b.value }
            return b.key.utf8.lexicographicallyPrecedes(a.key.utf8)
        }.map(\.key)
    }

    /// The number of relevant documents (gain ≥ 1) among the judgments.
    public static func relevantCount(_ judgments: [String: Int]) -> Int {
        judgments.values.filter { $0 >= 1 }.count
    }

    /// Average precision: the precision at the rank of each relevant document retrieved,
    /// summed and divided by the number of relevant documents (unretrieved ones add 0).
    public static func averagePrecision(_ ranking: [String], _ judgments: [String: Int]) -> Double {
        let relevant = relevantCount(judgments)
        guard relevant > 0 else { return 0 }
        var found = 0
        var sum = 0.0
        for (index, document) in ranking.enumerated() where (judgments[document] ?? 0) >= 1 {
            found += 1
            sum += Double(found) / Double(index + 1)
        }
        return sum / Double(relevant)
    }

    /// Precision at `k`: relevant documents in the first `k`, divided by `k` even when
    /// fewer were retrieved.
    public static func precision(at k: Int, _ ranking: [String], _ judgments: [String: Int]) -> Double {
        guard k > 0 else { return 0 }
        return Double(ranking.prefix(k).filter { (judgments[$0] ?? 0) >= 1 }.count) / Double(k)
    }

    /// Recall at `k`: relevant documents in the first `k`, divided by all relevant ones.
    public static func recall(at k: Int, _ ranking: [String], _ judgments: [String: Int]) -> Double {
        let relevant = relevantCount(judgments)
        guard relevant > 0 else { return 0 }
        return Double(ranking.prefix(k).filter { (judgments[$0] ?? 0) >= 1 }.count) / Double(relevant)
    }

    /// nDCG at `k` (trec_eval's `ndcg_cut`): DCG sums gain / log2(rank + 1) over the first
    /// `k` ranks (rank from 1, gains as judged, unjudged 0); the ideal DCG ranks every
    /// judged document with a positive gain by gain, cut at `k`. 0 when the ideal is 0.
    public static func ndcg(at k: Int, _ ranking: [String], _ judgments: [String: Int]) -> Double {
        func dcg(_ gains: some Sequence<Int>) -> Double {
            var sum = 0.0
            for (index, gain) in gains.enumerated() where gain > 0 { sum += Double(gain) / log2(Double(index + 2)) }
            return sum
        }
        let ideal = dcg(judgments.values.filter { $0 > 0 }.sorted(by: >).prefix(k))
        guard ideal > 0 else { return 0 }
        return dcg(ranking.prefix(k).map { judgments[$0] ?? 0 }) / ideal
    }

    /// The four measures of one query's ranking.
    public static func scores(_ ranking: [String], _ judgments: [String: Int]) -> QueryScores {
        QueryScores(
            averagePrecision: averagePrecision(ranking, judgments), ndcg10: ndcg(at: 10, ranking, judgments),
            precision10: precision(at: 10, ranking, judgments), recall100: recall(at: 100, ranking, judgments))
    }

    /// Scores every judged query of a run, as pytrec_eval does with the harness's
    /// convention: queries missing from the judgments are skipped; a judged query that
    /// is missing from the run (or has no hits) scores 0.
    public static func evaluate(run: [String: [ScoredDocument]], judgments: Judgments) -> [String: QueryScores] {
        var result: [String: QueryScores] = [:]
        for (query, judged) in judgments {
            result[query] = scores(ranking(run[query] ?? []), judged)
        }
        return result
    }

    /// The mean of each measure; zero for no queries.
    public static func mean(_ scores: some Collection<QueryScores>) -> QueryScores {
        guard !scores.isEmpty else { return .zero }
        let n = Double(scores.count)
        return QueryScores(
            averagePrecision: scores.map(\.averagePrecision).reduce(0, +) / n,
            ndcg10: scores.map(\.ndcg10).reduce(0, +) / n,
            precision10: scores.map(\.precision10).reduce(0, +) / n,
            recall100: scores.map(\.recall100).reduce(0, +) / n)
    }
}
