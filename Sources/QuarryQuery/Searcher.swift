import Foundation
import QuarryAnalysis
import QuarryIndex
import QuarryModel

/// Why a search failed; the command turns each case into a message and an exit code.
public enum SearchError: Error, Sendable {
    /// The query text does not parse (exit 64).
    case syntax(QuerySyntaxError, query: String)
    /// The query parsed but cannot be run (exit 64).
    case plan(QueryPlanError)
    /// An unknown facet name (exit 64).
    case unknownFacet(String)
    /// The index is missing or broken.
    case index(IndexError)
}

/// What to search for and how to page.
public struct SearchOptions: Sendable {
    public var facets: [String]
    public var limit: Int
    public var offset: Int
    /// All words required, or any word.
    public var match: Planner.Match
    /// With `.all`, run the query again with `.any` when it finds nothing.
    public var relax: Bool

    public init(
        facets: [String] = Schema.facetNames, limit: Int = 10, offset: Int = 0, match: Planner.Match = .all,
        relax: Bool = true
    ) {
        self.facets = facets
        self.limit = limit
        self.offset = offset
        self.match = match
        self.relax = relax
    }
}

/// One ranked hit.
public struct SearchHit: Sendable {
    public var rank: Int
    public var score: Double
    public var item: IndexedItem
    public var snippet: Snippet
}

/// The answer to a search: the total, one page of hits and facet counts over every match.
public struct SearchResult: Sendable {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]
    /// Facet name → counts, sorted by count then value.
    public var facets: [(name: String, counts: [FacetCount])]
    /// How the words were combined; `.any` after relaxing an all-words query that found nothing.
    public var match: Planner.Match = .all
    /// True when no document had all the words and the query was run again with any word.
    public var relaxed = false
}

/// Runs queries against an index: parse, plan with the indexer's analyzer, rank with BM25.
public final class Searcher {
    /// BM25 defaults: Robertson's k1 = 1.2, b = 0.75.
    public static let defaultBM25 = BM25(k1: 1.2, b: 0.75, minNormalizedLength: 0.5)

    private let database: XapianDatabase
    private let analyzer: Analyzer
    private let decoder = JSONDecoder()

    /// Opens the index at `location` for reading.
    public init(location: IndexLocation) throws(SearchError) {
        guard location.exists else { throw .index(.missingIndex(path: location.path)) }
        do {
            database = try XapianDatabase(path: location.xapianPath, writable: false)
        } catch {
            throw .index(error)
        }
        do {
            analyzer = try Analyzer()
        } catch {
            throw .index(.xapian(operation: "create analyzer", detail: "\(error)"))
        }
    }

    /// Parses a query into its AST, with the schema's fields.
    public static func parse(_ text: String) throws(SearchError) -> QueryNode {
        do throws(QuerySyntaxError) {
            return try QueryGrammar.parse(text, fields: Schema.queryFieldNames)
        } catch {
            throw .syntax(error, query: text)
        }
    }

    /// Runs a query.
    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws(SearchError) -> SearchResult {
        let node = try Self.parse(text)
        var slots: [UInt32] = []
        for name in options.facets {
            guard let slot = Schema.field(named: name)?.facetSlot else { throw .unknownFacet(name) }
            slots.append(slot)
        }
        let query: XapianQuery
        let database = self.database
        let planner = Planner(analyzer: analyzer) { papers in
            let page = try database.search(
                SearchRequest(
                    query: papers, offset: 0, limit: 0, facetSlots: [Schema.Slot.authorFacet], bm25: Self.defaultBM25))
            return page.facets.first?.map(\.value) ?? []
        }
        do {
            query = try planner.plan(node, match: options.match)
        } catch let error as QueryPlanError {
            throw .plan(error)
        } catch let error as IndexError {
            throw .index(error)
        } catch {
            throw .plan(QueryPlanError(message: "\(error)"))
        }
        let page: SearchPage
        do {
            page = try database.search(
                SearchRequest(
                    query: query, offset: max(0, options.offset), limit: max(0, options.limit), facetSlots: slots,
                    bm25: Self.defaultBM25))
        } catch {
            throw .index(error)
        }
        let snippets = SnippetMaker(analyzer: analyzer, terms: highlightTerms(node))
        var hits: [SearchHit] = []
        for (index, hit) in page.hits.enumerated() {
            guard let item = try? decoder.decode(IndexedItem.self, from: hit.data) else {
                throw .index(.corrupt(path: database.path, detail: "a document's stored data does not decode"))
            }
            hits.append(
                SearchHit(
                    rank: options.offset + index + 1, score: hit.weight, item: item,
                    snippet: snippets.snippet(of: item)))
        }
        var facets: [(name: String, counts: [FacetCount])] = []
        for (name, counts) in zip(options.facets, page.facets) {
            facets.append((name, try displayed(counts, slot: Schema.field(named: name)?.facetSlot)))
        }
        var result = SearchResult(query: text, total: page.total, hits: hits, facets: facets)
        result.match = options.match
        if result.total == 0, options.match == .all, options.relax, case .and(let words) = node, words.count > 1 {
            var relaxed = options
            relaxed.match = .any
            relaxed.relax = false
            result = try search(text, options: relaxed)
            result.relaxed = result.total > 0
        }
        return result
    }

    /// Facet counts with keyed values (people, skills) turned into their display spelling.
    private func displayed(_ counts: [FacetCount], slot: UInt32?) throws(SearchError) -> [FacetCount] {
        guard let slot, Schema.keyedFacetSlots.contains(slot) else { return counts }
        do {
            return try counts.map { count throws(IndexError) -> FacetCount in
                let spelling = try database.metadata(Schema.displayKey(slot: slot, value: count.value))
                return FacetCount(value: spelling.isEmpty ? count.value : spelling, count: count.count)
            }
        } catch {
            throw .index(error)
        }
    }

    /// The stemmed words of the query's positive, free-text parts, to highlight in snippets.
    private func highlightTerms(_ node: QueryNode) -> Set<String> {
        switch node {
        case .word(let field, let text), .phrase(let field, let text):
            guard field == nil || field == Schema.title.name || field == Schema.body.name else { return [] }
            return Set(analyzer.tokens(text, stemmed: true).map(\.text))
        case .and(let children), .or(let children):
            return children.reduce(into: Set<String>()) { $0.formUnion(highlightTerms($1)) }
        case .not, .range:
            return []
        }
    }
}
