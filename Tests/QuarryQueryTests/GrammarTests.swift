import QuarryTestSupport
import Testing

@testable import QuarryQuery

/// The field names of the schema, spelled out so the grammar tests need nothing but the grammar.
private let fields: Set<String> = ["title", "author", "venue", "year", "date", "kind", "section", "skill", "body"]
private let fieldList = "author, body, date, kind, section, skill, title, venue, year"

@Suite("Query grammar")
struct GrammarTests {
    /// Input → expected `description` of the parsed tree.
    static let golden: [(String, String)] = [
        // A word before a colon that is not a field is searched as typed (pasted titles).
        ("foo:bar", "foo:bar"),
        ("GOAL: Global-local Object Alignment", "AND(GOAL:, Global-local, Object, Alignment)"),
        ("a Foo:(b)", "AND(a, Foo:, b)"),
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

    /// The forms added with wildcards, proximity, boosts and dates: input → expected `description`.
    static let goldenExtended: [(String, String)] = [
        // Wildcards: one trailing `*`, a field from the word or from `field:( )`.
        ("atten*", "atten*"),
        ("title:atten*", "title:atten*"),
        ("Title:Atten*", "title:Atten*"),
        ("title:(atten* sparse)", "AND(title:atten*, title:sparse)"),
        ("atten* OR sparse", "OR(atten*, sparse)"),
        ("-transform*", "NOT(transform*)"),
        ("GPT-* 2024.*", "AND(GPT-*, 2024.*)"),
        ("深度*", "深度*"),
        ("\"atten* is literal\"", "\"atten* is literal\""),
        ("http://arxiv.org/abs/2401*", "http://arxiv.org/abs/2401*"),
        // Proximity: NEAR unordered, ADJ ordered; plain NEAR = NEAR/10, plain ADJ = ADJ/1.
        ("a NEAR/3 b", "NEAR/3(a, b)"),
        ("a ADJ/2 b", "ADJ/2(a, b)"),
        ("a NEAR b", "NEAR/10(a, b)"),
        ("a ADJ b", "ADJ/1(a, b)"),
        ("a NEAR/3 b NEAR/3 c", "NEAR/3(a, b, c)"),
        ("a NEAR b NEAR/10 c", "NEAR/10(a, b, c)"),
        ("a NEAR/03 b", "NEAR/3(a, b)"),
        ("a NEAR/100 b", "NEAR/100(a, b)"),
        ("title:sparse NEAR/2 title:attention", "NEAR/2(title:sparse, title:attention)"),
        ("title:(sparse NEAR/2 attention)", "NEAR/2(title:sparse, title:attention)"),
        ("\"mixture of experts\" NEAR/5 routing", "NEAR/5(\"mixture of experts\", routing)"),
        ("atten* ADJ mechanism*", "ADJ/1(atten*, mechanism*)"),
        ("(a) NEAR b", "NEAR/10(a, b)"),
        ("x a OR b NEAR c", "AND(x, OR(a, NEAR/10(b, c)))"),
        ("a NEAR b OR c ADJ d", "OR(NEAR/10(a, b), ADJ/1(c, d))"),
        ("a NEAR b c", "AND(NEAR/10(a, b), c)"),
        ("a AND b ADJ c", "AND(a, ADJ/1(b, c))"),
        ("-(a NEAR/3 b)", "NOT(NEAR/3(a, b))"),
        ("near adj NEARLY near/3 ADJ-", "AND(near, adj, NEARLY, near/3, ADJ-)"),
        ("title:NEAR/3", "title:NEAR/3"),
        // Boosts: `^` touching a word, wildcard, phrase, field value or group.
        ("title:moe^3", "BOOST(title:moe, 3)"),
        ("\"mixture of experts\"^2", "BOOST(\"mixture of experts\", 2)"),
        ("(a b)^1.5", "BOOST(AND(a, b), 1.5)"),
        ("moe^0.5", "BOOST(moe, 0.5)"),
        ("moe^2.0 moe^0.25", "AND(BOOST(moe, 2), BOOST(moe, 0.25))"),
        ("moe^1000 moe^0.001", "AND(BOOST(moe, 1000), BOOST(moe, 0.001))"),
        ("atten*^2", "BOOST(atten*, 2)"),
        ("author:\"Ahan Gupta\"^4", "BOOST(author:\"Ahan Gupta\", 4)"),
        ("title:(a b)^2 c", "AND(BOOST(AND(title:a, title:b), 2), c)"),
        ("-moe^2", "NOT(BOOST(moe, 2))"),
        ("(a NEAR/3 b)^4 c", "AND(BOOST(NEAR/3(a, b), 4), c)"),
        ("a^2 OR b^3", "OR(BOOST(a, 2), BOOST(b, 3))"),
        ("(a OR b)^2(c)", "AND(BOOST(OR(a, b), 2), c)"),
        // Date ranges: `-` never splits a value; `..` makes a range, either end open.
        ("date:2024-06..2025-01", "date:2024-06..2025-01"),
        ("date:2024-06-15..", "date:2024-06-15.."),
        ("date:..2025", "date:..2025"),
        ("date:2024-06", "date:2024-06"),
        ("date:(2024-06 OR 2024-07..2024-09)", "OR(date:2024-06, date:2024-07..2024-09)"),
        ("date:2024-06-15..2024-06-30 -draft", "AND(date:2024-06-15..2024-06-30, NOT(draft))"),
        // OR between fields.
        ("author:gupta OR venue:LG", "OR(author:gupta, venue:LG)"),
        (
            "author:gupta OR author:\"Noam Shazeer\" kind:paper",
            "AND(OR(author:gupta, author:\"Noam Shazeer\"), kind:paper)"
        ),
        ("skill:swift OR title:swift OR swift", "OR(skill:swift, title:swift, swift)"),
        ("year:2024 OR venue:LG OR -kind:resume", "OR(year:2024, venue:LG, NOT(kind:resume))"),
        ("(author:gupta OR venue:LG) date:2024..", "AND(OR(author:gupta, venue:LG), date:2024..)"),
    ]

    @Test("golden: input → tree", arguments: golden + goldenExtended)
    func goldenParse(input: String, expected: String) throws {
        #expect(try QueryGrammar.parse(input, fields: fields).description == expected)
    }

    @Test("trees are built as the golden strings say")
    func structure() throws {
        #expect(
            try QueryGrammar.parse("author:\"Ahan Gupta\" year:..2025", fields: fields)
                == .and([.phrase(field: "author", text: "Ahan Gupta"), .range(field: "year", low: nil, high: "2025")]))
        #expect(try QueryGrammar.parse("GPT-2", fields: fields) == .word(field: nil, text: "GPT-2"))
        #expect(try QueryGrammar.parse("title:atten*", fields: fields) == .wildcard(field: "title", prefix: "atten"))
        #expect(
            try QueryGrammar.parse("a NEAR/3 \"b c\" NEAR/3 de*", fields: fields)
                == .near(
                    children: [
                        .word(field: nil, text: "a"), .phrase(field: nil, text: "b c"),
                        .wildcard(field: nil, prefix: "de"),
                    ],
                    distance: 3, ordered: false))
        #expect(
            try QueryGrammar.parse("a ADJ b", fields: fields)
                == .near(
                    children: [.word(field: nil, text: "a"), .word(field: nil, text: "b")],
                    distance: QueryGrammar.defaultAdjDistance, ordered: true))
        #expect(
            try QueryGrammar.parse("a NEAR b", fields: fields)
                == .near(
                    children: [.word(field: nil, text: "a"), .word(field: nil, text: "b")],
                    distance: QueryGrammar.defaultNearDistance, ordered: false))
        #expect(
            try QueryGrammar.parse("title:moe^1.5", fields: fields) == .boost(.word(field: "title", text: "moe"), 1.5))
        #expect(
            try QueryGrammar.parse("date:2024-06-15..", fields: fields)
                == .range(field: "date", low: "2024-06-15", high: nil))
        #expect(QueryGrammar.defaultNearDistance == 10 && QueryGrammar.defaultAdjDistance == 1)
        #expect(QueryGrammar.maxDistance == 100 && QueryGrammar.maxBoost == 1000)
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
        ("()", "empty parentheses", 1),
        ("a ( ) b", "empty parentheses", 3),
        ("author:()", "empty parentheses", 8),
        ("year:..", "empty range for field 'year'", 1),
        ("x year:1..2..3", "bad range '1..2..3' (write low..high)", 3),
        (String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150), "query nested too deeply", 101),
        (String(repeating: "NOT ", count: 150) + "a", "query nested too deeply", 401),
        (String(repeating: "-", count: 150) + "a", "query nested too deeply", 101),
        // Wildcards.
        ("*", "'*' alone matches nothing (write atten*)", 1),
        ("a * b", "'*' alone matches nothing (write atten*)", 3),
        ("title:*", "'*' alone matches nothing (write atten*)", 7),
        ("*tion", "wildcards go at the end of a word: atten*", 1),
        ("x a*b", "wildcards go at the end of a word: atten*", 4),
        ("atten**", "wildcards go at the end of a word: atten*", 6),
        ("title:*tion", "wildcards go at the end of a word: atten*", 7),
        ("a*", "wildcard needs at least 2 letters or digits before '*'", 2),
        ("x-*", "wildcard needs at least 2 letters or digits before '*'", 3),
        ("title:(a*)", "wildcard needs at least 2 letters or digits before '*'", 9),
        ("year:2023..*", "a range cannot hold '*' (leave the end open: year:2023..)", 12),
        // Proximity.
        ("NEAR a", "nothing before 'NEAR'", 1),
        ("(NEAR/2 b)", "nothing before 'NEAR/2'", 2),
        ("a OR ADJ b", "nothing after 'OR'", 3),
        ("a NEAR", "nothing after 'NEAR'", 3),
        ("a NEAR/3", "nothing after 'NEAR/3'", 3),
        ("a ADJ/2 OR b", "nothing after 'ADJ/2'", 3),
        ("(a NEAR) b", "nothing after 'NEAR'", 4),
        ("a NEAR/ b", "no distance after 'NEAR/' (write NEAR/3)", 8),
        ("a NEAR/x b", "distance 'x' is not a whole number (write NEAR/3)", 8),
        ("a NEAR/2.5 b", "distance '2.5' is not a whole number (write NEAR/3)", 8),
        ("a ADJ/-1 b", "distance '-1' is not a whole number (write ADJ/3)", 7),
        ("a NEAR/0 b", "distance must be at least 1 in 'NEAR/0'", 8),
        ("a NEAR/101 b", "distance over 100 in 'NEAR/101'", 8),
        ("a ADJ/99999999999999999999999 b", "distance over 100 in 'ADJ/99999999999999999999999'", 7),
        ("a NEAR/3 b ADJ/3 c", "'NEAR/3' and 'ADJ/3' in one chain (use one operator and distance)", 12),
        ("a NEAR/3 b NEAR/4 c", "'NEAR/3' and 'NEAR/4' in one chain (use one operator and distance)", 12),
        ("(a b) NEAR c", "NEAR joins words, phrases and wildcards", 1),
        ("a NEAR/2 year:2020..2022", "NEAR joins words, phrases and wildcards", 10),
        ("a NEAR (b NEAR c)", "NEAR joins words, phrases and wildcards", 8),
        ("a NEAR -b", "NEAR joins words, phrases and wildcards (to exclude, write -(a NEAR b))", 8),
        ("NOT a ADJ b", "ADJ joins words, phrases and wildcards (to exclude, write -(a ADJ b))", 1),
        ("a^2 NEAR b", "NEAR joins words, phrases and wildcards (to boost, write (a NEAR b)^2)", 1),
        ("title:a NEAR b", "NEAR needs its words in one field (write title:(a NEAR b))", 14),
        ("title:a ADJ/2 author:b", "ADJ needs its words in one field (write title:(a ADJ b))", 15),
        // Boosts.
        ("^2", "nothing before '^' (write word^2)", 1),
        ("a ^2", "nothing before '^' (write word^2)", 3),
        ("(^2 a)", "nothing before '^' (write word^2)", 2),
        ("a OR^2 b", "nothing before '^' (write word^2)", 5),
        ("-^2", "nothing before '^' (write word^2)", 2),
        ("a NEAR/3^2 b", "nothing before '^' (write word^2)", 9),
        ("moe^", "no number after '^' (write word^2)", 4),
        ("moe^ x", "no number after '^' (write word^2)", 4),
        ("(a b)^)", "no number after '^' (write word^2)", 6),
        ("moe^x", "boost 'x' is not a number (write word^2 or word^0.5)", 4),
        ("moe^-1", "boost '-1' is not a number (write word^2 or word^0.5)", 4),
        ("moe^1e3", "boost '1e3' is not a number (write word^2 or word^0.5)", 4),
        ("moe^2.", "boost '2.' is not a number (write word^2 or word^0.5)", 4),
        ("moe^0", "boost must be more than 0", 4),
        ("\"a b\"^0.0", "boost must be more than 0", 6),
        ("moe^1001", "boost over 1000", 4),
        ("moe^2^3", "one boost per term ('^' after '^')", 6),
        ("title:^2", "empty value for field 'title'", 7),
        ("date:..", "empty range for field 'date'", 1),
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

    /// Random queries over an alphabet of the grammar's sharp edges: every one returns a node or
    /// throws a `QuerySyntaxError` whose column lies inside the text (or just after it). Seeded, so a
    /// failure repeats; a fixed number of rounds and a time limit keep it short.
    @Test("fuzz: never crashes, never hangs", .timeLimit(.minutes(1)))
    func fuzz() {
        let alphabet = [
            "\"", "\u{201C}", "(", ")", ":", "-", "--", "..", " ", " ", " ", "\t", "a", "b", "x1", "GPT-2",
            "OR", "AND", "NOT", "or", "author", "year", "title:", "year:", "foo:", "2023", "é", "深", "://",
            "'", "+", "#",
            "*", "*", "^", "^", "0", "1", "3", "0.5", "/", "/", "NEAR", "ADJ", "NEAR/3", "ADJ/", "near",
            " NEAR ", " ADJ/2 ", "..", "date:", "2024-06", "atten",
        ]
        var random = SplitMix64(seed: 0xFEED_BEEF)
        var parsed = 0
        var failed = 0
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .seconds(30))
        for round in 0..<40_000 {
            if round % 1000 == 0 && clock.now > deadline { break }
            var input = ""
            for _ in 0..<Int(random.next() % 16) {
                input += alphabet[Int(random.next() % UInt64(alphabet.count))]
            }
            do {
                let node = try QueryGrammar.parse(input, fields: fields)
                #expect(!node.description.isEmpty)
                parsed += 1
            } catch {
                // Typed throws: `error` is a QuerySyntaxError.
                #expect(error.column >= 1 && error.column <= input.count + 1, "\(input): \(error)")
                #expect(!error.message.isEmpty)
                failed += 1
            }
        }
        // The alphabet should reach both outcomes often.
        #expect(parsed > 1000 && failed > 1000, "parsed \(parsed), failed \(failed)")
    }
}

