/// Parses query text.
///
/// The language, loosest binding first:
///
///     query     := sequence                       (an empty query is an error)
///     sequence  := orChain ( ["AND"] orChain )*   implicit AND; an explicit upper-case AND is optional
///     orChain   := nearChain ( "OR" nearChain )*  OR binds tighter: `a b OR c` = AND(a, OR(b, c))
///     nearChain := unary ( proximity unary )*     tighter still: `a OR b NEAR c` = OR(a, NEAR/10(b, c))
///     proximity := "NEAR" | "NEAR/"n | "ADJ" | "ADJ/"n   one operator (and distance) per chain
///     unary     := ("NOT" | "-") unary | boosted  `-` only directly before a term: `-word`, `-(a b)`
///     boosted   := primary [ "^" number ]         the `^` touching what it boosts: `moe^3`, `(a b)^1.5`
///     primary   := word | word* | "phrase" | field:value | field:"phrase" | field:( sequence ) | ( sequence )
///
/// Only upper-case `OR`, `AND`, `NOT`, `NEAR`, `ADJ` (and `NEAR/3`, `ADJ/2`) standing alone are
/// operators; `or`, `near`, `adj` are words. A `-` inside a word is part of it (`GPT-2`,
/// `date:2024-06`). A field value holding `..` is a range (`year:2023..2025`,
/// `date:2024-06-15..`, either end open). `field:( ... )` applies the field to every word, phrase
/// and wildcard inside that names no field of its own. Nested ANDs and ORs are flattened and
/// one-child groups collapse to the child.
///
/// Wildcards: a word ending in one `*` matches every word with that prefix (`atten*`,
/// `title:atten*`); the prefix needs at least 2 letters or digits. A `*` anywhere else in a word,
/// or alone, is an error; inside quotes it is plain text.
///
/// Proximity: `a NEAR/3 b` matches a and b at most 3 word positions apart in either order;
/// `a ADJ/2 b` matches b 1 or 2 positions after a. Plain `NEAR` is `NEAR/10`
/// (`defaultNearDistance`), plain `ADJ` is `ADJ/1` (`defaultAdjDistance`: b right after a).
/// Distances run from 1 to `maxDistance`. A chain `a NEAR/3 b NEAR/3 c` is one node with three
/// children; mixing operators or distances in one chain is an error. The operands are words,
/// phrases and wildcards (not groups, ranges, negations or boosts), all in one field:
/// `title:sparse NEAR/2 title:attention` or `title:(sparse NEAR/2 attention)`; operands in
/// different fields are an error, since word positions are counted per field.
///
/// Boosts: `^` and a decimal number (`3`, `1.5`, `0.5`) right after a word, wildcard, phrase,
/// field value or closing parenthesis multiplies its weight; the factor must be more than 0
/// and at most `maxBoost`. A `^` after a space, an operator or another boost is an error.
///
/// What counts as a field: a word is `name:value` only when `name` is an ASCII letter followed by
/// letters, digits or `_` (so `10:30`, `:x` and `C:\dir` are plain words). Such a name must then be
/// one of `fields` (compared in lower case), or the query is rejected with the list of fields,
/// except for URLs: `http://x.org` (a value starting with `//`) stays one plain word.
public enum QueryGrammar {
    /// Nesting deeper than this (parentheses, NOT, `-`) is rejected instead of exhausting the stack.
    public static let maxDepth = 100

    /// The distance of a plain `NEAR`: `a NEAR b` is `a NEAR/10 b`.
    public static let defaultNearDistance = 10

    /// The distance of a plain `ADJ`: `a ADJ b` is `a ADJ/1 b`, b directly after a.
    public static let defaultAdjDistance = 1

    /// The largest distance `NEAR/n` and `ADJ/n` accept.
    public static let maxDistance = 100

    /// The largest factor `^` accepts; larger ones are rejected as mistakes.
    public static let maxBoost = 1000.0

