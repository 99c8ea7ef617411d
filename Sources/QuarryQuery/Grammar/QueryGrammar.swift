/// Reads query text.
///
/// The language, loosest binding first:
///
///     query     := sequence                       (an empty query is an error when strict)
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
/// letters, digits or `_` (so `10:30`, `:x` and `C:\dir` are plain words), and `name` is one of
/// `fields` (compared in lower case). Any other `name:value` is searched as the text it is (a
/// pasted title such as `GOAL: Global-local Object Alignment` just works), with a notice when it
/// looks like a misspelt field (`auther:gupta`: "did you mean author?"). A URL
/// (`http://x.org`, a value starting with `//`) is one plain word.
///
/// ## Strict and lenient reading
///
/// Strict reading (`parse`, or `read(strict: true)`; `quarry search --strict`) rejects anything
/// that breaks the rules above with a `QuerySyntaxError` naming its column. The lenient reading
/// (`read`, the default of `quarry search`) never fails: what is not valid syntax is read as the
/// words it holds, and each such place gets a `QueryNotice` saying how it was read:
///
/// - an unclosed quote is read as plain words (`19" rack` → `19 rack`); an empty phrase is ignored;
/// - a missing `)` is closed at the end, a stray `)` and empty parentheses are ignored
///   (`php date() nedelands`), parentheses nested deeper than `maxDepth` are ignored;
/// - an operator with nothing on one side (`OR a`, `a AND`, `NOT`, `a NEAR`) is ignored, and so is
///   a `-` with nothing or a space after it (a dash between spaces is not NOT);
/// - a proximity chain that mixes distances takes the widest (`NEAR` if any is unordered); one whose
///   operands are not words, phrases and wildcards of one field is read as AND of its operands;
///   a distance out of range is clamped, one that is not a number makes the operator a word;
/// - a `*` alone or at the start of a word is ignored (`*** stop` → `stop`); inside a word it
///   separates words (`a*b`); a wildcard with fewer than 2 letters or digits is a word;
/// - a `^` that boosts nothing or no number is ignored (the text after it is read as words);
///   a boost over `maxBoost` is `maxBoost`, one of 0 or less is ignored;
/// - a known field with no value (`title: attention`) is ignored; a range with `*` drops the `*`,
///   a malformed or empty range is read as words or ignored.
///
/// Two rules read natural language as such, and apply only when lenient:
///
/// - an all-capitals query (no lower-case letter, some capitalised word besides operators) has no
///   operators: `AND`, `OR`, `NOT`, `NEAR`, `ADJ` are words (`WHAT IS AND NOT OR LOGIC`);
/// - a sentence — a query that ends with `.`, `?` or `!` and names no field — has no grouping or
///   exclusion: parentheses and a `-` before a word are punctuation
///   (`what methods -dash exact or approximate -dash are available (if any) .`).
public enum QueryGrammar {
    /// Nesting deeper than this (parentheses, NOT, `-`) is rejected (strict) or ignored (lenient)
    /// instead of exhausting the stack.
    public static let maxDepth = 100

    /// The distance of a plain `NEAR`: `a NEAR b` is `a NEAR/10 b`.
    public static let defaultNearDistance = 10

    /// The distance of a plain `ADJ`: `a ADJ b` is `a ADJ/1 b`, b directly after a.
    public static let defaultAdjDistance = 1

    /// The largest distance `NEAR/n` and `ADJ/n` accept.
    public static let maxDistance = 100

    /// The largest factor `^` accepts; larger ones are rejected as mistakes (strict) or read as it.
    public static let maxBoost = 1000.0

    /// Parses `text` strictly into a query tree; `fields` are the names allowed before a colon.
    /// Throws a `QuerySyntaxError` with the column of the first problem ("empty query" when the
    /// text holds nothing to search for).
    public static func parse(_ text: String, fields: Set<String>) throws(QuerySyntaxError) -> QueryNode {
        let reading = try read(text, fields: fields, strict: true)
        guard let node = reading.node else { throw QuerySyntaxError(message: "empty query", column: 1) }
        return node
    }

    /// Reads `text` into a query tree with notices. Lenient (the default) never throws: the tree is
    /// nil when nothing searchable is left; strict throws at the first problem, as `parse` does.
    /// Notices about unknown fields come in both modes; they are sorted by column.
    public static func read(_ text: String, fields: Set<String>, strict: Bool = false) throws(QuerySyntaxError)
        -> ReadQuery
    {
        var lexer = QueryLexer(text: text, fields: fields, strict: strict)
        let lexemes = try lexer.lexemes()
        var parser = QueryParser(lexemes: lexemes, strict: strict)
        let node = try parser.parseQuery()
        var notices = lexer.notices + parser.notices
        if node == nil, !strict {
            notices.append(QueryNotice("the query has no words to search for"))
        }
        // Stable: by column, notices without one last.
        notices = notices.enumerated().sorted { a, b in
            let (x, y) = (a.element.column ?? Int.max, b.element.column ?? Int.max)
            return x != y ? x < y : a.offset < b.offset
        }.map(\.element)
        return ReadQuery(node: node, notices: notices)
    }

    /// Two lines for a terminal: the query, then spaces and a `^` under the error's column.
    public static func caret(for error: QuerySyntaxError, in text: String) -> String {
        // One character per column: line breaks and tabs become spaces so the caret lines up.
        let line = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let column = min(max(error.column, 1), line.count + 1)
        return line + "\n" + String(repeating: " ", count: column - 1) + "^"
    }

    /// The field among `fields` that `name` is most likely a misspelling of (one edit for names of
    /// up to 4 letters, two for longer ones; a swap of neighbours is one edit), or nil.
    static func closestField(to name: String, in fields: Set<String>) -> String? {
        let typed = Array(name.lowercased())
        let allowed = typed.count <= 4 ? 1 : 2
        var best: (field: String, distance: Int)? = nil
        for field in fields.sorted() {
            let distance = editDistance(typed, Array(field))
            if distance <= allowed, distance < (best?.distance ?? Int.max) { best = (field, distance) }
        }
        return best?.field
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
