import QuarryIndex
import QuarryModel

/// Drill-down filters and the facet counts beside them (drill-sideways).
///
/// The hits match the query and every filter; values of one facet combine with OR, facets with
/// AND. A filter value matches what the field matches in a query (`--filter venue:LG` finds what
/// `venue:LG` finds), and the exact facet value too (`Planner.filter`). A facet that has a filter of its own is counted again over the query and the *other*
/// facets' filters only, so the user still sees how many hits each other value of that facet
/// would give (multi-select). Keyed facets (people, skills) count keys, shown in the display
/// spelling the index keeps for each.
struct DrillSideways {
    /// The facets to count, by name, in the order asked.
    let facets: [(name: String, facet: Schema.Facet)]
    /// Each filtered facet's OR of its values' terms, by facet name, in name order.
    private let filters: [(facet: String, query: XapianQuery)]

    /// Checks the facet names of `facets` and `filters` against the schema; `planner` plans each filter.
    init(facets names: [String], filters: [FacetFilter], planner: Planner) throws(SearchError) {
        var facets: [(String, Schema.Facet)] = []
        // A facet named twice is counted once, where it was first named.
        for name in names where !facets.contains(where: { $0.0 == name }) {
            guard let facet = Schema.field(named: name)?.facet else { throw .unknownFacet(name) }
            facets.append((name, facet))
        }
        self.facets = facets
        var groups: [(String, XapianQuery)] = []
        for (name, values) in Dictionary(grouping: filters, by: \.facet).sorted(by: { $0.key < $1.key }) {
            guard let field = Schema.field(named: name), field.facet != nil else { throw .unknownFacet(name) }
            do {
                let queries = try values.map { try planner.filter(field: field, value: $0.value) }
                groups.append((name, queries.count == 1 ? queries[0] : try XapianQuery.combine(.or, queries)))
            } catch let error as IndexError {
                throw .index(error)
            } catch {
                throw .plan(QueryPlanError(message: "\(error)"))
            }
        }
        self.filters = groups
    }

    /// The value slots to count on the page's own pass.
    var slots: [UInt32] { facets.map(\.facet.slot) }

    /// `query` narrowed by every filter but those on the facet `except`.
    func narrowed(_ query: XapianQuery, except facet: String? = nil) throws(IndexError) -> XapianQuery {
        let active = filters.filter { $0.facet != facet }.map(\.query)
        return active.isEmpty ? query : try XapianQuery.combine(.filter, [query] + active)
    }

    /// The facet counts for `query`: the page's own counts (`page`, counted with every filter), a
    /// filtered facet counted again without its own filter by `count`, at most `limit` values each
    /// (0: all), keyed values in their display spelling; and how many values each facet has in all.
    func counts(
        of query: XapianQuery, page: SearchPage, limit: Int, database: XapianDatabase,
        count: (XapianQuery, UInt32) throws(IndexError) -> (counts: [FacetCount], distinct: Int)
    ) throws(IndexError) -> (facets: [(name: String, counts: [FacetCount])], totals: [String: Int]) {
        var result: [(name: String, counts: [FacetCount])] = []
        var totals: [String: Int] = [:]
        for (index, (name, facet)) in facets.enumerated() {
            var counts = page.facets[index]
            var distinct = page.distinct[index]
            if filters.contains(where: { $0.facet == name }) {
                (counts, distinct) = try count(try narrowed(query, except: name), facet.slot)
            }
            totals[name] = distinct
            if limit > 0 { counts = Array(counts.prefix(limit)) }
            result.append((name, try displayed(counts, facet: facet, database: database)))
        }
        return (result, totals)
    }

    /// Facet counts with keyed values (people, skills) turned into their display spelling.
    private func displayed(
        _ counts: [FacetCount], facet: Schema.Facet, database: XapianDatabase
    ) throws(IndexError) -> [FacetCount] {
        guard facet.keying.isKeyed else { return counts }
        return try counts.map { count throws(IndexError) -> FacetCount in
            let spelling = try database.metadata(Schema.displayKey(facet, key: count.value))
            return FacetCount(value: spelling.isEmpty ? count.value : spelling, count: count.count)
        }
    }
}
