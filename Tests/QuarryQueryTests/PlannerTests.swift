import QuarryAnalysis
import QuarryIndex
import QuarryModel
import Testing

@testable import QuarryQuery

/// Golden tests of the planner: query text → the Xapian query it plans, in Xapian's own
/// description (the shim's describe function). Prefixes, slots and sortable bounds come from the
/// schema table; words from the indexer's analyzer (stems, compounds, stopwords for `--match any`).
@Suite struct PlannerTests {
    /// One analyzer per test: an analyzer is not thread-safe.
    let analyzer: Analyzer

    init() throws {
        analyzer = try Analyzer()
    }

    func planned(
        _ text: String, match: Planner.Match = .all, ranking: Planner.Ranking = Planner.Ranking(),
        synonyms: String = "", people: [QueryNode: [String]] = [:], strict: Bool = false
    ) throws -> String {
        var planner = Planner(analyzer: analyzer, synonyms: Synonyms(text: synonyms, analyzer: analyzer))
        planner.people = people
        planner.strict = strict
        let node = try QueryGrammar.parse(text, fields: Schema.queryFieldNames)
        return try planner.plan(node, match: match, ranking: ranking).description
    }

    @Test(arguments: [
        ("sparse attention", "Query((spars@1 AND attent@1))"),
        ("title:lynx", "Query(Slynx@1)"),
        // A quoted phrase is its words as written: the stems rank, the exact terms filter (issue 10).
        (
            "\"mixture of experts\"",
            "Query(((mixtur@1 PHRASE 3 of@2 PHRASE 3 expert@3) FILTER (XEmixture AND XEof AND XEexperts)))"
        ),
        ("Mixture-of-Experts", "Query(((mixtur@1 PHRASE 3 of@2 PHRASE 3 expert@3) OR mixtureofexpert))"),
        ("GPT-2", "Query(((gpt@1 PHRASE 2 2@2) OR gpt2))"),
        ("atten*", "Query(WILDCARD SYNONYM atten)"),
        ("title:atten*", "Query(WILDCARD SYNONYM Satten)"),
        ("kind:paper year:2024", "Query((Kpaper AND Y2024))"),
        ("author:\"Vima Gupta\"", "Query((Avima@1 PHRASE 2 Agupta@2))"),
        ("venue:LG", "Query(XVlg@1)"),
        ("skill:pytorch", "Query(XKpytorch@1)"),
        ("section:education", "Query(XSeduc@1)"),
        ("folder:People", "Query(XFpeople@1)"),
        ("category:advocate", "Query(XCadvocate@1)"),
        ("doi:10.1145/ABC", "Query(XO10.1145/abc)"),
        ("key:pell2024", "Query(XBpell2024)"),
        ("a OR b c", "Query(((a@1 OR b@1) AND c@1))"),
        ("lynx -kernel", "Query((lynx@1 AND_NOT kernel@1))"),
        ("NOT kernel", "Query((<alldocuments> AND_NOT kernel@1))"),
        ("lynx^3", "Query(3 * lynx@1)"),
        ("mixture NEAR/2 experts", "Query((mixtur NEAR 3 expert))"),
        ("successor ADJ/3 acquisition", "Query((successor PHRASE 4 acquisit))"),
    ])
    func wordsFieldsAndOperators(query: String, expected: String) throws {
        #expect(try planned(query) == expected)
    }

    /// Years are sortable numbers; a date is `yyyymmdd`, a month's start 00 and its end 99.
    @Test(arguments: [
        ("year:2023..2025", "Query(VALUE_RANGE 4 \\xcf\\xe7 \\xcf\\xe9)"),
        ("date:2024-06", "Query(VALUE_RANGE 5 \\xe0D\\xd3c` \\xe0D\\xd3d\\xec)"),
        ("date:..2024-06-15", "Query(VALUE_LE 5 \\xe0D\\xd3c\\x9c)"),
    ])
    func rangesOverSortableSlots(query: String, expected: String) throws {
        #expect(try planned(query) == expected)
        let range = try #require(Schema.date.range)
        #expect(range.sortable.bound("2024-06", end: false) == 20_240_600)
        #expect(range.sortable.bound("2024-06", end: true) == 20_240_699)
    }

