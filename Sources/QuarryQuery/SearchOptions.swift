import QuarryIndex
import QuarryModel

/// What to search for, how to narrow, sort and page, and how to rank. The ranking defaults
/// live here (and in `Planner.Ranking` and `Feedback`), measured with `quarry eval`.
public struct SearchOptions: Sendable {
    /// How hits are ordered.
    public enum Sort: String, Sendable, CaseIterable {
        case relevance
        /// Oldest first.
        case date
        /// Newest first.
        case newest = "-date"
    }

    /// The facets to count, by name.
    public var facets: [String]
    public var limit: Int
    public var offset: Int
    /// All words required, or any word.
    public var match: Planner.Match
    /// With `.all`, run the query again with `.any` when it finds nothing.
    public var relax: Bool
    /// Drill-down filters: values of one facet combine with OR, facets with AND.
    public var filters: [FacetFilter]
    public var sort: Sort
    /// Facet values to return per facet (0: all).
    public var facetLimit: Int
    /// Explain each hit's score term by term.
    public var explain: Bool
    /// Suggest a corrected query when few documents match.
    public var suggest: Bool
    /// Make a snippet for each hit (evaluation runs do without).
    public var snippets = true
    /// How many hits of a page, from its first, get a snippet: a long page as people read it. The
    /// hits after (a script asking for 1,000) have an empty snippet, which saves reading and cutting
    /// their text.
    public var snippetHits = SearchOptions.defaultSnippetHits
    /// The default of `snippetHits`.
    public static let defaultSnippetHits = 100
    /// Read the query strictly (`--strict`): what is not valid syntax, or a value a field cannot
    /// take, is an error naming its column or value. By default the query is read leniently, with
    /// notices (see `QueryGrammar`).
    public var strict = false
    /// The most words one wildcard expands to; a wildcard matching more is cut to its most
    /// frequent words, with a notice. Measured on 74,728 arXiv records: see docs/RELEVANCE.md.
    public var wildcardLimit = SearchOptions.defaultWildcardLimit
    /// The default of `wildcardLimit`.
    public static let defaultWildcardLimit = 10_000
    /// BM25 parameters: k1 2.0 and b 0.9 were best or near-best on all of Cranfield, ADI and
    /// MED (docs/RELEVANCE.md; Robertson's 1.2 / 0.75 were worse on each).
    public var bm25 = BM25(k1: 2.0, b: 0.9, minNormalizedLength: 0.5)
    /// How `.any` queries are ranked beyond BM25 (the planner's part).
    public var ranking = Planner.Ranking()
    /// Pseudo-relevance feedback for `.any` queries.
    public var feedback = Feedback()

    public init(
        facets: [String] = Schema.facetNames, limit: Int = 10, offset: Int = 0, match: Planner.Match = .all,
        relax: Bool = true, filters: [FacetFilter] = [], sort: Sort = .relevance, facetLimit: Int = 0,
        explain: Bool = false, suggest: Bool = true
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

/// Pseudo-relevance feedback for `.any` queries: the best terms of the query's best hits re-rank
/// what the query matches (they never add matches), at a lower weight. The defaults were measured
/// with `quarry eval` (docs/RELEVANCE.md): the 20 best terms of the 15 best hits, at 0.15 of the
/// query's weight.
public struct Feedback: Sendable, Equatable {
    /// How many top hits to expand from (0: off).
    public var documents: Int
    /// How many expansion terms to add.
    public var terms: Int
    /// Their weight against the query's.
    public var weight: Double
    /// How many of the query's best hits the expansion terms rank again (0: every hit): the
    /// re-ranking depth. Below it hits keep the query's own order, so a search weighs the
    /// expansion terms on this many documents, not on every match.
    public var depth: Int

    public init(documents: Int = 15, terms: Int = 20, weight: Double = 0.15, depth: Int = 1000) {
        self.documents = documents
        self.terms = terms
        self.weight = weight
        self.depth = depth
    }
}

/// One drill-down filter, `--filter FACET:VALUE`: only hits with VALUE in the facet.
public struct FacetFilter: Sendable, Equatable {
    /// The facet's name (`author`).
    public var facet: String
    /// The value, as shown in the facet's counts (`Ahan Gupta`).
    public var value: String

    public init(facet: String, value: String) {
        self.facet = facet
        self.value = value
    }

    /// Reads `FACET:VALUE` as the command line, `serve` and the web page take it: the facet one of
    /// the schema's, quotes around the value removed. Throws `SearchError.badFilter` naming the text.
    public init(parsing text: String) throws(SearchError) {
        let facets = Schema.facetNames.joined(separator: ", ")
        guard let colon = text.firstIndex(of: ":"), Schema.facetNames.contains(String(text[..<colon])) else {
            throw .badFilter("--filter takes FACET:VALUE with a facet among \(facets): '\(text)'")
        }
        var value = String(text[text.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        if value.count >= 2, value.first == "\"", value.last == "\"" { value = String(value.dropFirst().dropLast()) }
        guard !value.isEmpty else { throw .badFilter("--filter '\(text)' has no value") }
        self.init(facet: String(text[..<colon]), value: value)
    }
}
