import Foundation
import QuarryAnalysis
import QuarryIndex
import QuarryModel

/// Runs queries against an index: parse once, look up `authored:` people, plan once with the
/// indexer's analyzer, run, and rank with BM25.
///
/// One search is one path: the text is parsed once into a `QueryNode`; everything after works
/// on that node. Relaxing (all words → any word) plans the same node again with `.any`; the
/// spelling suggestion corrects the node's words and counts what the corrected node finds.
public final class Searcher {
    /// How much work the searcher has done, for tests and measurements.
    public struct Work: Sendable, Equatable {
        /// Query texts parsed.
        public var parses = 0
        /// Xapian match passes (a page, a facet recount, a count, a feedback or `authored:` lookup).
        public var matchPasses = 0
    }

    /// The work done since the searcher opened.
    public private(set) var work = Work()

    /// Expansion terms (more like this, feedback) are body words of three bytes or more.
    static let bodyTerms = ExpansionFilter(excludedPrefixes: Schema.termPrefixes, minLength: 3)

    private let location: IndexLocation
    private let database: XapianDatabase
    /// The catalog, opened the first time a stored item is made whole (`whole(_:)`).
    private var catalog: CatalogReader?
    private let analyzer: Analyzer
    private let synonyms: Synonyms
    private let decoder = JSONDecoder()

    /// The synonyms file of an index: `synonyms.txt` in its folder.
    public static func synonymsPath(_ location: IndexLocation) -> String { location.path + "/synonyms.txt" }

    /// Opens the index at `location` for reading; throws `.index(.incompatible)` when it was
    /// written by another schema version or analyzer, `.index(.missingIndex)` when there is none.
    public init(location: IndexLocation) throws(SearchError) {
        guard location.exists else { throw .index(.missingIndex(path: location.path)) }
        self.location = location
        do throws(AnalysisError) {
            analyzer = try Analyzer()
        } catch {
            throw .index(.analyzer(error))
        }
        do {
            database = try XapianDatabase(path: location.xapianPath, writable: false)
            try IndexFormat(analyzer: analyzer).check(database, indexPath: location.path)
            try database.useFacetColumns(at: location.facetColumnsPath)
        } catch {
            throw .index(error)
        }
        let text = (try? String(contentsOfFile: Self.synonymsPath(location), encoding: .utf8)) ?? ""
        synonyms = Synonyms(text: text, analyzer: analyzer)
    }

    /// Moves to the index's newest committed revision (or the compacted copy that replaced it), if
    /// a writer committed since this searcher opened or last refreshed: a long-lived reader
    /// (`serve`) calls it before each request.
    public func refresh() throws(SearchError) {
        try indexed { () throws(IndexError) in try database.refresh() }
    }

    /// Runs a query: read leniently (or strictly, `options.strict`), with the notices of how it
    /// was read and run in the result.
    public func search(_ text: String, options: SearchOptions = SearchOptions()) throws(SearchError) -> SearchResult {
        do {
            return try run(text, options: options)
        } catch .plan(let error) {
            // A refusal about one place of the query points at it, as a syntax error does.
            guard let column = error.column(in: text) else { throw .plan(error) }
            throw .syntax(QuerySyntaxError(message: error.message, column: column), query: text)
        }
    }

