import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery

/// What one collection's evaluation measured.
public struct CollectionReport: Sendable, Encodable {
    /// The collection.
    public var collection: TestCollection.Name
    /// Documents indexed.
    public var documents: Int
    /// Queries scored (those with text and judgments).
    public var queries: Int
    /// Judged (query, document) pairs of those queries.
    public var judgedPairs: Int
    /// How judgments became gains.
    public var gains: String
    /// Mean of each measure over `queries` (a query with no hits counts as 0).
    public var mean: QueryScores
    /// Each query's measures, by query id.
    public var perQuery: [String: QueryScores]
    /// Queries that found nothing.
    public var queriesWithoutHits: Int
    /// Seconds to build the index (next to nothing when a kept index was already up to date).
    public var indexSeconds: Double
    /// Mean milliseconds per query through `Searcher.search`.
    public var msPerQuery: Double
    /// Each query's hits in trec_eval order, by query id (written to `--run` files, not to JSON).
    public var run: [String: [ScoredDocument]]
    /// Query ids in file order.
    public var queryOrder: [String]

    enum CodingKeys: String, CodingKey {
        case collection, documents, queries, gains, mean
        case judgedPairs = "judged_pairs"
        case perQuery = "per_query"
        case queriesWithoutHits = "queries_without_hits"
        case indexSeconds = "index_seconds"
        case msPerQuery = "ms_per_query"
    }

    /// Encodes everything but the run.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(collection, forKey: .collection)
        try container.encode(documents, forKey: .documents)
        try container.encode(queries, forKey: .queries)
        try container.encode(judgedPairs, forKey: .judgedPairs)
        try container.encode(gains, forKey: .gains)
        try container.encode(mean, forKey: .mean)
        try container.encode(perQuery, forKey: .perQuery)
        try container.encode(queriesWithoutHits, forKey: .queriesWithoutHits)
        try container.encode(indexSeconds, forKey: .indexSeconds)
        try container.encode(msPerQuery, forKey: .msPerQuery)
    }

    init(
        collection: TestCollection, mean: QueryScores, perQuery: [String: QueryScores], queriesWithoutHits: Int,
        indexSeconds: Double, msPerQuery: Double, run: [String: [ScoredDocument]]
    ) {
        self.collection = collection.name
        documents = collection.documents.count
        queries = collection.queries.count
        judgedPairs = collection.judgedPairs
        gains = collection.name.gains
        self.mean = mean
        self.perQuery = perQuery
        self.queriesWithoutHits = queriesWithoutHits
        self.indexSeconds = indexSeconds
        self.msPerQuery = msPerQuery
        self.run = run
        queryOrder = collection.queries.map(\.id)
    }
}

/// Measures Quarry's relevance on a test collection with Quarry's own code: the real
/// `Indexer` builds an index of the collection's papers (with the synonyms file `quarry
/// index` would write), the real `Searcher` answers every query, and `TrecEval` scores
/// the hits against the judgments.
public struct Evaluator: Sendable {
    /// Hits kept per query (trec_eval's depth; the harness uses 1000).
    public var depth: Int
    /// BM25 parameters (default: the searcher's).
    public var bm25: BM25
    /// Ranking options for `.any` queries (default: the searcher's).
    public var ranking: Planner.Ranking
    /// Pseudo-relevance feedback (default: the searcher's).
    public var feedback: Feedback
    /// The synonyms file the index gets (default: the one `quarry index` writes); nil for none.
    public var synonyms: String?
    /// What text each query is sent as (default: as written).
    public var queryText: QueryText

    /// What text a query is sent as.
    public enum QueryText: String, Sendable, CaseIterable {
        /// The question as written (its white space collapsed), as a user pastes it.
        case raw
        /// Lower-cased `[a-z0-9]+` runs joined by spaces, as the benchmark harness sends every engine.
        case clean
    }

    /// An evaluator keeping `depth` hits per query, ranking with `bm25`, `ranking` and
    /// `feedback`, and expanding queries with `synonyms` (the text of a synonyms file).
    public init(
        depth: Int = 1000, bm25: BM25 = SearchOptions().bm25, ranking: Planner.Ranking = Planner.Ranking(),
        feedback: Feedback = Feedback(), synonyms: String? = Synonyms.defaultFile + "\n", queryText: QueryText = .raw
    ) {
        self.depth = depth
        self.bm25 = bm25
        self.ranking = ranking
        self.feedback = feedback
        self.synonyms = synonyms
        self.queryText = queryText
    }

    /// The search settings every query runs with: those of `quarry search --match any --limit
    /// DEPTH` (the harness's call: the query read leniently, any word may match), without what
    /// only shows results (facet counts, snippets, a spelling suggestion), with this evaluator's
    /// BM25, ranking and feedback.
    public var searchOptions: SearchOptions {
        var options = SearchOptions(facets: [], limit: depth, match: .any, suggest: false)
        options.snippets = false
        options.bm25 = bm25
        options.ranking = ranking
        options.feedback = feedback
        return options
    }

