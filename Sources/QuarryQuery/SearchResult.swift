import QuarryIndex
import QuarryModel

/// One ranked hit.
public struct SearchHit: Sendable {
    /// 1-based, counting from the first hit of the first page.
    public var rank: Int
    /// The BM25 score (Xapian's weight).
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
    /// How the query was read and run where the user should know: text read leniently, unknown
    /// fields, wildcards cut, words ignored, synonyms added (see `QueryNotice`).
    public var notices: [QueryNotice] = []
    /// How many distinct values each counted facet has over the whole match set, by facet name,
    /// before `SearchOptions.facetLimit` cut the lists in `facets`.
    public var facetTotals: [String: Int] = [:]
}