    /// `search` before its plan errors are placed in the query.
    private func run(_ text: String, options: SearchOptions) throws(SearchError) -> SearchResult {
        try QueryLimits.check(options)
        try QueryLimits.check(text: text)
        let reading = try read(text, strict: options.strict)
        if let node = reading.node { try QueryLimits.check(node, analyzer: analyzer) }
        var notices = reading.notices
        let corrections = try reading.node.map(corrections(of:)) ?? []
        notices += corrections.map(SpellingSuggester.notice)
        let planner = try planner(for: reading.node, options: options, notices: &notices)
        let drill = try DrillSideways(facets: options.facets, filters: options.filters, planner: planner)
        guard let typed = reading.node else {
            var result = SearchResult(query: text, total: 0, hits: [], facets: drill.facets.map { ($0.name, []) })
            result.notices = QueryNotice.capped(notices)
            return result
        }
        // A misspelt word is searched as typed and as its correction.
        let node = SpellingSuggester.widened(typed, by: corrections)
        let highlight = SnippetMaker.highlightTerms(of: node, analyzer: analyzer)
        let titles = try titleBonus(for: node, options: options)
        var result = try page(
            of: try ranked(plan(node, with: planner, match: options.match, options: options), titles), text: text,
            highlight: highlight, drill: drill, options: options)
        result.match = options.match
        if options.suggest, !corrections.isEmpty {
            result.suggestion = SpellingSuggester.corrected(typed, by: corrections).queryText
        }
        if result.total == 0, options.match == .all, options.relax, case .and(let words) = node, words.count > 1 {
            let relaxed = try page(
                of: try ranked(plan(node, with: planner, match: .any, options: options), titles), text: text,
                highlight: highlight, drill: drill, options: options)
            if relaxed.total > 0 {
                let suggestion = result.suggestion
                result = relaxed
                result.match = .any
                result.relaxed = true
                result.suggestion = suggestion
            }
        }
        result.notices = QueryNotice.capped(notices + planner.notices.filter { !notices.contains($0) })
        return result
    }

    /// Papers or resumes like the item with id `given` (or an arXiv id or DOI it holds; more like
    /// this), excluding the item itself.
    public func similar(to given: String, options: SearchOptions = SearchOptions()) throws(SearchError) -> SearchResult
    {
        try QueryLimits.check(options)
        let id = try storedItem(id: given).id
        let drill = try DrillSideways(
            facets: options.facets, filters: options.filters, planner: Planner(analyzer: analyzer, synonyms: synonyms))
        let idTerm = Schema.idTerm(id)
        // Its 25 most distinctive words; when none of them is another item's (in a small folder they
        // may all be its own), its 25 most distinctive words that another item has too.
        var result = SearchResult(query: "similar:\(id)", total: 0, hits: [], facets: [])
        for minFrequency in [0, 2] {
            let terms = try indexed { () throws(IndexError) in
                try database.similarTerms(idTerm: idTerm, count: 25, filter: Self.bodyTerms, minFrequency: minFrequency)
            }
            guard !terms.isEmpty else { continue }
            let query = try indexed { () throws(IndexError) in
                let like = try XapianQuery.combine(
                    .or, terms.map { term throws(IndexError) in try XapianQuery.term(term) })
                return try XapianQuery.combine(.andNot, [like, XapianQuery.term(idTerm)])
            }
            result = try page(
                of: Planned(matching: query), text: "similar:\(id)", highlight: Set(terms), drill: drill,
                options: options)
            if result.total > 0 { break }
        }
        return result
    }

    /// A person, found by name (`Ahan Gupta`, any case or accents): every paper they wrote (from
    /// all sources), their resume if indexed, their co-authors and venues, most frequent first.
    /// Throws `.notFound` when no paper or resume has the person.
    public func person(named name: String) throws(SearchError) -> Person {
        guard let term = Schema.personTerm(name: name) else { throw .notFound("person:\(name)") }
        let everything = try indexed { () throws(IndexError) in try database.documentCount() }
        var options = SearchOptions(facets: [], limit: everything, relax: false, sort: .newest, suggest: false)
        options.snippets = false
        let query = try indexed { () throws(IndexError) in try XapianQuery.term(term) }
        let result = try page(
            of: Planned(matching: query), text: "person:\(name)", highlight: [],
            drill: try DrillSideways(facets: [], filters: [], planner: Planner(analyzer: analyzer)), options: options)
        guard !result.hits.isEmpty else { throw .notFound("person:\(name)") }
        return Person(name: name, items: result.hits.map(\.item))
    }

    /// The item with `id`, whole (its full texts from the catalog), with all its sources; `id` may
    /// also be an arXiv id or a DOI the item holds (`2503.11731`, `arXiv:2503.11731v2`,
    /// `10.1145/3341301.3359630`).
    public func item(id: String) throws(SearchError) -> IndexedItem {
        let stored = try storedItem(id: id)
        return try indexed { () throws(IndexError) in try whole(stored) }
    }

    /// The stored form of the item with `id` (see `item(id:)`).
    private func storedItem(id: String) throws(SearchError) -> IndexedItem {
        var data = try indexed { () throws(IndexError) in try database.documentData(idTerm: Schema.idTerm(id)) }
        if data == nil, let (field, value) = Identifier.field(of: id) {
            data = try indexed { () throws(IndexError) in try database.documentData(idTerm: field.booleanTerm(value)) }
        }
        guard let data else { throw .notFound(id) }
        return try indexed { () throws(IndexError) in try decode(data, id: id) }
    }

