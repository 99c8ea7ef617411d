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
    /// No item has this id (`quarry show`, `quarry similar`).
    case notFound(String)
}

/// What to search for, how to narrow, sort and page.
public struct SearchOptions: Sendable {
    /// How hits are ordered.
    public enum Sort: String, Sendable, CaseIterable {
        case relevance
        /// Oldest first.
        case date
        /// Newest first.
        case newest = "-date"
    }

    public var facets: [String]
    public var limit: Int
    public var offset: Int
    /// All words required, or any word.
    public var match: Planner.Match
    /// With `.all`, run the query again with `.any` when it finds nothing.
    public var relax: Bool
    /// Drill-down filters (facet name, value): values of one facet combine with OR, facets with AND.
    public var filters: [(facet: String, value: String)]
    public var sort: Sort
    /// Facet values to return per facet (0: all).
    public var facetLimit: Int
    /// Explain each hit's score term by term.
    public var explain: Bool
    /// Suggest a corrected query when few documents match.
    public var suggest: Bool
    /// Make a snippet for each hit (evaluation runs do without).
    public var snippets = true
    /// Ranking options for `.any` queries.
    public var ranking = Searcher.defaultRanking
    /// BM25 parameters.
    public var bm25 = Searcher.defaultBM25

    public init(
        facets: [String] = Schema.facetNames, limit: Int = 10, offset: Int = 0, match: Planner.Match = .all,
        relax: Bool = true, filters: [(facet: String, value: String)] = [], sort: Sort = .relevance,
        facetLimit: Int = 0, explain: Bool = false, suggest: Bool = true
    ) {
        self.facets = facets
        self.limit = limit
        self.offset = offset
        self.match = match
        self.relax = relax
        self.filters = filters
        self.sort = sort
        self.facetLimit = facetLimit
        self.explain = explain
        self.suggest = suggest
    }
}

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

/// One ranked hit.
public struct SearchHit: Sendable {
    public var rank: Int
    public var score: Double
    public var item: IndexedItem
    public var snippet: Snippet
    /// With `explain`, the score term by term.
    public var explanation: [TermContribution]? = nil
}

/// The answer to a search: the total, one page of hits and facet counts over every match.
public struct SearchResult: Sendable {
    public var query: String
    public var total: Int
    public var hits: [SearchHit]
    /// Facet name → counts, sorted by count then value. A facet with an active filter counts
    /// over the query and the *other* facets' filters, so its other values stay selectable.
    public var facets: [(name: String, counts: [FacetCount])]
    /// How the words were combined; `.any` after relaxing an all-words query that found nothing.
    public var match: Planner.Match = .all
    /// True when no document had all the words and the query was run again with any word.
    public var relaxed = false
    /// A corrected query from the index's own vocabulary, when the query found little.
    public var suggestion: String? = nil
}

/// Runs queries against an index: parse, plan with the indexer's analyzer, rank with BM25.
public final class Searcher {
    /// BM25 defaults, measured with `quarry eval` (docs/RELEVANCE.md): k1 = 2.0 and b = 0.9 were
    /// best or near-best on all of Cranfield, ADI and MED (Robertson's 1.2 / 0.75 were worse on each).
    public static let defaultBM25 = BM25(k1: 2.0, b: 0.9, minNormalizedLength: 0.5)
    /// Ranking defaults for natural-language (`--match any`) queries, measured with `quarry eval`
    /// (docs/RELEVANCE.md): query stopwords dropped, and a light pseudo-relevance feedback (the 20
    /// best terms of the 10 best hits, at a tenth of the query's weight).
    public static let defaultRanking = Planner.Ranking(feedbackDocuments: 10, feedbackTerms: 20, feedbackWeight: 0.1)

    /// Expansion terms (more like this, feedback) are body words of three bytes or more.
    static let bodyTerms = ExpansionFilter(excludedPrefixes: Schema.termPrefixes, minLength: 3)

    private let database: XapianDatabase
    private let analyzer: Analyzer
    private let synonyms: Synonyms
    private let decoder = JSONDecoder()

