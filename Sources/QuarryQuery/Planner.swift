import QuarryAnalysis
import QuarryIndex
import QuarryModel

/// A query that parsed but cannot be run (a bad range, an unknown kind), naming the value.
public struct QueryPlanError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Turns a query AST into a Xapian query, analyzing every word with the indexer's analyzer
/// and field rules from the schema table, so a query term always meets the indexed term.
public struct Planner {
    private let analyzer: Analyzer
    /// Finds the person keys of the authors of the papers matching a query (for `authored:`).
    private let authorsOf: ((XapianQuery) throws -> [String])?

    /// A planner that analyzes with `analyzer` (the same kind the indexer uses); `authorsOf`
    /// runs a query and returns its papers' person keys, for `authored:`.
    public init(analyzer: Analyzer, authorsOf: ((XapianQuery) throws -> [String])? = nil) {
        self.analyzer = analyzer
        self.authorsOf = authorsOf
    }

    /// How the words of a query combine.
    public enum Match: String, Sendable, CaseIterable {
        /// Every word must match.
        case all
        /// Any word may match; more matching words rank higher (natural-language questions).
        case any
    }

    /// The Xapian query for `node`; with `.any`, the top-level words combine with OR.
    public func plan(_ node: QueryNode, match: Match = .all) throws -> XapianQuery {
        if match == .any, case .and(let children) = node {
            return try combine(children, positive: .or) ?? XapianQuery.matchAll()
        }
        return try planNode(node) ?? XapianQuery.matchAll()
    }

    /// Plans a node; nil means "no constraint" (a word with no indexable characters).
    private func planNode(_ node: QueryNode) throws -> XapianQuery? {
        if let inner = Self.strip(field: Schema.authored.name, from: node) { return try people(authoring: inner) }
        switch node {
        case .word(let field, let text):
            return try words(text, field: try resolve(field), phrase: false)
        case .phrase(let field, let text):
            return try words(text, field: try resolve(field), phrase: true)
        case .range(let name, let low, let high):
            return try range(field: try resolve(name), low: low, high: high)
        case .not(let inner):
            guard let excluded = try planNode(inner) else { return nil }
            return try XapianQuery.combine(.andNot, [XapianQuery.matchAll(), excluded])
        case .or(let children):
            let parts = try children.compactMap { try planNode($0) }
            if parts.isEmpty { return nil }
            return parts.count == 1 ? parts[0] : try XapianQuery.combine(.or, parts)
        case .and(let children):
            return try combine(children, positive: .and)
        }
    }

    /// Children joined by `op` (AND, or OR for `--match any`). Negated children become
    /// AND_NOT of the rest, so `a -b` ranks by a alone; under OR, filters (`kind:paper`,
    /// `year:2024..`) still restrict every hit.
    private func combine(_ children: [QueryNode], positive op: XapianQuery.Operator) throws -> XapianQuery? {
        var positive: [XapianQuery] = []
        var filters: [XapianQuery] = []
        var negative: [XapianQuery] = []
        for child in children {
            if case .not(let inner) = child {
                if let excluded = try planNode(inner) { negative.append(excluded) }
            } else if let part = try planNode(child) {
                if op == .or && isFilter(child) { filters.append(part) } else { positive.append(part) }
            }
        }
        if positive.isEmpty && filters.isEmpty && negative.isEmpty { return nil }
        var base = positive.isEmpty
            ? try XapianQuery.matchAll()
            : positive.count == 1 ? positive[0] : try XapianQuery.combine(op, positive)
        if !filters.isEmpty { base = try XapianQuery.combine(.filter, [base] + filters) }
        if negative.isEmpty { return base }
        let excluded = negative.count == 1 ? negative[0] : try XapianQuery.combine(.or, negative)
        return try XapianQuery.combine(.andNot, [base, excluded])
    }

    /// True for parts that only select (a boolean field or a range), never rank.
    private func isFilter(_ node: QueryNode) -> Bool {
        switch node {
        case .range: return true
        case .word(let field, _), .phrase(let field, _):
            return field.flatMap(Schema.field(named:))?.style == .boolean
        default: return false
        }
    }

