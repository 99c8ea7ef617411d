/// One unit of query text, with the 1-based column where it starts.
struct Lexeme {
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

    /// True for `(` and `field:(`.
    var opensGroup: Bool {
        switch kind {
        case .open, .fieldGroup: return true
        default: return false
        }
    }
}

/// Splits query text into lexemes; quoting, field names, `-` and `^` placement, proximity
/// distances and boost numbers are checked here. Strict, a problem throws; lenient, it becomes a
/// notice and the text is read as `QueryGrammar` describes.
struct QueryLexer {
    let characters: [Character]
    let fields: Set<String>
    let strict: Bool
    /// How lenient reading read what was not valid syntax.
    private(set) var notices: [QueryNotice] = []
    /// Lenient: an all-capitals query, whose operator words are words.
    private let operatorsAreWords: Bool
    /// Lenient: a sentence, whose parentheses and dashes are punctuation.
    private let isSentence: Bool
    private var saidOperatorsAreWords = false
    private var saidSentence = false

    init(text: String, fields: Set<String>, strict: Bool) {
        characters = Array(text)
        self.fields = fields
        self.strict = strict
        let runs = text.split(whereSeparator: \.isWhitespace)
        operatorsAreWords =
            !strict && !text.contains(where: \.isLowercase)
            && runs.contains { run in !Self.isOperatorWord(run) && run.contains(where: \.isUppercase) }
        let last = text.last { !$0.isWhitespace }
        isSentence =
            !strict && last.map { ".?!。？！".contains($0) } == true
            && !runs.contains { run in Self.namesField(run, of: fields) }
    }

    static func isQuote(_ character: Character) -> Bool {
        character == "\"" || character == "\u{201C}" || character == "\u{201D}"
    }

    /// Ends a word: white space, parentheses, quotes and the boost mark `^`.
    static func isDelimiter(_ character: Character) -> Bool {
        character.isWhitespace || character == "(" || character == ")" || character == "^" || isQuote(character)
    }

    /// `AND`, `OR`, `NOT`, `NEAR`, `ADJ`, `NEAR/…`, `ADJ/…`.
    private static func isOperatorWord(_ run: Substring) -> Bool {
        ["AND", "OR", "NOT", "NEAR", "ADJ"].contains(run) || run.hasPrefix("NEAR/") || run.hasPrefix("ADJ/")
    }

    /// True when a run of text starts with `name:` for a field of `fields`.
    private static func namesField(_ run: Substring, of fields: Set<String>) -> Bool {
        var run = run
        while let first = run.first, first == "-" || first == "(" || isQuote(first) { run = run.dropFirst() }
        guard let colon = run.firstIndex(of: ":") else { return false }
        return fields.contains(run[..<colon].lowercased())
    }

    /// Strict: throws `message` at `column`. Lenient: notes it with how it was read, `reading`.
    private mutating func problem(_ message: String, column: Int, _ reading: String) throws(QuerySyntaxError) {
        if strict { throw QuerySyntaxError(message: message, column: column) }
        notices.append(QueryNotice(message + ": " + reading, column: column))
    }

    /// Lenient: notes once that the query is read as a sentence.
    private mutating func sentencePunctuation(column: Int) {
        guard !saidSentence else { return }
        saidSentence = true
        notices.append(
            QueryNotice(
                "read as a sentence (it ends with '\(characters.last { !$0.isWhitespace } ?? ".")'): "
                    + "parentheses and '-' are punctuation", column: column))
    }