    /// A stored item made whole: the catalog's records merged again when its stored form left
    /// full texts out (`IndexedItem.catalogKey`), else the item as stored.
    private func whole(_ item: IndexedItem) throws(IndexError) -> IndexedItem {
        guard item.catalogKey != nil else { return item }
        if catalog == nil { catalog = try CatalogReader(location: location) }
        return try catalog!.wholeItem(item)
    }

    // MARK: - The path of one query

    /// Reads query text into its AST, with the schema's fields: the only parse of a search.
    private func read(_ text: String, strict: Bool) throws(SearchError) -> ReadQuery {
        work.parses += 1
        do throws(QuerySyntaxError) {
            var reading = try QueryGrammar.read(text, fields: Schema.queryFieldNames, strict: strict)
            reading.node = reading.node.map(Planner.gatheringAuthored)
            return reading
        } catch {
            throw .syntax(error, query: text)
        }
    }

    /// A planner for `node`, with this index's synonyms, the expansions of its wildcards and the
    /// people of its `authored:(Q)` parts. Each wildcard expands to its most frequent
    /// `options.wildcardLimit` words (a notice says when it matched more). Each inner query Q is
    /// run over papers (innermost first), its authors' keys collected from the author facet (at most
    /// `QueryLimits.authoredPeople` for all parts together, the most prolific in Q first, with a
    /// notice). These
    /// passes come before planning, so the planner never reads the index.
    private func planner(
        for node: QueryNode?, options: SearchOptions, notices: inout [QueryNotice]
    ) throws(SearchError) -> Planner {
        var planner = Planner(analyzer: analyzer, synonyms: synonyms)
        planner.strict = options.strict
        guard let node else { return planner }
        let wildcards = planner.wildcardPrefixes(of: node)
        // All wildcards together expand to at most `QueryLimits.wildcardWords`, in equal shares.
        let occurrences = max(wildcards.count, QueryLimits.wildcards(in: node))
        let share = QueryLimits.wildcardWords / max(1, occurrences)
        let limit = max(1, min(options.wildcardLimit, share))
        for (prefix, typed) in wildcards {
            let (terms, total) = try indexed { () throws(IndexError) in
                try database.terms(startingWith: prefix, limit: limit)
            }
            planner.expansions[prefix] = terms
            if total > terms.count {
                let why =
                    limit < options.wildcardLimit
                    ? "the query's \(occurrences) wildcards share \(QueryLimits.wildcardWords) words"
                    : "the limit is \(options.wildcardLimit)"
                notices.append(
                    QueryNotice(
                        "\(typed) matches \(total) words: the \(terms.count) most frequent were searched (\(why))"))
            }
        }
        // All `authored:` parts together stand for at most `QueryLimits.authoredPeople`, in equal shares.
        let parts = planner.authoredParts(of: node)
        let people = max(1, QueryLimits.authoredPeople / max(1, Set(parts).count))
        for inner in parts.reversed() where planner.people[inner] == nil {
            guard let papers = try planned({ try planner.papers(authoring: inner) }) else { continue }
            do throws(IndexError) {
                let authors = try pass(
                    SearchRequest(
                        query: papers, offset: 0, limit: 0, facetSlots: [Schema.author.facet!.slot],
                        bm25: SearchOptions().bm25, facetLimit: people))
                planner.people[inner] = authors.facets.first?.map(\.value) ?? []
                if let distinct = authors.distinct.first, distinct > people {
                    let why =
                        people < QueryLimits.authoredPeople
                        ? "the query's \(Set(parts).count) authored: parts share \(QueryLimits.authoredPeople) people"
                        : "the limit is \(QueryLimits.authoredPeople)"
                    notices.append(
                        QueryNotice(
                            "authored:(\(inner)) stands for \(distinct) people: the \(people) with the most matching "
                                + "papers were searched (\(why))"))
                }
            } catch {
                throw .index(error)
            }
        }
        return planner
    }

