import Foundation
import QuarryEval
import QuarryTestSupport
import Testing

/// The whole evaluation on ADI (82 documents, 35 queries): the real indexer and searcher on
/// the real collection. Needs `../shared/data/ir` next to the repository; skipped without it.
@Suite struct EndToEndTests {
    /// `<repository>/../shared/data/ir`.
    static let dataRoot = SharedData.path("ir")

    static let hasData = FileManager.default.fileExists(atPath: dataRoot + "/adi/ADI.ALL")

    @Test(.enabled(if: hasData, "no ADI collection at ../shared/data/ir next to the repository"))
    func adiScoresWithinSaneBounds() throws {
        let collection = try TestCollection.load(.adi, from: Self.dataRoot)
        #expect(collection.documents.count == 82)
        #expect(collection.queries.count == 35)
        #expect(collection.judgedPairs == 170)

        let report = try Evaluator().evaluate(collection)
        #expect(report.queries == 35 && report.queriesWithoutHits == 0)
        #expect(report.mean.averagePrecision > 0.3)
        #expect(report.mean.ndcg10 > 0.35)
        #expect(report.mean.precision10 > 0.15)
        #expect(report.mean.recall100 > 0.9)
        // Every hit maps back to an ADI document; every query's hits are in trec_eval order.
        let ids = Set(collection.documents.map(\.id))
        for hits in report.run.values {
            #expect(hits.allSatisfy { ids.contains($0.document) })
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test(.enabled(if: hasData, "no ADI collection at ../shared/data/ir next to the repository"))
    func keptIndexIsReusedAndGetsTheSynonymsAskedFor() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "quarry-eval-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let synonyms = folder.appendingPathComponent("synonyms.txt").path
        let collection = try TestCollection.load(.adi, from: Self.dataRoot)
        let first = try Evaluator().evaluate(collection, indexPath: folder.path)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("catalog.sqlite").path))
        #expect(FileManager.default.fileExists(atPath: synonyms))
        let second = try Evaluator().evaluate(collection, indexPath: folder.path)
        #expect(second.perQuery == first.perQuery)
        // Without synonyms the file goes, and "information retrieval" no longer also finds "ir".
        let plain = try Evaluator(synonyms: nil).evaluate(collection, indexPath: folder.path)
        #expect(!FileManager.default.fileExists(atPath: synonyms))
        #expect(plain.mean.averagePrecision > 0.3)
    }

    @Test func aMissingCollectionNamesTheFile() {
        #expect(throws: EvalError.missingFile(path: "/nonexistent/adi/ADI.ALL")) {
            try TestCollection.load(.adi, from: "/nonexistent")
        }
    }
}
