import QuarryModel
import QuarryQuery

/// The JSON API's parameters, named and defaulted as the command line's options, so
/// `/api/search?q=Q&filter=F` answers exactly what `quarry search Q --filter F --json` prints.
enum APIRequest {
    /// `q` (required), `filter` (repeatable, FACET:VALUE), `facet` (repeatable), `limit` (10),
    /// `offset` (0), `sort`, `match`, `facet-limit` (10), `explain`, `feedback`, `strict`.
    static func search(_ parameters: QueryString, defaultFacets: [String]) throws(InvalidParameter) -> (
        String, SearchOptions
    ) {
        let query = parameters.first("q") ?? ""
        guard !query.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw InvalidParameter(message: "empty query: pass q=…")
        }
        let facets = parameters.values("facet")
        for facet in facets where !Schema.facetNames.contains(facet) {
            throw InvalidParameter(
                message: "unknown facet '\(facet)' (facets: \(Schema.facetNames.joined(separator: ", ")))")
        }
        var options = SearchOptions(
            facets: facets.isEmpty ? defaultFacets : facets, limit: try count(parameters, "limit", 10),
            offset: try count(parameters, "offset", 0), match: try choice(parameters, "match", .all),
            relax: parameters.first("match") == nil,
            filters: try filters(parameters), sort: try choice(parameters, "sort", .relevance),
            facetLimit: try count(parameters, "facet-limit", 10), explain: flag(parameters, "explain"))
        options.feedback.documents = try count(parameters, "feedback", Feedback().documents)
        options.strict = flag(parameters, "strict")
        return (query, options)
    }

    /// `id` (required), `limit` (10), `filter` (repeatable).
    static func similar(_ parameters: QueryString) throws(InvalidParameter) -> (String, SearchOptions) {
        let id = parameters.first("id") ?? ""
        guard !id.isEmpty else { throw InvalidParameter(message: "which item? pass id=…") }
        return (
            id,
            SearchOptions(limit: try count(parameters, "limit", 10), filters: try filters(parameters), facetLimit: 10)
        )
    }

    /// `filter=FACET:VALUE` values, parsed as `--filter` is.
    static func filters(_ parameters: QueryString) throws(InvalidParameter) -> [FacetFilter] {
        var filters: [FacetFilter] = []
        for text in parameters.values("filter") {
            do throws(SearchError) {
                filters.append(try FacetFilter(parsing: text))
            } catch {
                throw InvalidParameter(message: error.localizedDescription)
            }
        }
        return filters
    }

    private static func count(_ parameters: QueryString, _ name: String, _ fallback: Int) throws(InvalidParameter)
        -> Int
    {
        guard let text = parameters.first(name) else { return fallback }
        guard let value = Int(text), value >= 0 else {
            throw InvalidParameter(message: "\(name) must be a whole number, 0 or more: '\(text)'")
        }
        return value
    }

    private static func choice<T: RawRepresentable & CaseIterable>(
        _ parameters: QueryString, _ name: String, _ fallback: T
    ) throws(InvalidParameter) -> T where T.RawValue == String {
        guard let text = parameters.first(name) else { return fallback }
        guard let value = T(rawValue: text) else {
            throw InvalidParameter(
                message: "\(name) is one of \(T.allCases.map(\.rawValue).joined(separator: ", ")): '\(text)'")
        }
        return value
    }

    private static func flag(_ parameters: QueryString, _ name: String) -> Bool {
        guard let text = parameters.first(name) else { return false }
        return ["", "1", "true", "yes"].contains(text.lowercased())
    }
}

/// A request parameter the API cannot use (HTTP 400, the command line's exit status 64).
struct InvalidParameter: Error, Equatable {
    var message: String
}
