/// Recursive descent over the lexemes, following the grammar in `QueryGrammar`'s comment.
/// Strict, a problem throws; lenient, it becomes a notice and the parse goes on as
/// `QueryGrammar` describes. Every parse function returns nil for "nothing read" (lenient only).
struct QueryParser {
    let lexemes: [Lexeme]
    let strict: Bool
    var index = 0
    var depth = 0
    /// How lenient reading read what was not valid syntax.
    private(set) var notices: [QueryNotice] = []

    init(lexemes: [Lexeme], strict: Bool) {
        self.lexemes = lexemes
        self.strict = strict
    }

    var current: Lexeme? { index < lexemes.count ? lexemes[index] : nil }

    /// Strict: throws `message` at `column`. Lenient: notes it with how it was read, `reading`.
    private mutating func problem(_ message: String, column: Int, _ reading: String) throws(QuerySyntaxError) {
        if strict { throw QuerySyntaxError(message: message, column: column) }
        notices.append(QueryNotice(message + ": " + reading, column: column))
    }

    /// The whole query; nil when nothing is left to search for (strict: "empty query").
    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode? {
        guard !lexemes.isEmpty || !strict else { throw QuerySyntaxError(message: "empty query", column: 1) }
        var items: [QueryNode] = []
        while true {
            if let node = try parseSequence(field: nil) { items.append(node) }
            guard let extra = current else { break }  // parseSequence stops only at the end or at ')'
            try problem("unexpected ')'", column: extra.column, "ignored")
            index += 1
        }
        let node = Self.combine(items, isAnd: true)
        if node == nil, strict { throw QuerySyntaxError(message: "empty query", column: 1) }
        return node
    }

    /// Terms joined by AND (implicit or explicit), up to the end or a ')'; nil when there are none.
    private mutating func parseSequence(field: String?) throws(QuerySyntaxError) -> QueryNode? {
        var items: [QueryNode] = []
        loop: while let lexeme = current {
            switch lexeme.kind {
            case .close:
                break loop
            case .and:
                index += 1
                guard !items.isEmpty else {
                    try problem("nothing before 'AND'", column: lexeme.column, "ignored")
                    continue loop
                }
                guard let next = current, next.startsOperand else {
                    try problem("nothing after 'AND'", column: lexeme.column, "ignored")
                    continue loop
                }
            case .or:
                // An OR after an operand is taken by parseOrChain, so here it has nothing on its left.
                index += 1
                try problem("nothing before 'OR'", column: lexeme.column, "ignored")
            case .near(_, _, let spelling):
                // Likewise a NEAR after an operand is taken by parseNearChain.
                index += 1
                try problem("nothing before '\(spelling)'", column: lexeme.column, "ignored")
            case .boost:
                // The lexer lets `^` follow only an operand, whose parse takes it; kept for safety.
                index += 1
                try problem("nothing before '^' (write word^2)", column: lexeme.column, "ignored")
            default:
                if let node = try parseOrChain(field: field) { items.append(node) }
            }
        }
        return Self.combine(items, isAnd: true)
    }

    private mutating func parseOrChain(field: String?) throws(QuerySyntaxError) -> QueryNode? {
        var children: [QueryNode] = []
        if let first = try parseNearChain(field: field) { children.append(first) }
        while let lexeme = current, lexeme.kind == .or {
            index += 1
            guard let next = current, next.startsOperand else {
                try problem("nothing after 'OR'", column: lexeme.column, "ignored")
                break
            }
            if let child = try parseNearChain(field: field) { children.append(child) }
        }
        return Self.combine(children, isAnd: false)
    }