    /// The Xapian query of `node` combined as `match` says; for `.any`, with the options' ranking
    /// and pseudo-relevance feedback: the query or, weighted lower, the best terms of its top hits.
    private func plan(
        _ node: QueryNode, with planner: Planner, match: Planner.Match, options: SearchOptions
    ) throws(SearchError) -> Planned {
        let query = try planned { try planner.plan(node, match: match, ranking: options.ranking) }
        var plan = Planned(matching: query)
        let feedback = options.feedback
        guard match == .any, feedback.documents > 0 else { return plan }
        do throws(IndexError) {
            work.matchPasses += 1
            let terms = try database.feedbackTerms(
                for: try plan.ranking(), bm25: options.bm25, topDocuments: feedback.documents, count: feedback.terms,
                filter: Self.bodyTerms)
            guard !terms.isEmpty else { return plan }
            // The expansion only re-ranks what the user's words match: the match set, the total and
            // the facet counts stay those of the query as typed.
            let more = try XapianQuery.combine(.or, terms.map { term throws(IndexError) in try XapianQuery.term(term) })
            plan.feedback = try more.scaled(by: feedback.weight)
            return plan
        } catch {
            throw .index(error)
        }
    }

    /// Runs the planner, sorting its errors into plan and index errors.
    private func planned<T>(_ body: () throws -> T) throws(SearchError) -> T {
        do {
            return try body()
        } catch let error as QueryPlanError {
            throw .plan(error)
        } catch let error as IndexError {
            throw .index(error)
        } catch {
            throw .plan(QueryPlanError(message: "\(error)"))
        }
    }

    /// The corrections of `node`'s misspelt words (see `SpellingSuggester`).
    private func corrections(of node: QueryNode) throws(SearchError) -> [SpellingSuggester.Correction] {
        try indexed { () throws(IndexError) in
            try SpellingSuggester(analyzer: analyzer, database: database).corrections(node)
        }
    }

    /// The fixed weights that put the items whose title the query is first (see `TitleMatch`),
    /// as one query of `FixedWeight` parts, each filtered by its items' id terms; nil when the
    /// query is no title, no title is it, or hits are sorted by date. One match pass over titles.
    private func titleBonus(for node: QueryNode, options: SearchOptions) throws(SearchError) -> XapianQuery? {
        guard options.sort == .relevance, let match = TitleMatch(node, analyzer: analyzer) else { return nil }
        return try indexed { () throws(IndexError) in
            let found = try pass(
                SearchRequest(
                    query: try match.candidates(), offset: 0, limit: TitleMatch.candidates, facetSlots: [],
                    bm25: options.bm25))
            var items: [Double: [XapianQuery]] = [:]
            for hit in found.hits {
                guard let item = try? decoder.decode(Titled.self, from: hit.data),
                    let bonus = match.bonus(for: item.title, analyzer: analyzer)
                else { continue }
                items[bonus, default: []].append(try XapianQuery.term(Schema.idTerm(item.id)))
            }
            guard !items.isEmpty else { return nil }
            let parts = try items.sorted { $0.key > $1.key }.map { bonus, ids throws(IndexError) in
                let which = ids.count == 1 ? ids[0] : try XapianQuery.combine(.or, ids)
                return try XapianQuery.combine(.filter, [XapianQuery.fixedWeight(bonus), which])
            }
            return parts.count == 1 ? parts[0] : try XapianQuery.combine(.or, parts)
        }
    }

    /// The id and title of a stored item, all that `titleBonus` reads of it.
    private struct Titled: Decodable {
        var id: String
        var title: String
    }

    /// A planned query: the documents of `matching`, ranked by it plus `weights`, the parts that
    /// only add weight to a match (the title bonus), and then the first `Feedback.depth` hits
    /// ranked again with the `feedback` terms added. A facet counted again without its own
    /// filter (drill-sideways) is counted over `matching`, which has the same matches and fewer terms.
    struct Planned {
        var matching: XapianQuery
        var weights: [XapianQuery] = []
        /// The expansion terms of pseudo-relevance feedback, weighted; they re-rank the best hits.
        var feedback: XapianQuery?

