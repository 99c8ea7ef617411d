import Testing

@testable import QuarryQuery

/// The field names of the schema, spelled out so the grammar tests need nothing but the grammar.
private let fields: Set<String> = ["title", "author", "venue", "year", "kind", "section", "skill", "body"]
private let fieldList = "author, body, kind, section, skill, title, venue, year"

@Suite("Query grammar")
struct GrammarTests {
    /// Input → expected `description` of the parsed tree.
    static let golden: [(String, String)] = [
        ("transformer", "transformer"),
        ("sparse attention", "AND(sparse, attention)"),
        ("  padded\tquery\n", "AND(padded, query)"),
        ("\"mixture of experts\"", "\"mixture of experts\""),
        ("author:\"Ahan Gupta\"", "author:\"Ahan Gupta\""),
        ("author:Gupta", "author:Gupta"),
        ("Author:Gupta", "author:Gupta"),
        ("kind:paper venue:LG", "AND(kind:paper, venue:LG)"),
        ("venue:cs.LG", "venue:cs.LG"),
        ("year:2024", "year:2024"),
        ("year:2023..2025", "year:2023..2025"),
        ("year:..2025", "year:..2025"),
        ("year:2023..", "year:2023.."),
        ("1..2", "1..2"),
        ("a OR b c", "AND(OR(a, b), c)"),
        ("a b OR c", "AND(a, OR(b, c))"),
        ("a OR b OR c", "OR(a, b, c)"),
        ("a AND b", "AND(a, b)"),
        ("a AND b OR c", "AND(a, OR(b, c))"),
        ("lower or and not", "AND(lower, or, and, not)"),
        ("Or And Not", "AND(Or, And, Not)"),
        ("-word", "NOT(word)"),
        ("a -b", "AND(a, NOT(b))"),
        ("--a", "NOT(NOT(a))"),
        ("NOT a", "NOT(a)"),
        ("NOT NOT a", "NOT(NOT(a))"),
        ("NOT (a OR b)", "NOT(OR(a, b))"),
        ("NOT(a)", "NOT(a)"),
        ("NOT a OR b", "OR(NOT(a), b)"),
        ("-(a b)", "NOT(AND(a, b))"),
        ("-author:smith", "NOT(author:smith)"),
        ("-\"exact phrase\"", "NOT(\"exact phrase\")"),
        ("title:(sparse attention)", "AND(title:sparse, title:attention)"),
        ("title:(a b OR c)", "AND(title:a, OR(title:b, title:c))"),
        ("title:(\"a b\" -c)", "AND(title:\"a b\", NOT(title:c))"),
        ("title:(year:2024 x)", "AND(year:2024, title:x)"),
        ("year:(2020 OR 2022..2023)", "OR(year:2020, year:2022..2023)"),
        ("venue:\"machine learning\" OR venue:LG", "OR(venue:\"machine learning\", venue:LG)"),
        ("GPT-2 1.55x", "AND(GPT-2, 1.55x)"),
        ("state-of-the-art x-", "AND(state-of-the-art, x-)"),
        ("C++ C# Arm's", "AND(C++, C#, Arm's)"),
        ("(a b) c", "AND(a, b, c)"),
        ("(a OR b) OR c", "OR(a, b, c)"),
        ("((a))", "a"),
        ("(a OR b)c", "AND(OR(a, b), c)"),
        ("(a OR b) -c year:2023..", "AND(OR(a, b), NOT(c), year:2023..)"),
        ("foo\"bar baz\"", "AND(foo, \"bar baz\")"),
        ("\u{201C}curly quotes\u{201D}", "\"curly quotes\""),
        ("http://arxiv.org/abs/2401.1", "http://arxiv.org/abs/2401.1"),
        ("10:30 :x", "AND(10:30, :x)"),
        ("author:OR", "author:OR"),
        ("author:a:b", "author:a:b"),
        ("Balázs 深度学习", "AND(Balázs, 深度学习)"),
        ("\"größe\" über", "AND(\"größe\", über)"),
        ("author:\"Balázs Szegedy\" हिन्दी", "AND(author:\"Balázs Szegedy\", हिन्दी)"),
    ]

    @Test("golden: input → tree", arguments: golden)
    func goldenParse(input: String, expected: String) throws {
        #expect(try QueryGrammar.parse(input, fields: fields).description == expected)
    }