    /// `unary ( NEAR unary )*`: one operand alone, or a `.near` of all of them. Lenient, mixed
    /// distances take the widest, and a chain whose operands cannot be near each other is their AND.
    private mutating func parseNearChain(field: String?) throws(QuerySyntaxError) -> QueryNode? {
        let firstColumn = current?.column ?? 1
        let first = try parseUnary(field: field)
        guard let lexeme = current, case .near(var distance, var ordered, let spelling) = lexeme.kind else {
            return first
        }
        var operands = [(node: first, column: firstColumn)]
        while let lexeme = current, case .near(let nextDistance, let nextOrdered, let nextSpelling) = lexeme.kind {
            if nextDistance != distance || nextOrdered != ordered {
                distance = max(distance, nextDistance)
                ordered = ordered && nextOrdered
                try problem(
                    "'\(spelling)' and '\(nextSpelling)' in one chain (use one operator and distance)",
                    column: lexeme.column, "read as \(ordered ? "ADJ" : "NEAR")/\(distance)")
            }
            index += 1
            guard let next = current, next.startsOperand else {
                try problem("nothing after '\(nextSpelling)'", column: lexeme.column, "ignored")
                break
            }
            operands.append((try parseUnary(field: field), next.column))
        }
        let present = operands.compactMap { operand in operand.node.map { (node: $0, column: operand.column) } }
        let name = ordered ? "ADJ" : "NEAR"
        var chainField: String??
        for (node, column) in present {
            let operandField: String?
            let reason: String?
            switch node {
            case .word(let field, _), .phrase(let field, _), .wildcard(let field, _):
                operandField = field
                reason = nil
            case .not:
                operandField = nil
                reason = "\(name) joins words, phrases and wildcards (to exclude, write -(a \(name) b))"
            case .boost:
                operandField = nil
                reason = "\(name) joins words, phrases and wildcards (to boost, write (a \(name) b)^2)"
            case .range, .and, .or, .near:
                operandField = nil
                reason = "\(name) joins words, phrases and wildcards"
            }
            if let reason {
                try problem(reason, column: column, "read as AND")
                return Self.combine(present.map(\.node), isAnd: true)
            }
            if let chainField, chainField != operandField {
                try problem(
                    "\(name) needs its words in one field (write title:(a \(name) b))", column: column, "read as AND")
                return Self.combine(present.map(\.node), isAnd: true)
            }
            chainField = .some(operandField)
        }
        guard present.count > 1 else { return present.first?.node }
        return .near(children: present.map(\.node), distance: distance, ordered: ordered)
    }

    /// Called only when `current` starts an operand.
    private mutating func parseUnary(field: String?) throws(QuerySyntaxError) -> QueryNode? {
        guard let lexeme = current else { throw QuerySyntaxError(message: "unexpected end of query", column: 1) }
        switch lexeme.kind {
        case .not, .minus:
            index += 1
            guard let next = current, next.startsOperand else {
                let name = lexeme.kind == .not ? "NOT" : "-"
                try problem("nothing after '\(name)'", column: lexeme.column, "ignored")
                return nil
            }
            guard try enter(at: lexeme.column) else {
                // Lenient and too deep: this and the operators right after it are ignored.
                while let skipped = current, skipped.kind == .not || skipped.kind == .minus { index += 1 }
                guard let next = current, next.startsOperand else { return nil }
                return try parseBoosted(field: field)
            }
            defer { depth -= 1 }
            return try parseUnary(field: field).map { .not($0) }
        default:
            return try parseBoosted(field: field)
        }
    }

    /// A primary and the boost right after it.
    private mutating func parseBoosted(field: String?) throws(QuerySyntaxError) -> QueryNode? {
        let primary = try parsePrimary(field: field)
        guard let boost = current, case .boost(let factor, _) = boost.kind else { return primary }
        index += 1
        return primary.map { .boost($0, factor) }
    }

    private mutating func parsePrimary(field: String?) throws(QuerySyntaxError) -> QueryNode? {
        guard let lexeme = current else { throw QuerySyntaxError(message: "unexpected end of query", column: 1) }
        index += 1
        switch lexeme.kind {
        case .word(let text):
            return try term(field: field, text: text, column: lexeme.column, textColumn: lexeme.column)
        case .phrase(let text):
            return .phrase(field: field, text: text)
        case .fieldWord(let explicit, let text, let valueColumn):
            return try term(field: explicit, text: text, column: lexeme.column, textColumn: valueColumn)
        case .fieldPhrase(let explicit, let text):
            return .phrase(field: explicit, text: text)
        case .open:
            return try parseGroup(field: field, openColumn: lexeme.column)
        case .fieldGroup(let explicit, let parenColumn):
            return try parseGroup(field: explicit, openColumn: parenColumn)
        case .close, .and, .or, .not, .minus, .near, .boost:
            try problem("unexpected '\(Self.spelling(lexeme.kind))'", column: lexeme.column, "ignored")
            return nil
        }
    }

    /// The inside of `( ... )`, the '(' already consumed.
    private mutating func parseGroup(field: String?, openColumn: Int) throws(QuerySyntaxError) -> QueryNode? {
        _ = try enter(at: openColumn)  // lenient, the lexer already dropped groups nested too deeply
        defer { depth -= 1 }
        let inner = try parseSequence(field: field)
        if current?.kind == .close {
            index += 1
        } else {
            try problem("missing ')'", column: openColumn, "closed at the end")
        }
        guard let inner else {
            try problem("empty parentheses", column: openColumn, "ignored")
            return nil
        }
        return inner
    }