    /// Indexes `collection` into `indexPath` (kept, and reused when the documents file is
    /// unchanged) or into a temporary folder removed afterwards, runs its queries and scores them.
    public func evaluate(_ collection: TestCollection, indexPath: String? = nil) throws(EvalError) -> CollectionReport {
        let folder =
            indexPath
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("quarry-eval-\(collection.name.rawValue)-\(UUID().uuidString)").path
        defer { if indexPath == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let location = IndexLocation(path: folder)

        let started = Date()
        try buildIndex(collection, at: location)
        let indexSeconds = Date().timeIntervalSince(started)
        try installSynonyms(at: location)

        let searcher: Searcher
        do throws(SearchError) {
            searcher = try Searcher(location: location)
        } catch {
            throw .indexing(path: location.path, detail: Self.describe(error))
        }
        var run: [String: [ScoredDocument]] = [:]
        var searchSeconds = 0.0
        for query in collection.queries {
            let begin = Date()
            let hits = try search(query, of: collection, with: searcher)
            searchSeconds += Date().timeIntervalSince(begin)
            run[query.id] = hits
        }
        let perQuery = TrecEval.evaluate(run: run, judgments: collection.judgments)
        let ordered = collection.queries.compactMap { perQuery[$0.id] }
        var ranked: [String: [ScoredDocument]] = [:]
        for (query, hits) in run {
            let scores = Dictionary(hits.map { ($0.document, $0.score) }, uniquingKeysWith: max)
            ranked[query] = TrecEval.ranking(hits).map { ScoredDocument(document: $0, score: scores[$0]!) }
        }
        return CollectionReport(
            collection: collection, mean: TrecEval.mean(ordered), perQuery: perQuery,
            queriesWithoutHits: collection.queries.filter { run[$0.id]?.isEmpty ?? true }.count,
            indexSeconds: indexSeconds,
            msPerQuery: collection.queries.isEmpty ? 0 : 1000 * searchSeconds / Double(collection.queries.count),
            run: ranked)
    }

    /// Runs one query, as written or as the harness sends it (`queryText`), and maps hits back
    /// through their document numbers. A query with nothing to search for finds nothing.
    public func search(
        _ query: EvalQuery, of collection: TestCollection, with searcher: Searcher
    ) throws(EvalError) -> [ScoredDocument] {
        let text = queryText == .raw ? query.text : SmartFormat.queryTerms(query.text).joined(separator: " ")
        guard !text.isEmpty else { return [] }
        let result: SearchResult
        do throws(SearchError) {
            result = try searcher.search(text, options: searchOptions)
        } catch {
            throw .searching(collection: collection.name.rawValue, query: query.id, detail: Self.describe(error))
        }
        return result.hits.compactMap { hit in
            guard let number = hit.item.documentNumber,
                let id = TestCollection.documentID(number, in: collection.name)
            else { return nil }
            return ScoredDocument(document: id, score: hit.score)
        }
    }

    /// Brings the index at `location` up to date with the collection's one documents file.
    private func buildIndex(_ collection: TestCollection, at location: IndexLocation) throws(EvalError) {
        let source = CollectionSource(collection)
        let file = try source.sourceFile()
        let root = URL(fileURLWithPath: file.path).deletingLastPathComponent().path
        // The writer closes (and releases its lock) when this scope ends, before the searcher opens.
        let summary: IndexSummary
        do throws(IndexError) {
            let indexer: Indexer
            do throws(IndexError) {
                indexer = try Indexer(location: location)
            } catch .incompatible {
                // A kept index from another version of quarry: rebuilt from its catalog.
                indexer = try Indexer(location: location, rebuild: true)
            }
            summary = try indexer.run(files: [file], roots: [root], source: source)
        } catch {
            throw .indexing(path: location.path, detail: error.localizedDescription)
        }
        if let failure = summary.failures.first {
            throw .indexing(path: location.path, detail: failure.description)
        }
    }

    /// Writes this evaluator's synonyms file into the index folder (or removes it), so a kept
    /// index is searched with the synonyms asked for this time.
    private func installSynonyms(at location: IndexLocation) throws(EvalError) {
        let path = Searcher.synonymsPath(location)
        do {
            if let synonyms {
                try synonyms.write(toFile: path, atomically: true, encoding: .utf8)
            } else if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.removeItem(atPath: path)
            }
        } catch {
            throw .indexing(path: location.path, detail: "cannot write \(path): \(error.localizedDescription)")
        }
    }

    private static func describe(_ error: SearchError) -> String {
        guard case .syntax(_, let query) = error else { return error.localizedDescription }
        return error.localizedDescription + " in '\(query)'"
    }
}