    @Test(arguments: [
        // Function words match at no weight, in the same OR.
        ("the mixture of experts", Planner.Ranking(), "Query(((mixtur@1 OR expert@1) OR 0 * (the@1 OR of@1)))"),
        (
            "the mixture of experts", Planner.Ranking(proximityWeight: 0.5, proximityWindow: 8),
            "Query((((mixtur@1 OR expert@1) OR 0 * (the@1 OR of@1)) AND_MAYBE 0.5 * (mixtur NEAR 8 expert)))"
        ),
        ("kind:paper sparse attention", Planner.Ranking(), "Query(((spars@1 OR attent@1) FILTER Kpaper))"),
        ("the of", Planner.Ranking(), "Query((the@1 OR of@1))"),
    ])
    func anyWordRanksAndFilters(query: String, ranking: Planner.Ranking, expected: String) throws {
        let got = try planned(query, match: .any, ranking: ranking)
        #expect(got == expected)
    }

    @Test(arguments: [
        ("moe", "Query((moe@1 OR (mixtur@1 PHRASE 3 of@2 PHRASE 3 expert@3)))"),
        (
            "large language model inference",
            "Query((((larg@1 PHRASE 3 languag@2 PHRASE 3 model@3) OR llm@1) AND infer@1))"
        ),
        ("\"moe\"", "Query((moe@1 FILTER XEmoe))"),
        // A plural or inflected form finds the group of the form in the file.
        ("llms", "Query((llm@1 OR (larg@1 PHRASE 3 languag@2 PHRASE 3 model@3)))"),
        ("large language models", "Query(((larg@1 PHRASE 3 languag@2 PHRASE 3 model@3) OR llm@1))"),
        ("moes", "Query((moe@1 OR (mixtur@1 PHRASE 3 of@2 PHRASE 3 expert@3)))"),
    ])
    func synonymsApplyToUnquotedWordsAndRuns(query: String, expected: String) throws {
        let synonyms = "moe = mixture of experts\nllm = large language model\n"
        let plan = try planned(query, synonyms: synonyms)
        #expect(plan == expected)
    }

    /// `authored:` plans from the people looked up before planning; the planner reads no index.
    @Test func authoredMatchesThePeopleLookedUpBeforePlanning() throws {
        // `authored:(a b)` is `authored:a authored:b`: one part per word, each looked up.
        let node = try QueryGrammar.parse("kind:resume authored:(mixture of experts)", fields: Schema.queryFieldNames)
        let planner = Planner(analyzer: analyzer)
        #expect(planner.authoredParts(of: node).map(\.description) == ["mixture", "of", "experts"])
        #expect(
            try planner.papers(authoring: .word(field: nil, text: "mixture"))?.description
                == "Query((mixtur@1 FILTER Kpaper))")
        let phrase = try QueryGrammar.parse("authored:\"countably infinite\"", fields: Schema.queryFieldNames)
        #expect(planner.authoredParts(of: phrase) == [.phrase(field: nil, text: "countably infinite")])
        #expect(
            try planned(
                "authored:moe kind:resume", people: [.word(field: nil, text: "moe"): ["vima gupta", "ahan gupta"]])
                == "Query((0 * (XPvima gupta OR XPahan gupta) AND Kresume))")
        // No paper matches: no one is found.
        #expect(try planned("authored:moe", people: [.word(field: nil, text: "moe"): []]) == "Query()")
    }

    /// The grammar flattens `authored:(a b)` into the AND around it; the searcher gathers the
    /// `authored:` words of each AND or OR back into one part, so Q is the whole group.
    @Test(arguments: [
        ("kind:resume authored:(mixture of experts)", ["AND(mixture, of, experts)"]),
        ("authored:(mixture of experts)", ["AND(mixture, of, experts)"]),
        ("kind:resume authored:(sparse OR dense)", ["OR(sparse, dense)"]),
        ("raft authored:(paxos raft) OR authored:gpu", ["OR(AND(paxos, raft), gpu)"]),
        ("(raft authored:(paxos raft)) OR (kind:paper authored:gpu)", ["AND(paxos, raft)", "gpu"]),
        ("kind:resume authored:moe", ["moe"]),
        ("kind:resume -authored:(a b)", ["NOT(AND(a, b))"]),
        ("kind:resume", []),
    ])
    func authoredWordsOfOneGroupAreOnePart(query: String, parts: [String]) throws {
        let node = Planner.gatheringAuthored(try QueryGrammar.parse(query, fields: Schema.queryFieldNames))
        #expect(Planner(analyzer: analyzer).authoredParts(of: node).map(\.description) == parts)
    }

    @Test(arguments: ["kind:poem", "year:soon", "date:2024-13", "year:2025..2023", "title:2020..2021"])
    func valuesTheSchemaRefusesAreErrors(query: String) throws {
        #expect(throws: QueryPlanError.self) { try planned(query, strict: true) }
    }
}