    /// The synonyms file of an index: `synonyms.txt` in its folder.
    public static func synonymsPath(_ location: IndexLocation) -> String { location.path + "/synonyms.txt" }

    /// Opens the index at `location` for reading; throws `.index(.incompatible)` when it was
    /// written by another schema version or analyzer.
    public init(location: IndexLocation) throws(SearchError) {
        guard location.exists else { throw .index(.missingIndex(path: location.path)) }
        do throws(AnalysisError) {
            analyzer = try Analyzer()
        } catch {
            throw .index(.analyzer(error))
        }
        do {
            database = try XapianDatabase(path: location.xapianPath, writable: false)
            try IndexFormat(analyzer: analyzer).check(database, indexPath: location.path)
        } catch {
            throw .index(error)
        }
        let text = (try? String(contentsOfFile: Self.synonymsPath(location), encoding: .utf8)) ?? ""
        synonyms = Synonyms(text: text, analyzer: analyzer)
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
        var query = try plan(node, match: options.match, ranking: options.ranking)
        if options.match == .any, options.ranking.feedbackDocuments > 0 {
            query = try expanded(query, options: options)
        }
        var result = try run(query, text: text, highlight: highlightTerms(node), options: options)
        result.match = options.match
        let strictTotal = result.total
        if options.suggest, strictTotal < 3 {
            result.suggestion = try suggestion(for: node, text: text, total: strictTotal, options: options)
        }
        if result.total == 0, options.match == .all, options.relax, case .and(let words) = node, words.count > 1 {
            var relaxed = options
            relaxed.match = .any
            relaxed.relax = false
            relaxed.suggest = false
            let retry = try search(text, options: relaxed)
            if retry.total > 0 {
                let suggestion = result.suggestion
                result = retry
                result.relaxed = true
                result.suggestion = suggestion
            }
        }
        return result
    }

    /// Papers or resumes like the item with `id` (more like this), excluding the item itself.
    public func similar(to id: String, options: SearchOptions = SearchOptions()) throws(SearchError) -> SearchResult {
        do {
            let idTerm = Schema.idTerm(id)
            guard try database.documentData(idTerm: idTerm) != nil else { throw SearchError.notFound(id) }
            let terms = try database.similarTerms(idTerm: idTerm, count: 25, filter: Self.bodyTerms)
            guard !terms.isEmpty else { return SearchResult(query: "similar:\(id)", total: 0, hits: [], facets: []) }
            let like = try XapianQuery.combine(.or, terms.map { term throws(IndexError) in try XapianQuery.term(term) })
            let query = try XapianQuery.combine(.andNot, [like, XapianQuery.term(idTerm)])
            return try run(query, text: "similar:\(id)", highlight: Set(terms), options: options)
        } catch let error as SearchError {
            throw error
        } catch let error as IndexError {
            throw .index(error)
        } catch {
            throw .index(.xapian(operation: "similar", detail: "\(error)"))
        }
    }

    /// A person, found by name (`Ahan Gupta`, any case or accents): every paper they wrote (from
    /// all sources), their resume if indexed, their co-authors and venues, most frequent first.
    /// Throws `.notFound` when no paper or resume has the person. At most `limit` papers are read.
    public func person(named name: String, limit: Int = 10_000) throws(SearchError) -> Person {
        guard let term = Schema.personTerm(name: name) else { throw .notFound("person:\(name)") }
        var options = SearchOptions(facets: [], limit: limit, relax: false, sort: .newest, suggest: false)
        options.snippets = false
        let result: SearchResult
        do {
            result = try run(try XapianQuery.term(term), text: "person:\(name)", highlight: [], options: options)
        } catch let error as SearchError {
            throw error
        } catch {
            throw .index(.xapian(operation: "person", detail: "\(error)"))
        }
        guard !result.hits.isEmpty else { throw .notFound("person:\(name)") }
        return Person(name: name, items: result.hits.map(\.item))
    }

