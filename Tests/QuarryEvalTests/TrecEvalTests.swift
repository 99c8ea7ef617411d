import Foundation
import QuarryEval
import Testing

/// The measures on tiny runs worked out by hand; every expected value was also checked
/// with pytrec_eval (`RelevanceEvaluator(qrels, {"map", "ndcg_cut.10", "P.10", "recall.100"})`).
@Suite struct TrecEvalTests {
    /// Three relevant documents with gains 4, 3 and 1 (and one judged not relevant).
    static let graded = ["a": 4, "b": 1, "c": 3, "z": 0]

    @Test func averagePrecisionCountsUnretrievedRelevantAsZero() {
        // b (relevant) at 1, q (unjudged) at 2, a (relevant) at 3; c never retrieved.
        // (1/1 + 2/3) / 3 = 0.5556
        #expect(abs(TrecEval.averagePrecision(["b", "q", "a"], Self.graded) - 5.0 / 9.0) < 1e-12)
        #expect(TrecEval.averagePrecision(["a", "c", "b"], Self.graded) == 1)
    }

    @Test func ndcgUsesGradedGainsAndTheIdealOfAllJudgedDocuments() {
        // DCG = 1/log2(2) + 0 + 4/log2(4) = 3; ideal = 4 + 3/log2(3) + 1/log2(4) = 6.3928.
        let expected = 3 / (4 + 3 / log2(3.0) + 0.5)
        #expect(abs(TrecEval.ndcg(at: 10, ["b", "q", "a"], Self.graded) - expected) < 1e-12)
        #expect(abs(expected - 0.469279) < 1e-6)  // pytrec_eval's ndcg_cut_10
        #expect(TrecEval.ndcg(at: 10, ["a", "c", "b"], Self.graded) == 1)
        // The cut: a relevant document at rank 11 adds nothing to nDCG@10.
        let late = (1...10).map { "n\($0)" } + ["a"]
        #expect(TrecEval.ndcg(at: 10, late, Self.graded) == 0)
    }

    @Test func ndcgIsBinaryWhenGainsAreOne() {
        // Relevant at 2 and 3 of two relevant: (1/log2(3) + 1/log2(4)) / (1 + 1/log2(3)).
        let judgments = ["x": 1, "y": 1]
        let expected = (1 / log2(3.0) + 0.5) / (1 + 1 / log2(3.0))
        #expect(abs(TrecEval.ndcg(at: 10, ["n", "x", "y"], judgments) - expected) < 1e-12)
    }

    @Test func precisionAtTenDividesByTenEvenWithFewerHits() {
        #expect(TrecEval.precision(at: 10, ["b", "q", "a"], Self.graded) == 0.2)
        let many = ["a", "b", "c"] + (1...20).map { "n\($0)" }
        #expect(abs(TrecEval.precision(at: 10, many, Self.graded) - 0.3) < 1e-12)
    }

    @Test func recallAtHundredIgnoresWhatComesLater() {
        let ranking = ["a"] + (1...99).map { "n\($0)" } + ["b", "c"]
        #expect(abs(TrecEval.recall(at: 100, ranking, Self.graded) - 1.0 / 3.0) < 1e-12)
        #expect(TrecEval.recall(at: 100, ["c", "b", "a"], Self.graded) == 1)
    }

    @Test func tiesAreBrokenByDocumentIdDescendingAsTrecEvalDoes() {
        let run = [
            ScoredDocument(document: "d1", score: 1), ScoredDocument(document: "d2", score: 1),
            ScoredDocument(document: "d0", score: 2),
        ]
        #expect(TrecEval.ranking(run) == ["d0", "d2", "d1"])
        // Bytes, not numbers: "d9" sorts after "d10", so it comes first (pytrec_eval: map 0.5).
        let bytes = [ScoredDocument(document: "d10", score: 1), ScoredDocument(document: "d9", score: 1)]
        #expect(TrecEval.ranking(bytes) == ["d9", "d10"])
        #expect(TrecEval.averagePrecision(TrecEval.ranking(bytes), ["d10": 1]) == 0.5)
    }

    @Test func aRepeatedDocumentKeepsItsBestScore() {
        let run = [
            ScoredDocument(document: "a", score: 1), ScoredDocument(document: "b", score: 2),
            ScoredDocument(document: "a", score: 3),
        ]
        #expect(TrecEval.ranking(run) == ["a", "b"])
    }

    @Test func aQueryWithNoHitsScoresZero() {
        #expect(TrecEval.scores([], Self.graded) == .zero)
    }

    @Test func aJudgedQueryWithNothingRelevantScoresZero() {
        #expect(TrecEval.scores(["x", "y"], ["x": 0]) == .zero)
    }

    @Test func evaluateSkipsUnjudgedQueriesAndZeroesJudgedOnesWithoutHits() {
        let run: [String: [ScoredDocument]] = [
            "g": [
                ScoredDocument(document: "a", score: 1), ScoredDocument(document: "b", score: 3),
                ScoredDocument(document: "q", score: 2),
            ],
            "unjudged": [ScoredDocument(document: "a", score: 1)],
        ]
        let judgments: Judgments = ["g": Self.graded, "missing": ["a": 1], "none": ["x": 0]]
        let result = TrecEval.evaluate(run: run, judgments: judgments)
        #expect(Set(result.keys) == ["g", "missing", "none"])
        #expect(result["missing"] == .zero)
        #expect(result["none"] == .zero)
        #expect(abs(result["g"]!.averagePrecision - 5.0 / 9.0) < 1e-12)
        let mean = TrecEval.mean(result.values)
        #expect(abs(mean.averagePrecision - 5.0 / 27.0) < 1e-12)
    }

    @Test func runFileLinesAreTrecShaped() {
        let run = ["7": [ScoredDocument(document: "12", score: 2.5), ScoredDocument(document: "3", score: 1)]]
        #expect(RunFile.lines(run, order: ["7", "8"]) == ["7 Q0 12 1 2.5 quarry", "7 Q0 3 2 1.0 quarry"])
        #expect(RunFile.lines(run, order: ["7"], prefix: "adi/").first == "adi/7 Q0 adi/12 1 2.5 quarry")
    }
}