    /// Parses `text` into a query tree; `fields` are the names allowed before a colon.
    public static func parse(_ text: String, fields: Set<String>) throws(QuerySyntaxError) -> QueryNode {
        let lexemes = try Lexer(text: text, fields: fields).lexemes()
        var parser = Parser(lexemes: lexemes)
        return try parser.parseQuery()
    }

    /// Two lines for a terminal: the query, then spaces and a `^` under the error's column.
    public static func caret(for error: QuerySyntaxError, in text: String) -> String {
        // One character per column: line breaks and tabs become spaces so the caret lines up.
        let line = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let column = min(max(error.column, 1), line.count + 1)
        return line + "\n" + String(repeating: " ", count: column - 1) + "^"
    }
}

// MARK: - Lexer

/// One unit of query text, with the 1-based column where it starts.
private struct Lexeme {
    enum Kind: Equatable {
        case word(String)
        case phrase(String)
        /// `field:value`; `valueColumn` is the column of the value's first character.
        case fieldWord(field: String, text: String, valueColumn: Int)
        case fieldPhrase(field: String, text: String)
        /// `field:(`; `parenColumn` is the column of the parenthesis.
        case fieldGroup(field: String, parenColumn: Int)
        case open, close, minus, and, or, not
        /// `NEAR`, `NEAR/3`, `ADJ`, `ADJ/2`; `spelling` as typed, for messages.
        case near(distance: Int, ordered: Bool, spelling: String)
        /// `^2`, already checked; `spelling` as typed (with the `^`).
        case boost(Double, spelling: String)
    }

    var kind: Kind
    var column: Int

    /// True when the lexeme can begin an operand (a term, a group or a negation).
    var startsOperand: Bool {
        switch kind {
        case .word, .phrase, .fieldWord, .fieldPhrase, .fieldGroup, .open, .minus, .not: return true
        case .close, .and, .or, .near, .boost: return false
        }
    }

    /// True when the lexeme can end an operand, so that a `^` may follow it.
    var endsOperand: Bool {
        switch kind {
        case .word, .phrase, .fieldWord, .fieldPhrase, .close: return true
        case .fieldGroup, .open, .minus, .and, .or, .not, .near, .boost: return false
        }
    }
}

/// Splits query text into lexemes; quoting, field names, `-` and `^` placement, proximity
/// distances and boost numbers are checked here.
private struct Lexer {
    let characters: [Character]
    let fields: Set<String>

    init(text: String, fields: Set<String>) {
        characters = Array(text)
        self.fields = fields
    }

    static func isQuote(_ character: Character) -> Bool {
        character == "\"" || character == "\u{201C}" || character == "\u{201D}"
    }

    /// Ends a word: white space, parentheses, quotes and the boost mark `^`.
    static func isDelimiter(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || character == "^" || isQuote(character)
    }

