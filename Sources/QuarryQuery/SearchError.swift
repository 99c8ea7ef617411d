import Foundation
import QuarryIndex
import QuarryModel

/// Why a search failed: a message that names the query position, value, facet or path, and the
/// exit status the command gives it. The command and `serve --stdio` print these as they are.
public enum SearchError: LocalizedError, Equatable, Sendable {
    /// The query text does not parse.
    case syntax(QuerySyntaxError, query: String)
    /// The query parsed but cannot be run (a bad range, an unknown kind).
    case plan(QueryPlanError)
    /// An unknown facet name.
    case unknownFacet(String)
    /// A `--filter` that is not `FACET:VALUE`; the message says what is wrong.
    case badFilter(String)
    /// An option out of its range (a negative `limit`); the message names it.
    case badOption(String)
    /// A query over one of the `QueryLimits` (too long, too many words, wildcards that expand to
    /// too many words); the message names the limit.
    case tooLarge(String)
    /// The index is missing, of another version, or broken.
    case index(IndexError)
    /// No item has this id (`quarry show`, `quarry similar`).
    case notFound(String)

    public var errorDescription: String? {
        switch self {
        case .syntax(let error, _): return "query error at column \(error.column): \(error.message)"
        case .plan(let error): return "query error: \(error.message)"
        case .unknownFacet(let name):
            return "unknown facet '\(name)' (facets: \(Schema.facetNames.joined(separator: ", ")))"
        case .badFilter(let message), .badOption(let message): return message
        case .tooLarge(let message): return "query too large: \(message)"
        case .index(let error): return error.localizedDescription
        case .notFound(let id): return "no item with id '\(id)' (ids are shown in brackets after each hit)"
        }
    }

    /// For a syntax error, the query and a `^` under the column it is about (two lines); else nil.
    public var caret: String? {
        guard case .syntax(let error, let query) = self else { return nil }
        return QueryGrammar.caret(for: error, in: query)
    }

    /// The exit status (sysexits): 64 for a query or usage error, 66 for a missing index or item,
    /// 65 for an index of another version, 74 for one whose files cannot be read (`IndexError.exitCode`).
    public var exitCode: Int32 {
        switch self {
        case .syntax, .plan, .unknownFacet, .badFilter, .badOption, .tooLarge: return 64
        case .notFound: return 66
        case .index(let error): return error.exitCode
        }
    }
}
