/// A parsed query, before analysis.
public indirect enum QueryNode: Equatable, Sendable, CustomStringConvertible {
    /// One word as typed (may hold hyphens and dots: `GPT-2`, `1.55x`), in a field or the default one.
    case word(field: String?, text: String)
    /// A `"quoted text"`, without its quotes.
    case phrase(field: String?, text: String)
    /// `year:2023..2025`; either end may be open (`year:..2025`, `year:2023..`), not both.
    case range(field: String, low: String?, high: String?)
    /// Every child must match.
    case and([QueryNode])
    /// Any child may match.
    case or([QueryNode])
    /// The child must not match.
    case not(QueryNode)

    /// The golden-test form: `foo`, `author:foo`, `"a b"`, `year:2023..2025`, `AND(a, b)`, `OR(a, b)`, `NOT(a)`.
    public var description: String {
        switch self {
        case .word(let field, let text):
            return Self.prefix(field) + text
        case .phrase(let field, let text):
            return Self.prefix(field) + "\"" + text + "\""
        case .range(let field, let low, let high):
            return field + ":" + (low ?? "") + ".." + (high ?? "")
        case .and(let children):
            return "AND(" + children.map(\.description).joined(separator: ", ") + ")"
        case .or(let children):
            return "OR(" + children.map(\.description).joined(separator: ", ") + ")"
        case .not(let child):
            return "NOT(" + child.description + ")"
        }
    }

    private static func prefix(_ field: String?) -> String {
        field.map { $0 + ":" } ?? ""
    }
}
