import QuarryModel
import QuarryQuery

/// Everything the search page shows, read from and written to its URL, so a page can be
/// shared, bookmarked and reached with the back button:
/// `/?q=moe&f=author:Vima+Gupta&f=year:2024&from=2023&to=2025&sort=-date&page=2&more=venue`.
struct SearchState: Sendable, Equatable {
    /// The query as typed (empty: everything).
    var query = ""
    /// Ticked facet values, as `--filter` takes them (`author:Vima Gupta`).
    var filters: [FacetFilter] = []
    /// The year range; either end may be open.
    var yearFrom: Int? = nil
    var yearTo: Int? = nil
    var sort: SearchOptions.Sort = .relevance
    var match: Planner.Match = .all
    /// 1-based page number.
    var page = 1
    /// A facet listed with all its values instead of the first few.
    var expanded: String? = nil

    /// Hits per page.
    static let pageSize = 10

    init() {}

    /// The state a URL's query string describes; unknown or malformed parts are ignored.
    init(_ parameters: QueryString) {
        query = parameters.first("q") ?? ""
        for text in parameters.values("f") {
            if let filter = try? FacetFilter(parsing: text), !filters.contains(filter) { filters.append(filter) }
        }
        yearFrom = parameters.int("from")
        yearTo = parameters.int("to")
        sort = parameters.first("sort").flatMap(SearchOptions.Sort.init(rawValue:)) ?? .relevance
        match = parameters.first("match").flatMap(Planner.Match.init(rawValue:)) ?? .all
        page = max(1, min(parameters.int("page") ?? 1, 10_000))
        expanded = parameters.first("more").flatMap { Schema.facetNames.contains($0) ? $0 : nil }
    }

    /// The query the searcher runs: the typed query and the year range; everything when both are empty.
    var effectiveQuery: String {
        var parts: [String] = []
        let typed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        if !typed.isEmpty { parts.append(yearFrom == nil && yearTo == nil ? typed : "(\(typed))") }
        if yearFrom != nil || yearTo != nil {
            parts.append("year:\(yearFrom.map(String.init) ?? "")..\(yearTo.map(String.init) ?? "")")
        }
        if parts.isEmpty { return Self.everything }
        return parts.joined(separator: " ")
    }

    /// A query every item matches: each has one of the kinds.
    static let everything = Kind.allCases.map { "kind:\($0.rawValue)" }.joined(separator: " OR ")

    /// Whether two values of a facet are one value (the same exact term, as drill-down filters match).
    func same(_ facet: String, _ a: String, _ b: String) -> Bool {
        guard let field = Schema.field(named: facet) else { return a == b }
        return field.facetTerm(a) == field.facetTerm(b)
    }

    /// Whether a facet value is ticked.
    func isTicked(_ facet: String, _ value: String) -> Bool {
        filters.contains { $0.facet == facet && same(facet, $0.value, value) }
    }

    /// The same state with a facet value ticked or unticked, back on the first page.
    func toggling(_ facet: String, _ value: String) -> SearchState {
        var next = self
        if isTicked(facet, value) {
            next.filters.removeAll { $0.facet == facet && same(facet, $0.value, value) }
        } else {
            next.filters.append(FacetFilter(facet: facet, value: value))
        }
        next.page = 1
        return next
    }

    /// The URL of this state (`/?…`), with defaults left out.
    var href: String {
        var parameters = QueryString()
        if !query.isEmpty { parameters.append("q", query) }
        for filter in filters { parameters.append("f", filter.facet + ":" + filter.value) }
        if let yearFrom { parameters.append("from", String(yearFrom)) }
        if let yearTo { parameters.append("to", String(yearTo)) }
        if sort != .relevance { parameters.append("sort", sort.rawValue) }
        if match != .all { parameters.append("match", match.rawValue) }
        if page > 1 { parameters.append("page", String(page)) }
        if let expanded { parameters.append("more", expanded) }
        let encoded = parameters.encoded
        return encoded.isEmpty ? "/" : "/?" + encoded
    }
}