    mutating func lexemes() throws(QuerySyntaxError) -> [Lexeme] {
        var result: [Lexeme] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let column = index + 1
            if character.isWhitespace {
                index += 1
            } else if character == "(" || character == ")" {
                if isSentence {
                    sentencePunctuation(column: column)
                } else {
                    result.append(Lexeme(kind: character == "(" ? .open : .close, column: column))
                }
                index += 1
            } else if Self.isQuote(character) {
                index = try readPhrase(at: index, field: nil, column: column, into: &result)
            } else if character == "^" {
                index = try readBoost(at: index, after: result.last, into: &result)
            } else if character == "-" {
                index = try readMinus(at: index, into: &result)
            } else {
                index = try readWord(at: index, into: &result)
            }
        }
        return strict ? result : Self.withoutDeepGroups(result, notices: &notices)
    }

    /// A leading `-` negates what touches it; `a - b` is more likely a dash than a wish.
    private mutating func readMinus(at index: Int, into result: inout [Lexeme]) throws(QuerySyntaxError) -> Int {
        let column = index + 1
        var end = index
        while end < characters.count, characters[end] == "-" { end += 1 }
        if end - index > 1, end == characters.count || characters[end].isWhitespace {
            // `Targum -- A Corpus`: a dash written as hyphens, as titles write it, not a NOT.
            try problem("'\(String(characters[index..<end]))' between words", column: column, "a dash, ignored")
            return end
        }
        if index + 1 == characters.count {
            try problem("nothing after '-'", column: column, "ignored")
        } else if characters[index + 1].isWhitespace {
            try problem("space after '-' (write -word to exclude a word)", column: column, "a dash, ignored")
        } else if isSentence {
            sentencePunctuation(column: column)
        } else {
            result.append(Lexeme(kind: .minus, column: column))
        }
        return index + 1
    }

    /// Reads a quoted phrase whose quote is at `start` (a field's phrase when `field` is given, its
    /// lexeme at `column`); returns the index after the closing quote. Lenient, an unclosed quote is
    /// skipped (the words after it are read as words) and an empty phrase is ignored.
    private mutating func readPhrase(at start: Int, field: String?, column: Int, into result: inout [Lexeme])
        throws(QuerySyntaxError) -> Int
    {
        var end = start + 1
        while end < characters.count, !Self.isQuote(characters[end]) { end += 1 }
        guard end < characters.count else {
            try problem("unclosed quote", column: start + 1, "read as plain words")
            return start + 1
        }
        let text = String(characters[(start + 1)..<end])
        guard text.contains(where: { !$0.isWhitespace }) else {
            try problem("empty phrase", column: start + 1, "ignored")
            return end + 1
        }
        if let field {
            result.append(Lexeme(kind: .fieldPhrase(field: field, text: text), column: column))
        } else {
            result.append(Lexeme(kind: .phrase(text), column: column))
        }
        return end + 1
    }

    /// Reads `^number` at `start` (the `^`), which must touch the operand lexed just before it;
    /// returns the index after the number. Every problem points at the `^`. Lenient, a misplaced
    /// `^` or one without a number is skipped (what follows is read as words), a boost of 0 or
    /// less is ignored, one over `maxBoost` is `maxBoost`.
    private mutating func readBoost(at start: Int, after previous: Lexeme?, into result: inout [Lexeme])
        throws(QuerySyntaxError) -> Int
    {
        let column = start + 1
        var end = start + 1
        while end < characters.count, !Self.isDelimiter(characters[end]) { end += 1 }
        let digits = characters[(start + 1)..<end]
        if case .boost = previous?.kind, !characters[start - 1].isWhitespace {
            try problem("one boost per term ('^' after '^')", column: column, "ignored")
            return end
        }
        guard let previous, previous.endsOperand, !characters[start - 1].isWhitespace else {
            try problem("nothing before '^' (write word^2)", column: column, "'^' ignored")
            return start + 1
        }
        guard !digits.isEmpty else {
            try problem("no number after '^' (write word^2)", column: column, "'^' ignored")
            return start + 1
        }
        guard Self.isDecimal(digits), var factor = Double(String(digits)) else {
            try problem(
                "boost '\(String(digits))' is not a number (write word^2 or word^0.5)", column: column, "'^' ignored")
            return start + 1
        }
        guard factor > 0 else {
            try problem("boost must be more than 0", column: column, "ignored")
            return end
        }
        if factor > QueryGrammar.maxBoost {
            try problem(
                "boost over \(Int(QueryGrammar.maxBoost))", column: column, "read as ^\(Int(QueryGrammar.maxBoost))")
            factor = QueryGrammar.maxBoost
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
    private mutating func readWord(at start: Int, into result: inout [Lexeme]) throws(QuerySyntaxError) -> Int {
        var end = start
        while end < characters.count, !Self.isDelimiter(characters[end]) { end += 1 }
        let run = characters[start..<end]
        let column = start + 1
        let keyword: Lexeme.Kind? =
            switch String(run) {
            case "OR": .or
            case "AND": .and
            case "NOT": .not
            default: nil
            }
        if operatorsAreWords, Self.isOperatorWord(Substring(String(run))) {
            if !saidOperatorsAreWords {
                saidOperatorsAreWords = true
                notices.append(
                    QueryNotice("an all-capitals query has no operators: AND, OR, NOT, NEAR, ADJ read as words"))
            }
            result.append(Lexeme(kind: .word(String(run)), column: column))
            return end
        }
        if let keyword {
            result.append(Lexeme(kind: keyword, column: column))
            return end
        }
        if let proximity = try proximity(run, column: column) {
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
            // "GOAL: Global-local Object Alignment" just works; a likely misspelt field is named.
            let suggestion = QueryGrammar.closestField(to: typed, in: fields)
            if let suggestion {
                notices.append(
                    QueryNotice(
                        "unknown field '\(typed)' (did you mean \(suggestion)?): searched as text", column: column))
            } else if !value.isEmpty, typed.count >= 2 {
                notices.append(QueryNotice("unknown field '\(typed)': searched as text", column: column))
            }
            result.append(Lexeme(kind: .word(String(run)), column: column))
            return end
        }
        if !value.isEmpty {
            result.append(
                Lexeme(kind: .fieldWord(field: field, text: String(value), valueColumn: colon + 2), column: column))
            return end
        }
        if end < characters.count, Self.isQuote(characters[end]) {
            return try readPhrase(at: end, field: field, column: column, into: &result)
        }
        if end < characters.count, characters[end] == "(", !isSentence {
            result.append(Lexeme(kind: .fieldGroup(field: field, parenColumn: end + 1), column: column))
            return end + 1
        }
        try problem("empty value for field '\(typed)'", column: end + 1, "'\(typed):' ignored")
        return end
    }

    /// `NEAR`, `ADJ`, `NEAR/n` or `ADJ/n` as a lexeme; nil for any other word. Distance problems
    /// point at the character after the `/`; lenient, a distance out of range is clamped and one
    /// that is not a whole number makes the run a word (nil).
    private mutating func proximity(_ run: ArraySlice<Character>, column: Int) throws(QuerySyntaxError)
        -> Lexeme?
    {
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
        var distance = Int(digits) ?? QueryGrammar.maxDistance + 1
        guard !digits.isEmpty else {
            try problem("no distance after '\(name)/' (write \(name)/3)", column: digitsColumn, "read as a word")
            return nil
        }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            try problem(
                "distance '\(digits)' is not a whole number (write \(name)/3)", column: digitsColumn, "read as a word")
            return nil
        }
        if distance > QueryGrammar.maxDistance {
            try problem(
                "distance over \(QueryGrammar.maxDistance) in '\(text)'", column: digitsColumn,
                "read as \(name)/\(QueryGrammar.maxDistance)")
            distance = QueryGrammar.maxDistance
        }
        if distance < 1 {
            try problem("distance must be at least 1 in '\(text)'", column: digitsColumn, "read as \(name)/1")
            distance = 1
        }
        return Lexeme(kind: .near(distance: distance, ordered: ordered, spelling: text), column: column)
    }

    /// An ASCII letter, then ASCII letters, digits or `_`.
    private static func isFieldName(_ name: ArraySlice<Character>) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0 == "_" || $0.isNumber) }
    }

    /// Lenient: the lexemes without the parentheses nested deeper than `QueryGrammar.maxDepth`
    /// (each with its matching `)`), so that reading them cannot exhaust the stack.
    private static func withoutDeepGroups(_ lexemes: [Lexeme], notices: inout [QueryNotice]) -> [Lexeme] {
        var kept: [Lexeme] = []
        var open: [Bool] = []  // for each open group: was its '(' kept?
        var said = false
        for lexeme in lexemes {
            if lexeme.opensGroup {
                let keep = open.count < QueryGrammar.maxDepth
                open.append(keep)
                if keep {
                    kept.append(lexeme)
                } else if !said {
                    said = true
                    notices.append(
                        QueryNotice("query nested too deeply: the innermost parentheses ignored", column: lexeme.column)
                    )
                }
            } else if lexeme.kind == .close, let wasKept = open.popLast() {
                if wasKept { kept.append(lexeme) }
            } else {
                kept.append(lexeme)
            }
        }
        return kept
    }
}