    @Test("trees are built as the golden strings say")
    func structure() throws {
        #expect(
            try QueryGrammar.parse("author:\"Ahan Gupta\" year:..2025", fields: fields)
                == .and([.phrase(field: "author", text: "Ahan Gupta"), .range(field: "year", low: nil, high: "2025")]))
        #expect(try QueryGrammar.parse("GPT-2", fields: fields) == .word(field: nil, text: "GPT-2"))
    }

    /// Input → expected message and column.
    static let malformed: [(String, String, Int)] = [
        ("", "empty query", 1),
        ("   \t ", "empty query", 1),
        ("\"", "unclosed quote", 1),
        ("a \"b c", "unclosed quote", 3),
        ("author:\"x", "unclosed quote", 8),
        ("\"\"", "empty phrase", 1),
        ("a \"  \"", "empty phrase", 3),
        ("(a b", "missing ')'", 1),
        ("a (b (c)", "missing ')'", 3),
        ("title:(a", "missing ')'", 7),
        ("a)", "unexpected ')'", 2),
        (")", "unexpected ')'", 1),
        ("(a) b)", "unexpected ')'", 6),
        ("OR a", "nothing before 'OR'", 1),
        ("a OR", "nothing after 'OR'", 3),
        ("a OR OR b", "nothing after 'OR'", 3),
        ("(OR a)", "nothing before 'OR'", 2),
        ("a (b OR)", "nothing after 'OR'", 6),
        ("AND a", "nothing before 'AND'", 1),
        ("a AND", "nothing after 'AND'", 3),
        ("a AND OR b", "nothing after 'AND'", 3),
        ("a AND )", "nothing after 'AND'", 3),
        ("NOT", "nothing after 'NOT'", 1),
        ("a NOT", "nothing after 'NOT'", 3),
        ("(NOT)", "nothing after 'NOT'", 2),
        ("NOT OR a", "nothing after 'NOT'", 1),
        ("-", "nothing after '-'", 1),
        ("a -", "nothing after '-'", 3),
        ("(-)", "nothing after '-'", 2),
        ("a - b", "space after '-' (write -word to exclude a word)", 3),
        ("author:", "empty value for field 'author'", 8),
        ("author: Gupta", "empty value for field 'author'", 8),
        ("(author:)", "empty value for field 'author'", 9),
        ("foo:bar", "unknown field 'foo' (fields: \(fieldList))", 1),
        ("a Foo:(b)", "unknown field 'Foo' (fields: \(fieldList))", 3),
        ("()", "empty parentheses", 1),
        ("a ( ) b", "empty parentheses", 3),
        ("author:()", "empty parentheses", 8),
        ("year:..", "empty range for field 'year'", 1),
        ("x year:1..2..3", "bad range '1..2..3' (write low..high)", 3),
        (String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150), "query nested too deeply", 101),
        (String(repeating: "NOT ", count: 150) + "a", "query nested too deeply", 401),
        (String(repeating: "-", count: 150) + "a", "query nested too deeply", 101),
    ]

    @Test("malformed: message and column", arguments: malformed)
    func malformedInput(input: String, message: String, column: Int) {
        #expect(throws: QuerySyntaxError(message: message, column: column)) {
            try QueryGrammar.parse(input, fields: fields)
        }
    }

    @Test("error description and caret")
    func caret() {
        let error = QuerySyntaxError(message: "unclosed quote", column: 7)
        #expect(error.description == "column 7: unclosed quote")
        #expect(QueryGrammar.caret(for: error, in: "attn \"sparse") == "attn \"sparse\n      ^")
        #expect(QueryGrammar.caret(for: QuerySyntaxError(message: "x", column: 4), in: "a\tb\nc") == "a b c\n   ^")
        // A column past the end points just after the text, never further.
        #expect(QueryGrammar.caret(for: QuerySyntaxError(message: "x", column: 99), in: "ab") == "ab\n  ^")
    }

    @Test("the caret sits under the reported column", arguments: malformed.map(\.0))
    func caretMatchesColumn(input: String) {
        do {
            _ = try QueryGrammar.parse(input, fields: fields)
            Issue.record("expected an error for \(input)")
        } catch {
            let lines = QueryGrammar.caret(for: error, in: input).split(
                separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2)
            #expect(lines.last?.count == error.column)
        }
    }

    /// Random queries over an alphabet of the grammar's sharp edges: every one parses or throws a
    /// syntax error whose column lies inside the text (or just after it).
    @Test("fuzz: never crashes, never hangs", .timeLimit(.minutes(1)))
    func fuzz() {
        let alphabet = [
            "\"", "\u{201C}", "(", ")", ":", "-", "--", "..", " ", " ", " ", "\t", "a", "b", "x1", "GPT-2",
            "OR", "AND", "NOT", "or", "author", "year", "title:", "year:", "foo:", "2023", "é", "深", "://",
            "'", "+", "#",
        ]
        var random = SplitMix64(seed: 0xFEED_BEEF)
        var parsed = 0
        var failed = 0
        for _ in 0..<20_000 {
            var input = ""
            for _ in 0..<Int(random.next() % 16) {
                input += alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            do {
                let node = try QueryGrammar.parse(input, fields: fields)
                #expect(!node.description.isEmpty)
                parsed += 1
            } catch {
                #expect(error.column >= 1 && error.column <= input.count + 1, "\(input): \(error)")
                #expect(!error.message.isEmpty)
                failed += 1
            }
        }
        // The alphabet should reach both outcomes often.
        #expect(parsed > 1000 && failed > 1000)
    }
}

/// A small, seeded random generator, so that failures repeat.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