    func lexemes() throws(QuerySyntaxError) -> [Lexeme] {
        var result: [Lexeme] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "(" {
                result.append(Lexeme(kind: .open, column: column))
                index += 1
            } else if character == ")" {
                result.append(Lexeme(kind: .close, column: column))
                index += 1
            } else if Self.isQuote(character) {
                let (text, end) = try readPhrase(at: index)
                result.append(Lexeme(kind: .phrase(text), column: column))
                index = end
            } else if character == "^" {
                index = try readBoost(at: index, after: result.last, into: &result)
            } else if character == "-" {
                // A leading `-` negates what touches it; `a - b` is more likely a typo than a wish.
                if index + 1 == characters.count {
                    throw QuerySyntaxError(message: "nothing after '-'", column: column)
                }
                if characters[index + 1].isWhitespace {
                    throw QuerySyntaxError(message: "space after '-' (write -word to exclude a word)", column: column)
                }
                result.append(Lexeme(kind: .minus, column: column))
                index += 1
            } else {
                index = try readWord(at: index, into: &result)
            }
        }
        return result
    }

    /// Reads a quoted phrase starting at the quote at `start`; returns its text and the index after the closing quote.
    private func readPhrase(at start: Int) throws(QuerySyntaxError) -> (String, Int) {
        var end = start + 1
        while end < characters.count, !Self.isQuote(characters[end]) { end += 1 }
        guard end < characters.count else {
            throw QuerySyntaxError(message: "unclosed quote", column: start + 1)
        }
        let text = String(characters[(start + 1)..<end])
        guard text.contains(where: { !$0.isWhitespace }) else {
            throw QuerySyntaxError(message: "empty phrase", column: start + 1)
        }
        return (text, end + 1)
    }

    /// Reads `^number` at `start` (the `^`), which must touch the operand lexed just before it;
    /// returns the index after the number. Every error points at the `^`.
    private func readBoost(at start: Int, after previous: Lexeme?, into result: inout [Lexeme]) throws(QuerySyntaxError)
        -> Int
    {
        let column = start + 1
        if case .boost = previous?.kind, !characters[start - 1].isWhitespace {
            throw QuerySyntaxError(message: "one boost per term ('^' after '^')", column: column)
        }
        guard let previous, previous.endsOperand, !characters[start - 1].isWhitespace else {
            throw QuerySyntaxError(message: "nothing before '^' (write word^2)", column: column)
        }
        var end = start + 1
        while end < characters.count, !Self.isDelimiter(characters[end]) { end += 1 }
        let digits = characters[(start + 1)..<end]
        guard !digits.isEmpty else {
            throw QuerySyntaxError(message: "no number after '^' (write word^2)", column: column)
        }
        guard Self.isDecimal(digits), let factor = Double(String(digits)) else {
            throw QuerySyntaxError(
                message: "boost '\(String(digits))' is not a number (write word^2 or word^0.5)", column: column)
        }
        guard factor > 0 else {
            throw QuerySyntaxError(message: "boost must be more than 0", column: column)
        }
        guard factor <= QueryGrammar.maxBoost else {
            throw QuerySyntaxError(message: "boost over \(Int(QueryGrammar.maxBoost))", column: column)
        }
        result.append(Lexeme(kind: .boost(factor, spelling: "^" + String(digits)), column: column))
        return end
    }

    /// ASCII digits, optionally a dot and more digits: `3`, `1.5`, `0.25`.
    private static func isDecimal(_ text: ArraySlice<Character>) -> Bool {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard text.last != "." else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// Reads a word, keyword or `field:value` at `start`; returns the index after it.
    private func readWord(at start: Int, into result: inout [Lexeme]) throws(QuerySyntaxError) -> Int {
        var end = start
        while end < characters.count, !Self.isDelimiter(characters[end]) { end += 1 }
        let run = characters[start..<end]
        let column = start + 1
        switch String(run) {
        case "OR":
            result.append(Lexeme(kind: .or, column: column))
            return end
        case "AND":
            result.append(Lexeme(kind: .and, column: column))
            return end
        case "NOT":
            result.append(Lexeme(kind: .not, column: column))
            return end
        default: break
        }
        if let proximity = try Self.proximity(run, column: column) {
            result.append(proximity)
            return end
        }
        guard let colon = run.firstIndex(of: ":"), Self.isFieldName(run[start..<colon]) else {
            result.append(Lexeme(kind: .word(String(run)), column: column))
            return end
        }
        let value = run[(colon + 1)...]
        if value.starts(with: ["/", "/"]) {  // a URL, not a field
            result.append(Lexeme(kind: .word(String(run)), column: column))
            return end
        }
        let typed = String(run[start..<colon])
        let field = typed.lowercased()
        guard fields.contains(field) else {
            // Not a field: the text is searched as typed, so a pasted title such as
            // "GOAL: Global-local Object Alignment" just works.
            result.append(Lexeme(kind: .word(String(run)), column: column))
            return end
        }
        if !value.isEmpty {
            result.append(
                Lexeme(kind: .fieldWord(field: field, text: String(value), valueColumn: colon + 2), column: column))
            return end
        }
        if end < characters.count, Self.isQuote(characters[end]) {
            let (text, after) = try readPhrase(at: end)
            result.append(Lexeme(kind: .fieldPhrase(field: field, text: text), column: column))
            return after
        }
        if end < characters.count, characters[end] == "(" {
            result.append(Lexeme(kind: .fieldGroup(field: field, parenColumn: end + 1), column: column))
            return end + 1
        }
        throw QuerySyntaxError(message: "empty value for field '\(typed)'", column: end + 1)
    }

    /// `NEAR`, `ADJ`, `NEAR/n` or `ADJ/n` as a lexeme; nil for any other word. Distance errors
    /// point at the character after the `/`.
    private static func proximity(_ run: ArraySlice<Character>, column: Int) throws(QuerySyntaxError) -> Lexeme? {
        let text = String(run)
        let name: String
        let ordered: Bool
        if text == "NEAR" || text.hasPrefix("NEAR/") {
            (name, ordered) = ("NEAR", false)
        } else if text == "ADJ" || text.hasPrefix("ADJ/") {
            (name, ordered) = ("ADJ", true)
        } else {
            return nil
        }
        guard text.count > name.count else {
            let distance = ordered ? QueryGrammar.defaultAdjDistance : QueryGrammar.defaultNearDistance
            return Lexeme(kind: .near(distance: distance, ordered: ordered, spelling: name), column: column)
        }
        let digits = text.dropFirst(name.count + 1)
        let digitsColumn = column + name.count + 1
        guard !digits.isEmpty else {
            throw QuerySyntaxError(message: "no distance after '\(name)/' (write \(name)/3)", column: digitsColumn)
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw QuerySyntaxError(
                message: "distance '\(digits)' is not a whole number (write \(name)/3)", column: digitsColumn)
        }
        guard let distance = Int(digits), distance <= QueryGrammar.maxDistance else {
            throw QuerySyntaxError(
                message: "distance over \(QueryGrammar.maxDistance) in '\(text)'", column: digitsColumn)
        }
        guard distance > 0 else {
            throw QuerySyntaxError(message: "distance must be at least 1 in '\(text)'", column: digitsColumn)
        }
        return Lexeme(kind: .near(distance: distance, ordered: ordered, spelling: text), column: column)
    }

    /// An ASCII letter, then ASCII letters, digits or `_`.
    private static func isFieldName(_ name: ArraySlice<Character>) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }
}