    /// The item with `id`, with all its sources.
    public func item(id: String) throws(SearchError) -> IndexedItem {
        let data: Data?
        do {
            data = try database.documentData(idTerm: Schema.idTerm(id))
        } catch {
            throw .index(error)
        }
        guard let data else { throw .notFound(id) }
        guard let item = try? decoder.decode(IndexedItem.self, from: data) else {
            throw .index(.corrupt(path: database.path, detail: "the stored data of \(id) does not decode"))
        }
        return item
    }

    /// The query or, weighted lower, the best terms of its top hits (pseudo-relevance feedback).
    private func expanded(_ query: XapianQuery, options: SearchOptions) throws(SearchError) -> XapianQuery {
        let ranking = options.ranking
        do {
            let terms = try database.feedbackTerms(
                for: query, bm25: options.bm25, topDocuments: ranking.feedbackDocuments, count: ranking.feedbackTerms,
                filter: Self.bodyTerms)
            guard !terms.isEmpty else { return query }
            let more = try XapianQuery.combine(.or, terms.map { term throws(IndexError) in try XapianQuery.term(term) })
            return try XapianQuery.combine(.or, [query, more.scaled(by: ranking.feedbackWeight)])
        } catch {
            throw .index(error)
        }
    }

    /// The planner, with this index's synonyms and its author lookup for `authored:`.
    private func plan(_ node: QueryNode, match: Planner.Match, ranking: Planner.Ranking) throws(SearchError)
        -> XapianQuery
    {
        let database = self.database
        let planner = Planner(analyzer: analyzer, synonyms: synonyms) { papers in
            let page = try database.search(
                SearchRequest(
                    query: papers, offset: 0, limit: 0, facetSlots: [Schema.author.facet!.slot], bm25: Self.defaultBM25))
            return page.facets.first?.map(\.value) ?? []
        }
        do {
            return try planner.plan(node, match: match, ranking: ranking)
        } catch let error as QueryPlanError {
            throw .plan(error)
        } catch let error as IndexError {
            throw .index(error)
        } catch {
            throw .plan(QueryPlanError(message: "\(error)"))
        }
    }

    /// Runs a planned query with the options' filters, sort, page and facets.
    ///
    /// Drill-down: the hits match the query and every filter. A facet that has a filter of
    /// its own is counted again over the query and the other facets' filters only, so the
    /// user still sees how many hits each other value of that facet would give.
    private func run(
        _ query: XapianQuery, text: String, highlight: Set<String>, options: SearchOptions
    ) throws(SearchError) -> SearchResult {
        var facets: [Schema.Facet] = []
        for name in options.facets {
            guard let facet = Schema.field(named: name)?.facet else { throw .unknownFacet(name) }
            facets.append(facet)
        }
        let slots = facets.map(\.slot)
        do {
            var groups: [(facet: String, query: XapianQuery)] = []
            for (facet, values) in Dictionary(grouping: options.filters, by: \.facet).sorted(by: { $0.key < $1.key }) {
                guard let field = Schema.field(named: facet), field.facet != nil else {
                    throw SearchError.unknownFacet(facet)
                }
                let terms = try values.map { filter throws(IndexError) in
                    try XapianQuery.term(field.facetTerm(filter.value) ?? "")
                }
                groups.append((facet, terms.count == 1 ? terms[0] : try XapianQuery.combine(.or, terms)))
            }
            func filtered(except facet: String?) throws(IndexError) -> XapianQuery {
                let active = groups.filter { $0.facet != facet }.map(\.query)
                return active.isEmpty ? query : try XapianQuery.combine(.filter, [query] + active)
            }
            let page = try database.search(
                SearchRequest(
                    query: try filtered(except: nil), offset: max(0, options.offset), limit: max(0, options.limit),
                    facetSlots: slots, bm25: options.bm25,
                    sortSlot: options.sort == .relevance ? nil : Schema.date.range?.slot,
                    sortDescending: options.sort == .newest))
            let snippets = SnippetMaker(analyzer: analyzer, terms: highlight)
            let queryTerms = options.explain ? try query.terms() : []
            var hits: [SearchHit] = []
            for (index, hit) in page.hits.enumerated() {
                guard let item = try? decoder.decode(IndexedItem.self, from: hit.data) else {
                    throw IndexError.corrupt(path: database.path, detail: "a document's stored data does not decode")
                }
                var found = SearchHit(
                    rank: options.offset + index + 1, score: hit.weight, item: item,
                    snippet: options.snippets ? snippets.snippet(of: item) : Snippet(text: "", highlights: []))
                if options.explain { found.explanation = try explain(item: item, terms: queryTerms, bm25: options.bm25) }
                hits.append(found)
            }
            var counted: [(name: String, counts: [FacetCount])] = []
            for (index, name) in options.facets.enumerated() {
                var counts = page.facets[index]
                if groups.contains(where: { $0.facet == name }) {
                    let own = try database.search(
                        SearchRequest(
                            query: try filtered(except: name), offset: 0, limit: 0, facetSlots: [slots[index]],
                            bm25: Self.defaultBM25))
                    counts = own.facets.first ?? []
                }
                if options.facetLimit > 0 { counts = Array(counts.prefix(options.facetLimit)) }
                counted.append((name, try displayed(counts, facet: facets[index])))
            }
            return SearchResult(query: text, total: page.total, hits: hits, facets: counted)
        } catch let error as SearchError {
            throw error
        } catch let error as IndexError {
            throw .index(error)
        } catch {
            throw .index(.xapian(operation: "search", detail: "\(error)"))
        }
    }