        /// `matching` AND_MAYBE the OR of `weights`, as one AND_MAYBE (the ranking before
        /// feedback): Xapian 1.4.22 can skip a document that belongs on the page when AND_MAYBEs
        /// are nested over a left side of no weight and it may prune (`testbed this` on the 74,728
        /// arXiv records lost its second hit).
        func ranking() throws(IndexError) -> XapianQuery {
            guard !weights.isEmpty else { return matching }
            let more = weights.count == 1 ? weights[0] : try XapianQuery.combine(.or, weights)
            return try XapianQuery.combine(.andMaybe, [matching, more])
        }
    }

    /// `plan` ranked with the title bonus, which re-ranks and never adds a match.
    private func ranked(_ plan: Planned, _ titles: XapianQuery?) -> Planned {
        guard let titles else { return plan }
        var ranked = plan
        ranked.weights.append(titles)
        return ranked
    }

    /// Runs a planned query with the options' filters, sort, page and facets: the hits with their
    /// snippets (and explanations), the total and the facet counts (see `DrillSideways`).
    private func page(
        of planned: Planned, text: String, highlight: Set<String>, drill: DrillSideways, options: SearchOptions
    ) throws(SearchError) -> SearchResult {
        do throws(IndexError) {
            let query = try planned.ranking()
            let rescoring = options.sort == .relevance ? planned.feedback : nil
            let depth = rescoring == nil ? 0 : max(0, options.feedback.depth)
            let page = try pass(
                SearchRequest(
                    query: try drill.narrowed(query), offset: max(0, options.offset), limit: max(0, options.limit),
                    facetSlots: drill.slots, bm25: options.bm25,
                    sortSlot: options.sort == .relevance ? nil : Schema.date.range?.slot,
                    sortDescending: options.sort == .newest, facetLimit: max(0, options.facetLimit),
                    rescore: rescoring, rescoreDepth: depth))
            let snippets = SnippetMaker(analyzer: analyzer, terms: highlight)
            // A hit above the re-ranking depth is scored with the feedback terms, one below without.
            let firstTerms = options.explain ? try query.terms() : []
            let rescoredTerms = options.explain ? try firstTerms + (rescoring?.terms() ?? []) : []
            var hits: [SearchHit] = []
            for (index, hit) in page.hits.enumerated() {
                let item = try decode(hit.data, id: nil)
                let rank = options.offset + index + 1
                // A snippet is cut from the whole item (a PDF's pages, a resume's sections); a
                // catalog that cannot be read leaves the stored text to cut it from.
                var found = SearchHit(
                    rank: rank, score: hit.weight, item: item,
                    snippet: options.snippets && index < options.snippetHits
                        ? snippets.snippet(of: (try? whole(item)) ?? item) : Snippet(text: "", highlights: []))
                if options.explain {
                    found.explanation = try ScoreExplanation.contributions(
                        of: depth == 0 || rank <= depth ? rescoredTerms : firstTerms, to: item, bm25: options.bm25,
                        in: database)
                }
                hits.append(found)
            }
            let (facets, totals) = try drill.counts(
                of: planned.matching, page: page, limit: options.facetLimit, database: database
            ) { narrowed, slot throws(IndexError) in
                let own = try pass(
                    SearchRequest(
                        query: narrowed, offset: 0, limit: 0, facetSlots: [slot], bm25: options.bm25,
                        facetLimit: max(0, options.facetLimit)))
                return (own.facets.first ?? [], own.distinct.first ?? 0)
            }
            var result = SearchResult(query: text, total: page.total, hits: hits, facets: facets)
            result.facetTotals = totals
            return result
        } catch {
            throw .index(error)
        }
    }

    /// Runs an index operation, its errors as search errors.
    private func indexed<T>(_ body: () throws(IndexError) -> T) throws(SearchError) -> T {
        do {
            return try body()
        } catch {
            throw .index(error)
        }
    }

    /// One Xapian match pass.
    private func pass(_ request: SearchRequest) throws(IndexError) -> SearchPage {
        work.matchPasses += 1
        return try database.search(request)
    }

    /// The stored item of a hit (`id` names it in the error, when known).
    private func decode(_ data: Data, id: String?) throws(IndexError) -> IndexedItem {
        do {
            return try decoder.decode(IndexedItem.self, from: data)
        } catch {
            throw .storedData(what: "item \(id ?? "of a hit") in \(database.path)", detail: "does not decode: \(error)")
        }
    }
}
