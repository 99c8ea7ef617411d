/// A parsed query, before analysis.
public indirect enum QueryNode: Hashable, Sendable, CustomStringConvertible {
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
    /// `atten*`: any word that starts with `prefix`, which is as typed, without the `*`
    /// (never empty, at least 2 letters or digits; it may hold hyphens and dots like a word).
    case wildcard(field: String?, prefix: String)
    /// `a NEAR/3 b` or `a ADJ/2 b`: the children (at least two; each a `.word`, `.phrase` or
    /// `.wildcard`, all with the same field) occur close together in one document.
    ///
    /// `distance` (1...100) is the most word positions between neighbouring children:
    /// `NEAR/1` and `ADJ/1` mean side by side. With `ordered` false (`NEAR`) the children may come
    /// in any order; with `ordered` true (`ADJ`) each one follows the one before it. A chain of
    /// `k` children spans at most `distance × (k − 1)` positions from its first word to its last
    /// (a Xapian `OP_NEAR` or `OP_PHRASE` window of `distance × (k − 1) + 1`, widened by the
    /// extra words of phrase children).
    case near(children: [QueryNode], distance: Int, ordered: Bool)
    /// `moe^3`, `"a b"^2`, `(a b)^1.5`: the child with its weight multiplied by the factor,
    /// which is more than 0 and at most `QueryGrammar.maxBoost`.
    case boost(QueryNode, Double)

    /// The golden-test form: `foo`, `author:foo`, `"a b"`, `year:2023..2025`, `AND(a, b)`, `OR(a, b)`,
    /// `NOT(a)`, `title:atten*`, `NEAR/3(a, b)`, `ADJ/2(a, b)`, `BOOST(title:moe, 3)`, `BOOST(a, 1.5)`.
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
        case .wildcard(let field, let prefix):
            return Self.prefix(field) + prefix + "*"
        case .near(let children, let distance, let ordered):
            return (ordered ? "ADJ/" : "NEAR/") + String(distance) + "("
                + children.map(\.description).joined(separator: ", ") + ")"
        case .boost(let child, let factor):
            return "BOOST(" + child.description + ", " + Self.number(factor) + ")"
        }
    }

    private static func prefix(_ field: String?) -> String {
        field.map { $0 + ":" } ?? ""
    }

    /// The shortest spelling: `3` for 3.0, `1.5`, `0.25`.
    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

extension QueryNode {
    /// The query as a user would type it, which parses back to this node: `sparse attention`,
    /// `title:moe OR "mixture of experts"`, `-(a b)`, `(a b)^2`. Spacing and the spelling of
    /// operators are the grammar's own (`-x` for `NOT x`, `field:(a b)` as `field:a field:b`).
    public var queryText: String { Self.text(of: self, level: .sequence) }

    /// How tightly an operand is bound where it stands, loosest first (see `QueryGrammar`).
    private enum Level: Int, Comparable {
        case sequence, andOperand, orOperand, unary, boosted

        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    private static func text(of node: QueryNode, level: Level) -> String {
        func grouped(_ text: String, loosest: Level) -> String { level <= loosest ? text : "(" + text + ")" }
        switch node {
        case .word(let field, let text):
            return prefix(field) + text
        case .phrase(let field, let text):
            return prefix(field) + "\"" + text + "\""
        case .range(let field, let low, let high):
            return field + ":" + (low ?? "") + ".." + (high ?? "")
        case .wildcard(let field, let prefix):
            return Self.prefix(field) + prefix + "*"
        case .and(let children):
            return grouped(children.map { text(of: $0, level: .andOperand) }.joined(separator: " "), loosest: .sequence)
        case .or(let children):
            let joined = children.map { text(of: $0, level: .orOperand) }.joined(separator: " OR ")
            return grouped(joined, loosest: .andOperand)
        case .near(let children, let distance, let ordered):
            let separator = (ordered ? " ADJ/" : " NEAR/") + String(distance) + " "
            return grouped(
                children.map { text(of: $0, level: .unary) }.joined(separator: separator), loosest: .orOperand)
        case .not(let child):
            return grouped("-" + text(of: child, level: .unary), loosest: .unary)
        case .boost(let child, let factor):
            return grouped(text(of: child, level: .boosted) + "^" + number(factor), loosest: .unary)
        }
    }
}