    /// The BM25 weight of each query term in a hit, as Xapian's BM25Weight computes it.
    private func explain(item: IndexedItem, terms: [String], bm25: BM25) throws(IndexError) -> [TermContribution] {
        let stats = try database.termStats(idTerm: Schema.idTerm(item.id), terms: terms)
        var contributions: [TermContribution] = []
        for (index, term) in terms.enumerated() where stats.wdf[index] > 0 {
            let (field, word) = Schema.field(ofTerm: term)
            let n = Double(stats.documentCount), df = Double(stats.termFrequency[index])
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

    /// A corrected query: each unfielded word the index does not know, replaced by the closest
    /// word of its spelling dictionary; offered only if it finds more than the query did.
    private func suggestion(
        for node: QueryNode, text: String, total: Int, options: SearchOptions
    ) throws(SearchError) -> String? {
        var corrected = text
        var changed = false
        for word in Self.plainWords(node) {
            let tokens = analyzer.tokens(word, stemmed: true).filter { !$0.isJoined }
            guard tokens.count == 1 else { continue }
            do {
                guard try !database.termExists(tokens[0].text) else { continue }
                guard let better = try database.spellingSuggestion(for: word.lowercased()), better != word.lowercased()
                else { continue }
                if let range = corrected.range(of: word) {
                    corrected.replaceSubrange(range, with: better)
                    changed = true
                }
            } catch {
                throw .index(error)
            }
        }
        guard changed, corrected != text else { return nil }
        var quiet = options
        quiet.suggest = false
        quiet.relax = false
        quiet.limit = 0
        quiet.explain = false
        guard let found = try? search(corrected, options: quiet), found.total > total else { return nil }
        return corrected
    }

    /// The unfielded single words of a query, in order.
    private static func plainWords(_ node: QueryNode) -> [String] {
        switch node {
        case .word(nil, let text): return [text]
        case .and(let children), .or(let children): return children.flatMap(plainWords)
        default: return []
        }
    }

    /// Facet counts with keyed values (people, skills) turned into their display spelling.
    private func displayed(_ counts: [FacetCount], facet: Schema.Facet) throws(SearchError) -> [FacetCount] {
        guard facet.keying.isKeyed else { return counts }
        do {
            return try counts.map { count throws(IndexError) -> FacetCount in
                let spelling = try database.metadata(Schema.displayKey(facet, key: count.value))
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
        case .and(let children), .or(let children), .near(let children, _, _):
            return children.reduce(into: Set<String>()) { $0.formUnion(highlightTerms($1)) }
        case .boost(let inner, _):
            return highlightTerms(inner)
        case .not, .range, .wildcard:
            return []
        }
    }
}
