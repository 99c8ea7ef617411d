/// Parses query text.
///
/// The language, loosest binding first:
///
///     query    := sequence                       (an empty query is an error)
///     sequence := orChain ( ["AND"] orChain )*   implicit AND; an explicit upper-case AND is optional
///     orChain  := unary ( "OR" unary )*          OR binds tighter: `a b OR c` = AND(a, OR(b, c))
///     unary    := ("NOT" | "-") unary | primary  `-` only directly before a term: `-word`, `-(a b)`
///     primary  := word | "phrase" | field:value | field:"phrase" | field:( sequence ) | ( sequence )
///
/// Only upper-case `OR`, `AND`, `NOT` standing alone are operators; `or`, `and`, `not` are words.
/// A `-` inside a word is part of it (`GPT-2`). A field value holding `..` is a range
/// (`year:2023..2025`, either end open). `field:( ... )` applies the field to every word and phrase
/// inside that names no field of its own. Nested ANDs and ORs are flattened and one-child groups
/// collapse to the child.
///
/// What counts as a field: a word is `name:value` only when `name` is an ASCII letter followed by
/// letters, digits or `_` (so `10:30`, `:x` and `C:\dir` are plain words). Such a name must then be
/// one of `fields` (compared in lower case), or the query is rejected with the list of fields,
/// except for URLs: `http://x.org` (a value starting with `//`) stays one plain word.
public enum QueryGrammar {
    /// Nesting deeper than this (parentheses, NOT, `-`) is rejected instead of exhausting the stack.
    public static let maxDepth = 100

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
        case fieldWord(field: String, text: String)
        case fieldPhrase(field: String, text: String)
        /// `field:(`; `parenColumn` is the column of the parenthesis.
        case fieldGroup(field: String, parenColumn: Int)
        case open, close, minus, and, or, not
    }

    var kind: Kind
    var column: Int

    /// True when the lexeme can begin an operand (a term, a group or a negation).
    var startsOperand: Bool {
        switch kind {
        case .word, .phrase, .fieldWord, .fieldPhrase, .fieldGroup, .open, .minus, .not: return true
        case .close, .and, .or: return false
        }
    }
}

/// Splits query text into lexemes; quoting, field names and `-` placement are checked here.
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

    /// Ends a word: white space, parentheses and quotes.
    static func isDelimiter(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || isQuote(character)
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
            let known = fields.sorted().joined(separator: ", ")
            throw QuerySyntaxError(message: "unknown field '\(typed)' (fields: \(known))", column: column)
        }
        if !value.isEmpty {
            result.append(Lexeme(kind: .fieldWord(field: field, text: String(value)), column: column))
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
            default:
                items.append(try parseOrChain(field: field))
            }
        }
        return Self.combine(items, isAnd: true)
    }

    private mutating func parseOrChain(field: String?) throws(QuerySyntaxError) -> QueryNode {
        var children = [try parseUnary(field: field)]
        while let lexeme = current, lexeme.kind == .or {
            index += 1
            guard let next = current, next.startsOperand else {
                throw QuerySyntaxError(message: "nothing after 'OR'", column: lexeme.column)
            }
            children.append(try parseUnary(field: field))
        }
        return Self.combine(children, isAnd: false) ?? children[0]
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
            return try parsePrimary(field: field)
        }
    }

    private mutating func parsePrimary(field: String?) throws(QuerySyntaxError) -> QueryNode {
        guard let lexeme = current else { throw QuerySyntaxError(message: "unexpected end of query", column: 1) }
        index += 1
        switch lexeme.kind {
        case .word(let text):
            return try Self.term(field: field, text: text, column: lexeme.column)
        case .phrase(let text):
            return .phrase(field: field, text: text)
        case .fieldWord(let explicit, let text):
            return try Self.term(field: explicit, text: text, column: lexeme.column)
        case .fieldPhrase(let explicit, let text):
            return .phrase(field: explicit, text: text)
        case .open:
            return try parseGroup(field: field, openColumn: lexeme.column)
        case .fieldGroup(let explicit, let parenColumn):
            return try parseGroup(field: explicit, openColumn: parenColumn)
        case .close, .and, .or, .not, .minus:
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

    /// A word, or a range when the word has a field and holds `..`.
    private static func term(field: String?, text: String, column: Int) throws(QuerySyntaxError) -> QueryNode {
        guard let field, let dots = text.firstRange(of: "..") else { return .word(field: field, text: text) }
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
        case .word(let text), .fieldWord(_, let text): return text
        case .phrase(let text), .fieldPhrase(_, let text): return "\"" + text + "\""
        }
    }
}