    /// `node` without `field` when every word and phrase in it has that field, else nil:
    /// `authored:(mixture of experts)` is the query `mixture of experts` about authors.
    static func strip(field: String, from node: QueryNode) -> QueryNode? {
        switch node {
        case .word(let name, let text): return name == field ? .word(field: nil, text: text) : nil
        case .phrase(let name, let text): return name == field ? .phrase(field: nil, text: text) : nil
        case .range: return nil
        case .not(let child): return strip(field: field, from: child).map { .not($0) }
        case .and(let children):
            let stripped = children.compactMap { strip(field: field, from: $0) }
            return stripped.count == children.count ? .and(stripped) : nil
        case .or(let children):
            let stripped = children.compactMap { strip(field: field, from: $0) }
            return stripped.count == children.count ? .or(stripped) : nil
        }
    }

    /// Papers and resumes of the people who wrote a paper matching `inner`.
    private func people(authoring inner: QueryNode) throws -> XapianQuery? {
        guard let authorsOf else { throw QueryPlanError(message: "authored: needs an index to look authors up") }
        guard let papersQuery = try planNode(inner) else { return nil }
        let papers = try XapianQuery.combine(
            .filter, [papersQuery, XapianQuery.term(Schema.kind.prefix + Kind.paper.rawValue)])
        let keys = try authorsOf(papers)
        guard !keys.isEmpty else { return try XapianQuery.matchNothing() }
        let terms = try keys.map { key throws -> XapianQuery in try XapianQuery.term(Schema.personPrefix + key) }
        // The person terms only select: every matching person scores the same.
        return try XapianQuery.combine(.or, terms).scaled(by: 0)
    }

    private func resolve(_ name: String?) throws -> Schema.Field {
        guard let name else { return Schema.body }
        guard let field = Schema.field(named: name) else {
            throw QueryPlanError(message: "unknown field '\(name)'")
        }
        return field
    }

    /// A word or phrase in a field: one term, or a phrase when analysis yields several
    /// (`GPT-2`, `mixture-of-experts`), also matching the joined form (`gpt2`).
    private func words(_ text: String, field: Schema.Field, phrase: Bool) throws -> XapianQuery? {
        switch field.style {
        case .people:
            return try people(authoring: phrase ? .phrase(field: nil, text: text) : .word(field: nil, text: text))
        case .boolean:
            if field.rangeSlot != nil, text.contains("..") {
                let parts = text.components(separatedBy: "..")
                return try range(field: field, low: parts.first, high: parts.count > 1 ? parts[1] : nil)
            }
            let value = text.lowercased()
            if field.name == Schema.kind.name, Kind(rawValue: value) == nil {
                let kinds = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw QueryPlanError(message: "unknown kind '\(text)' (kinds: \(kinds))")
            }
            if field.name == Schema.year.name, Int(value) == nil {
                throw QueryPlanError(message: "year '\(text)' is not a number (try year:2024 or year:2023..2025)")
            }
            return try XapianQuery.term(field.prefix + value)
        case .text(let stemmed):
            let tokens = analyzer.tokens(text, stemmed: stemmed)
            let parts = tokens.filter { !$0.isJoined }
            let joined = tokens.filter(\.isJoined)
            guard !parts.isEmpty else { return nil }
            if parts.count == 1 { return try XapianQuery.term(field.prefix + parts[0].text, position: 1) }
            let terms = try parts.map { token throws -> XapianQuery in
                try XapianQuery.term(field.prefix + token.text, position: UInt32(token.position + 1))
            }
            let window = UInt32((parts.last?.position ?? 0) - (parts.first?.position ?? 0) + 1)
            let sequence = try XapianQuery.combine(.phrase, terms, parameter: window)
            guard !phrase, joined.count == 1, let compound = joined.first else { return sequence }
            return try XapianQuery.combine(.or, [sequence, XapianQuery.term(field.prefix + compound.text)])
        }
    }

    /// `year:2023..2025` over the field's sortable value slot; either end may be open.
    private func range(field: Schema.Field, low: String?, high: String?) throws -> XapianQuery {
        guard let slot = field.rangeSlot else {
            throw QueryPlanError(message: "field '\(field.name)' has no ranges (only year does)")
        }
        func bound(_ text: String?) throws -> Double? {
            guard let text, !text.isEmpty else { return nil }
            guard let number = Int(text) else {
                throw QueryPlanError(message: "'\(text)' in \(field.name):\(low ?? "")..\(high ?? "") is not a number")
            }
            return Double(number)
        }
        let lowValue = try bound(low)
        let highValue = try bound(high)
        if let lowValue, let highValue, lowValue > highValue {
            throw QueryPlanError(message: "empty range \(field.name):\(low ?? "")..\(high ?? ""): the start is after the end")
        }
        return try XapianQuery.valueRange(
            slot: slot, low: lowValue.map(XapianQuery.sortable), high: highValue.map(XapianQuery.sortable))
    }
}