    /// One level deeper; false (lenient) or an error (strict) when that is too deep.
    private mutating func enter(at column: Int) throws(QuerySyntaxError) -> Bool {
        depth += 1
        guard depth > QueryGrammar.maxDepth else { return true }
        if strict { throw QuerySyntaxError(message: "query nested too deeply", column: column) }
        depth -= 1
        if !notices.contains(where: { $0.message.hasPrefix("query nested too deeply") }) {
            notices.append(QueryNotice("query nested too deeply: the innermost operators ignored", column: column))
        }
        return false
    }

    /// A word, a wildcard (`atten*`), or a range when the word has a field and holds `..`.
    /// `column` is where the lexeme starts (range errors point there), `textColumn` where `text` starts.
    private mutating func term(field: String?, text: String, column: Int, textColumn: Int) throws(QuerySyntaxError)
        -> QueryNode?
    {
        var text = text
        if let field, let dots = text.firstRange(of: "..") {
            if let star = text.firstIndex(of: "*") {
                try problem(
                    "a range cannot hold '*' (leave the end open: \(field):2023..)",
                    column: textColumn + text.distance(from: text.startIndex, to: star), "'*' ignored")
                text.removeAll { $0 == "*" }
                return try term(field: field, text: text, column: column, textColumn: textColumn)
            }
            let low = String(text[..<dots.lowerBound])
            let high = String(text[dots.upperBound...])
            if high.contains("..") {
                try problem("bad range '\(text)' (write low..high)", column: column, "read as words")
                return .word(field: nil, text: text)
            }
            if low.isEmpty && high.isEmpty {
                try problem("empty range for field '\(field)'", column: column, "ignored")
                return nil
            }
            return .range(field: field, low: low.isEmpty ? nil : low, high: high.isEmpty ? nil : high)
        }
        let characters = Array(text)
        guard let star = characters.firstIndex(of: "*") else { return .word(field: field, text: text) }
        if characters.allSatisfy({ $0 == "*" }) {
            let message =
                characters.count == 1 || !strict
                ? "'\(text)' alone matches nothing (write atten*)" : "wildcards go at the end of a word: atten*"
            try problem(message, column: textColumn + star, "ignored")
            return nil
        }
        if star != characters.count - 1 {
            try problem(
                "wildcards go at the end of a word: atten*", column: textColumn + star,
                star == 0 ? "the leading '*' ignored" : "read as words")
            // Lenient: stars in front go, one star at the end stays a wildcard, others separate words.
            let inner = characters.drop { $0 == "*" }
            let trailing = inner.reversed().prefix { $0 == "*" }.count
            let core = inner.dropLast(trailing)
            let offset = characters.count - inner.count
            if core.contains("*") { return .word(field: field, text: String(core)) }
            let rest = String(core) + (trailing > 0 ? "*" : "")
            return try term(field: field, text: rest, column: column, textColumn: textColumn + offset)
        }
        let prefix = characters.dropLast()
        if prefix.count(where: { $0.isLetter || $0.isNumber }) < 2 {
            try problem(
                "wildcard needs at least 2 letters or digits before '*'", column: textColumn + star, "read as a word")
            return .word(field: field, text: String(prefix))
        }
        return .wildcard(field: field, prefix: String(prefix))
    }

    /// AND or OR of `items`, nested ones of the same kind flattened; the item itself when alone; nil when none.
    static func combine(_ items: [QueryNode], isAnd: Bool) -> QueryNode? {
        guard items.count > 1 else { return items.first }
        var flat: [QueryNode] = []
        for item in items {
            switch (item, isAnd) {
            case (.and(let children), true), (.or(let children), false): flat.append(contentsOf: children)
            default: flat.append(item)
            }
        }
        return isAnd ? .and(flat) : .or(flat)
    }

    private static func spelling(_ kind: Lexeme.Kind) -> String {
        switch kind {
        case .close: return ")"
        case .open, .fieldGroup: return "("
        case .and: return "AND"
        case .or: return "OR"
        case .not: return "NOT"
        case .minus: return "-"
        case .near(_, _, let spelling), .boost(_, let spelling): return spelling
        case .word(let text), .fieldWord(_, let text, _): return text
        case .phrase(let text), .fieldPhrase(_, let text): return "\"" + text + "\""
        }
    }
}