/// The lenient reading (`QueryGrammar.read`, the default of `quarry search`): every malformed query
/// of the strict table is read as words, with a notice at the column of the problem.
@Suite("Lenient query reading")
struct LenientReadingTests {
    /// Input → expected tree (`-` for nothing to search) and a piece of the first notice.
    static let readings: [(String, String, String)] = [
        ("", "-", "no words"),
        ("\"", "-", "unclosed quote"),
        ("a \"b c", "AND(a, b, c)", "unclosed quote: read as plain words"),
        ("19\" rack", "AND(19, rack)", "unclosed quote"),
        ("author:\"x", "x", "unclosed quote"),
        ("\"\"", "-", "empty phrase: ignored"),
        ("(a b", "AND(a, b)", "missing ')': closed at the end"),
        ("windows update werkt niet (windows se", "AND(windows, update, werkt, niet, windows, se)", "missing ')'"),
        ("a)", "a", "unexpected ')': ignored"),
        ("(a) b) c", "AND(a, b, c)", "unexpected ')'"),
        ("OR a", "a", "nothing before 'OR'"),
        ("a OR", "a", "nothing after 'OR'"),
        ("a OR OR b", "AND(a, b)", "nothing after 'OR'"),
        ("a (b OR)", "AND(a, b)", "nothing after 'OR'"),
        ("AND a", "a", "nothing before 'AND'"),
        ("a AND", "a", "nothing after 'AND'"),
        ("NOT", "-", "nothing after 'NOT'"),
        ("a NOT", "a", "nothing after 'NOT'"),
        ("a -", "a", "nothing after '-'"),
        ("a - b", "AND(a, b)", "a dash, ignored"),
        ("Targum -- A Corpus", "AND(Targum, A, Corpus)", "'--' between words: a dash, ignored"),
        ("Report for AI --- Benchmarking", "AND(Report, for, AI, Benchmarking)", "'---' between words"),
        ("Technical Report --", "AND(Technical, Report)", "'--' between words"),
        ("author: Gupta", "Gupta", "'author:' ignored"),
        ("()", "-", "empty parentheses"),
        ("php date() nedelands", "AND(php, date, nedelands)", "empty parentheses: ignored"),
        ("year:..", "-", "empty range"),
        ("x year:1..2..3", "AND(x, 1..2..3)", "read as words"),
        (String(repeating: "(", count: 150) + "a" + String(repeating: ")", count: 150), "a", "nested too deeply"),
        (
            String(repeating: "NOT ", count: 150) + "a",
            String(repeating: "NOT(", count: 100) + "a" + String(repeating: ")", count: 100), "nested too deeply"
        ),
        ("*", "-", "alone matches nothing"),
        ("*** stop: 0x0000001E (...)", "AND(stop:, 0x0000001E, ...)", "'***' alone matches nothing"),
        ("*tion", "tion", "the leading '*' ignored"),
        ("x a*b", "AND(x, a*b)", "read as words"),
        ("atten**", "atten*", "wildcards go at the end"),
        ("a*", "a", "read as a word"),
        ("year:2023..*", "year:2023..", "'*' ignored"),
        ("NEAR a", "a", "nothing before 'NEAR'"),
        ("a NEAR", "a", "nothing after 'NEAR'"),
        ("a NEAR/x b", "AND(a, NEAR/x, b)", "read as a word"),
        ("a NEAR/0 b", "NEAR/1(a, b)", "read as NEAR/1"),
        ("a NEAR/101 b", "NEAR/100(a, b)", "read as NEAR/100"),
        ("a NEAR/3 b ADJ/5 c", "NEAR/5(a, b, c)", "read as NEAR/5"),
        ("(a b) NEAR c", "AND(a, b, c)", "read as AND"),
        ("a NEAR -b", "AND(a, NOT(b))", "read as AND"),
        ("title:a NEAR b", "AND(title:a, b)", "read as AND"),
        ("^2", "2", "'^' ignored"),
        ("a ^2", "AND(a, 2)", "nothing before '^'"),
        ("moe^x", "AND(moe, x)", "is not a number"),
        ("moe^0", "moe", "boost must be more than 0: ignored"),
        ("moe^5000", "BOOST(moe, 1000)", "read as ^1000"),
        ("moe^2^3", "BOOST(moe, 2)", "one boost per term"),
        // An all-capitals query has no operators.
        ("WHAT IS AND NOT OR LOGIC", "AND(WHAT, IS, AND, NOT, OR, LOGIC)", "all-capitals"),
        // A sentence has no grouping and no exclusion.
        (
            "what methods -dash exact or approximate -dash are available (if any) .",
            "AND(what, methods, dash, exact, or, approximate, dash, are, available, if, any, .)",
            "read as a sentence"
        ),
        // Unknown fields are text, with a suggestion when one is close.
        ("auther:gupta", "auther:gupta", "unknown field 'auther' (did you mean author?)"),
        ("titel:moe", "titel:moe", "(did you mean title?)"),
        ("isbn:123", "isbn:123", "unknown field 'isbn': searched as text"),
    ]

