import Foundation
import QuarryIndex
import QuarryModel

/// One term's share of a hit's BM25 score.
public struct TermContribution: Sendable, Equatable {
    /// The schema field the term belongs to (`title`, `body`, ...).
    public var field: String
    /// The term without its prefix (a stem for stemmed fields).
    public var term: String
    /// Occurrences in the document (title words count `titleWeight` times in the body).
    public var wdf: Int
    /// Documents holding the term.
    public var documentFrequency: Int
    public var weight: Double
}

/// `--explain`: each query term's share of a hit's score, recomputed from Xapian's term
/// statistics with Xapian's BM25Weight formula (k2 0, k3 1), so the shares add up to the score.
enum ScoreExplanation {
    /// The contributions of `terms` (a query's distinct terms) to the score of `item`, largest first;
    /// terms the item does not hold contribute nothing and are left out.
    static func contributions(
        of terms: [String], to item: IndexedItem, bm25: BM25, in database: XapianDatabase
    ) throws(IndexError) -> [TermContribution] {
        let stats = try database.termStats(idTerm: Schema.idTerm(item.id), terms: terms)
        var contributions: [TermContribution] = []
        for (index, term) in terms.enumerated() where stats.wdf[index] > 0 {
            let (field, word) = Schema.field(ofTerm: term)
            let n = Double(stats.documentCount)
            let df = Double(stats.termFrequency[index])
            // Xapian's idf: log((N - df + 0.5) / (df + 0.5)), with ratios below 2 flattened.
            var ratio = (n - df + 0.5) / (df + 0.5)
            if ratio < 2 { ratio = ratio * 0.5 + 1 }
            let normalized = max(Double(stats.documentLength) / max(stats.averageLength, 1), bm25.minNormalizedLength)
            let wdf = Double(stats.wdf[index])
            let weight = log(ratio) * (bm25.k1 + 1) * wdf / (bm25.k1 * ((1 - bm25.b) + bm25.b * normalized) + wdf)
            contributions.append(
                TermContribution(
                    field: field.name, term: word, wdf: stats.wdf[index], documentFrequency: stats.termFrequency[index],
                    weight: weight))
        }
        return contributions.sorted { $0.weight > $1.weight }
    }
}