// MARK: - Parser

/// Recursive descent over the lexemes, following the grammar in `QueryGrammar`'s comment.
private struct Parser {
    let lexemes: [Lexeme]
    var index = 0
    var depth = 0

    init(lexemes: [Lexeme]) {
        self.lexemes = lexemes
    }

    var current: Lexeme? { index < lexemes.count ? lexemes[index] : nil }

    mutating func parseQuery() throws(QuerySyntaxError) -> QueryNode {
        guard !lexemes.isEmpty else { throw QuerySyntaxError(message: "empty query", column: 1) }
        let node = try parseSequence(field: nil)
        if let extra = current {  // parseSequence stops only at the end or at ')'
            throw QuerySyntaxError(message: "unexpected ')'", column: extra.column)
        }
        guard let node else { throw QuerySyntaxError(message: "empty query", column: 1) }
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
                guard !items.isEmpty else {
                    throw QuerySyntaxError(message: "nothing before 'AND'", column: lexeme.column)
                }
                index += 1
                guard let next = current, next.startsOperand else {
                    throw QuerySyntaxError(message: "nothing after 'AND'", column: lexeme.column)
                }
            case .or:
                // An OR after an operand is taken by parseOrChain, so here it has nothing on its left.
                throw QuerySyntaxError(message: "nothing before 'OR'", column: lexeme.column)
            case .near(_, _, let spelling):
                // Likewise a NEAR after an operand is taken by parseNearChain.
                throw QuerySyntaxError(message: "nothing before '\(spelling)'", column: lexeme.column)
            case .boost:
                // The lexer lets `^` follow only an operand, whose parse takes it; kept for safety.
                throw QuerySyntaxError(message: "nothing before '^' (write word^2)", column: lexeme.column)
            default:
                items.append(try parseOrChain(field: field))
            }
        }
        return Self.combine(items, isAnd: true)
    }

    private mutating func parseOrChain(field: String?) throws(QuerySyntaxError) -> QueryNode {
        var children = [try parseNearChain(field: field)]
        while let lexeme = current, lexeme.kind == .or {
            index += 1
            guard let next = current, next.startsOperand else {
                throw QuerySyntaxError(message: "nothing after 'OR'", column: lexeme.column)
            }
            children.append(try parseNearChain(field: field))
        }
        return Self.combine(children, isAnd: false) ?? children[0]
    }

    /// `unary ( NEAR unary )*`: one operand alone, or a `.near` of all of them.
    private mutating func parseNearChain(field: String?) throws(QuerySyntaxError) -> QueryNode {
        let firstColumn = current?.column ?? 1
        let first = try parseUnary(field: field)
        guard let lexeme = current, case .near(let distance, let ordered, let spelling) = lexeme.kind else {
            return first
        }
        var operands = [(node: first, column: firstColumn)]
        while let lexeme = current, case .near(let nextDistance, let nextOrdered, let nextSpelling) = lexeme.kind {
            guard nextDistance == distance, nextOrdered == ordered else {
                throw QuerySyntaxError(
                    message: "'\(spelling)' and '\(nextSpelling)' in one chain (use one operator and distance)",
                    column: lexeme.column)
            }
            index += 1
            guard let next = current, next.startsOperand else {
                throw QuerySyntaxError(message: "nothing after '\(nextSpelling)'", column: lexeme.column)
            }
            operands.append((try parseUnary(field: field), next.column))
        }
        let name = ordered ? "ADJ" : "NEAR"
        var chainField: String??
        for (node, column) in operands {
            let operandField: String?
            switch node {
            case .word(let field, _), .phrase(let field, _), .wildcard(let field, _):
                operandField = field
            case .not:
                throw QuerySyntaxError(
                    message: "\(name) joins words, phrases and wildcards (to exclude, write -(a \(name) b))",
                    column: column)
            case .boost:
                throw QuerySyntaxError(
                    message: "\(name) joins words, phrases and wildcards (to boost, write (a \(name) b)^2)",
                    column: column)
            case .range, .and, .or, .near:
                throw QuerySyntaxError(message: "\(name) joins words, phrases and wildcards", column: column)
            }
            if let chainField, chainField != operandField {
                throw QuerySyntaxError(
                    message: "\(name) needs its words in one field (write title:(a \(name) b))", column: column)
            }
            chainField = .some(operandField)
        }
        return .near(children: operands.map(\.node), distance: distance, ordered: ordered)
    }

    /// Called only when `current` starts an operand.
    private mutating func parseUnary(field: String?) throws(QuerySyntaxError) -> QueryNode {
        guard let lexeme = current else { throw QuerySyntaxError(message: "unexpected end of query", column: 1) }
        switch lexeme.kind {
        case .not, .minus:
            index += 1
            guard let next = current, next.startsOperand else {
                let name = lexeme.kind == .not ? "NOT" : "-"
                throw QuerySyntaxError(message: "nothing after '\(name)'", column: lexeme.column)
            }
            try enter(at: lexeme.column)
            defer { depth -= 1 }
            return .not(try parseUnary(field: field))
        default:
            let primary = try parsePrimary(field: field)
            guard let boost = current, case .boost(let factor, _) = boost.kind else { return primary }
            index += 1
            return .boost(primary, factor)
        }
    }

    private mutating func parsePrimary(field: String?) throws(QuerySyntaxError) -> QueryNode {
        guard let lexeme = current else { throw QuerySyntaxError(message: "unexpected end of query", column: 1) }
        index += 1
        switch lexeme.kind {
        case .word(let text):
            return try Self.term(field: field, text: text, column: lexeme.column, textColumn: lexeme.column)
        case .phrase(let text):
            return .phrase(field: field, text: text)
        case .fieldWord(let explicit, let text, let valueColumn):
            return try Self.term(field: explicit, text: text, column: lexeme.column, textColumn: valueColumn)
        case .fieldPhrase(let explicit, let text):
            return .phrase(field: explicit, text: text)
        case .open:
            return try parseGroup(field: field, openColumn: lexeme.column)
        case .fieldGroup(let explicit, let parenColumn):
            return try parseGroup(field: explicit, openColumn: parenColumn)
        case .close, .and, .or, .not, .minus, .near, .boost:
            throw QuerySyntaxError(message: "unexpected '\(Self.spelling(lexeme.kind))'", column: lexeme.column)
        }
    }

    /// The inside of `( ... )`, the '(' already consumed.
    private mutating func parseGroup(field: String?, openColumn: Int) throws(QuerySyntaxError) -> QueryNode {
        try enter(at: openColumn)
        defer { depth -= 1 }
        let inner = try parseSequence(field: field)
        guard current?.kind == .close else {
            throw QuerySyntaxError(message: "missing ')'", column: openColumn)
        }
        index += 1
        guard let inner else { throw QuerySyntaxError(message: "empty parentheses", column: openColumn) }
        return inner
    }

    private mutating func enter(at column: Int) throws(QuerySyntaxError) {
        depth += 1
        if depth > QueryGrammar.maxDepth {
            throw QuerySyntaxError(message: "query nested too deeply", column: column)
        }
    }

    /// A word, a wildcard (`atten*`), or a range when the word has a field and holds `..`.
    /// `column` is where the lexeme starts (range errors point there), `textColumn` where `text` starts.
    private static func term(field: String?, text: String, column: Int, textColumn: Int) throws(QuerySyntaxError)
        -> QueryNode
    {
        let characters = Array(text)
        let star = characters.firstIndex(of: "*")
        if let field, let dots = text.firstRange(of: "..") {
            if let star {
                throw QuerySyntaxError(
                    message: "a range cannot hold '*' (leave the end open: \(field):2023..)", column: textColumn + star)
            }
            let low = String(text[..<dots.lowerBound])
            let high = String(text[dots.upperBound...])
            if high.contains("..") {
                throw QuerySyntaxError(message: "bad range '\(text)' (write low..high)", column: column)
            }
            if low.isEmpty && high.isEmpty {
                throw QuerySyntaxError(message: "empty range for field '\(field)'", column: column)
            }
            return .range(field: field, low: low.isEmpty ? nil : low, high: high.isEmpty ? nil : high)
        }
        guard let star else { return .word(field: field, text: text) }
        if characters.count == 1 {
            throw QuerySyntaxError(message: "'*' alone matches nothing (write atten*)", column: textColumn)
        }
        if star != characters.count - 1 {
            throw QuerySyntaxError(message: "wildcards go at the end of a word: atten*", column: textColumn + star)
        }
        let prefix = characters.dropLast()
        if prefix.count(where: { $0.isLetter || $0.isNumber }) < 2 {
            throw QuerySyntaxError(
                message: "wildcard needs at least 2 letters or digits before '*'", column: textColumn + star)
        }
        return .wildcard(field: field, prefix: String(prefix))
    }

    /// AND or OR of `items`, nested ones of the same kind flattened; the item itself when alone; nil when none.
    private static func combine(_ items: [QueryNode], isAnd: Bool) -> QueryNode? {
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