    @Test("malformed → words and a notice", arguments: readings)
    func lenient(input: String, expected: String, notice: String) throws {
        let reading = try QueryGrammar.read(input, fields: fields)
        #expect((reading.node?.description ?? "-") == expected, "\(input)")
        #expect(reading.notices.contains { $0.description.contains(notice) }, "\(input): \(reading.notices)")
        for note in reading.notices {
            if let column = note.column { #expect(column >= 1 && column <= input.count + 1) }
        }
    }

    /// Every strictly malformed query reads leniently with at least one notice, and never throws.
    @Test("every strict error is a lenient notice", arguments: GrammarTests.malformed.map(\.0))
    func everyMalformedQueryReads(input: String) throws {
        let reading = try QueryGrammar.read(input, fields: fields)
        #expect(!reading.notices.isEmpty, "\(input)")
    }

    /// Valid queries read the same leniently as strictly, without notices (unless all capitals or a sentence).
    @Test("valid queries read as they parse", arguments: GrammarTests.golden + GrammarTests.goldenExtended)
    func validQueriesReadTheSame(input: String, expected: String) throws {
        let reading = try QueryGrammar.read(input, fields: fields)
        #expect(reading.node?.description == expected, "\(input)")
    }

    @Test("strict reading keeps the unknown-field notice")
    func strictNotices() throws {
        let reading = try QueryGrammar.read("auther:gupta moe", fields: fields, strict: true)
        #expect(reading.node?.description == "AND(auther:gupta, moe)")
        #expect(
            reading.notices.map(\.description) == [
                "column 1: unknown field 'auther' (did you mean author?): searched as text"
            ])
        #expect(throws: QuerySyntaxError(message: "unclosed quote", column: 1)) {
            try QueryGrammar.read("\"a", fields: fields, strict: true)
        }
    }

    @Test(arguments: [
        ("auther", "author"), ("titel", "title"), ("yaer", "year"), ("kinds", "kind"), ("ventue", "venue"),
    ])
    func closestField(typed: String, field: String) {
        #expect(QueryGrammar.closestField(to: typed, in: fields) == field)
    }

    @Test(arguments: ["nutrition", "goal", "http", "x"])
    func noCloseField(typed: String) {
        #expect(QueryGrammar.closestField(to: typed, in: fields) == nil)
    }
}
