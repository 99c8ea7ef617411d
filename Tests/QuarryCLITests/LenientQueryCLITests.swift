import Foundation
import QuarryTestSupport
import Testing

/// `quarry search` as people type: arguments that start with `-`, queries that are not valid
/// syntax (read leniently, with notices in text and JSON, exit 0; `--strict` refuses them with a
/// column and a caret), unknown fields, facet lists that say what they leave out.
@Suite(.serialized) struct LenientQueryCLITests {
    static let shared = Result { () throws -> TestCorpus in
        let corpus = try TestCorpus()
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        guard index.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return corpus
    }

    func quarry(_ arguments: [String]) throws -> QuarryBinary.Output {
        try QuarryBinary.run(arguments, in: try Self.shared.get().root)
    }

    /// Dash-led values and queries (case 19's kind): none is taken for an option or prints the help.
    @Test(arguments: [
        (["search", "--sort", "-date", "kind:paper", "--json"], 13),
        (["search", "--sort", "date", "kind:paper", "--json"], 13),
        (["search", "--json", "--sort", "-date", "--", "kind:paper"], 13),
        (["search", "-kind:resume", "--json"], 13),
        (["search", "--json", "-kind:resume"], 13),
        (["search", "--json", "--", "-kind:resume"], 13),
        (["search", "-1 python", "--json"], 2),
        (["search", "-1", "python", "--json"], 2),
        (["search", "-lynx", "kind:paper", "--json"], 12),
        (["search", "sparse", "attention", "--json"], 3),
        (["search", "--limit", "1", "-(kind:paper)", "--json"], 2),
        (["count", "-kind:resume"], 13),
        (["count", "-lynx", "kind:paper"], 12),
        (["count", "--", "-kind:resume"], 13),
    ])
    func dashLedArguments(arguments: [String], total: Int) throws {
        let output = try quarry(arguments)
        #expect(output.status == 0, "\(arguments): \(output.stderr)")
        #expect(!output.stdout.contains("USAGE") && !output.stdout.contains("OVERVIEW"))
        let found =
            arguments[0] == "count"
            ? Int(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) : try output.json()["total"] as? Int
        #expect(found == total, "\(arguments)")
    }

    /// A query with nothing to search for (symbols, an emoji, the same negated or in a field) finds
    /// nothing and says so, as an empty query does; it used to match every item. Words beside such
    /// symbols are searched as if the symbols were not there.
    @Test(arguments: [
        ("?", nil), ("🚀", nil), ("-🚀", nil), ("\"🚀\"", nil), ("title:🚀", nil), ("→ …", nil), ("#", nil),
        ("", nil), ("lynx 🚀", "lynx"), ("-🚀 kind:paper", "kind:paper"),
    ])
    func aQueryWithNoWordsFindsNothing(query: String, wordsOnly: String?) throws {
        let json = try quarry(["search", "--json", "--", query]).json()
        let notices = json["notices"] as? [String] ?? []
        if let wordsOnly {
            let alone = try quarry(["search", "--json", "--", wordsOnly]).json()["total"] as? Int
            #expect(json["total"] as? Int == alone && (alone ?? 0) > 0, "\(query)")
            #expect(!notices.contains { $0.contains("no words to search for") }, "\(query): \(notices)")
        } else {
            #expect(json["total"] as? Int == 0, "\(query)")
            #expect(notices.contains { $0.contains("no words to search for") }, "\(query): \(notices)")
        }
    }

    /// A pasted query full of broken syntax gets a bounded list of notices, the last saying how
    /// many more there were (3,001 quotes gave 1,502 lines).
    @Test(arguments: [String(repeating: "\"", count: 3_001), String(repeating: "a) ", count: 500)])
    func noticesAreCapped(query: String) throws {
        let notices = try quarry(["search", "--json", "--", query]).json()["notices"] as? [String] ?? []
        #expect(notices.count == 21, "\(notices.count)")
        #expect(notices.last?.contains("more notices") == true, "\(notices.last ?? "")")
    }

    /// Items without a date (resumes, a profile's "Feb 18") come after every dated one in both
    /// orders; oldest first put them before the oldest paper.
    @Test(arguments: ["date", "-date"])
    func undatedItemsSortLast(order: String) throws {
        let json = try quarry([
            "search", "--sort", order, "--limit", "100", "--json", "--", "kind:paper OR kind:resume",
        ])
        .json()
        let dated = (json["hits"] as? [[String: Any]] ?? []).map {
            ($0["date"] as? String).map { !$0.hasPrefix("-") } ?? false
        }
        #expect(dated.contains(true) && dated.contains(false), "\(dated)")
        #expect(dated == dated.sorted { $0 && !$1 }, "every dated hit before the undated: \(dated)")
    }

    @Test func newestFirstWithADashLedSortValue() throws {
        let json = try quarry(["search", "--sort", "-date", "kind:paper", "--json", "--limit", "2"]).json()
        let dates = (json["hits"] as? [[String: Any]] ?? []).compactMap { $0["date"] as? String }
        #expect(dates == ["2025-08-18", "2025-06-24"])
    }

    /// A mistyped option is not searched for silently; after `--` it is a query word.
    @Test func aMistypedOptionIsAUsageError() throws {
        let typo = try quarry(["search", "--limt", "3", "moe"])
        #expect(typo.status == 64 && typo.stderr.contains("unknown option '--limt'"), "\(typo.stderr)")
        let word = try quarry(["search", "--json", "--", "--limt"])
        #expect(word.status == 0)
    }

    /// Pasted queries are read leniently: exit 0, the words searched, a notice in text and JSON.
    /// `--strict` refuses those that are not valid syntax (the others it reads the same way).
    @Test(arguments: [
        ("19\" rack", "column 3: unclosed quote: read as plain words", true),
        ("php date() nedelands", "column 9: empty parentheses: ignored", true),
        ("windows update (lynx", "column 16: missing ')': closed at the end", true),
        ("*** stop: lynx", "'***' alone matches nothing", true),
        ("lynx AND", "nothing after 'AND': ignored", true),
        ("auther:gupta", "unknown field 'auther' (did you mean author?): searched as text", false),
        ("kind:poem lynx", "unknown kind 'poem' (kinds: paper, resume, document): searched as text", true),
        ("year:2025..2023 lynx", "read as year:2023..2025", true),
        ("lynx year:soon", "year 'soon' is not a number (try year:2024 or year:2023..2025): searched as text", true),
        ("LYNX AND MOE", "an all-capitals query has no operators", false),
        ("lynx - moe", "a dash, ignored", true),
    ])
    func pastedQueriesAreReadWithANotice(query: String, notice: String, strictRefuses: Bool) throws {
        let text = try quarry(["search", query])
        #expect(text.status == 0, "\(query): \(text.stderr)")
        #expect(text.stdout.contains("Note: ") && text.stdout.contains(notice), "\(query): \(text.stdout)")
        let json = try quarry(["search", query, "--json"])
        #expect(json.status == 0)
        let notices = try json.json()["notices"] as? [String] ?? []
        #expect(notices.contains { $0.contains(notice) }, "\(query): \(notices)")
        let strict = try quarry(["search", "--strict", query])
        if strictRefuses {
            #expect(strict.status == 64 && strict.stderr.contains("query error"), "\(query): \(strict.stderr)")
            // Every refusal points at its place: the column, and the query with a caret under it.
            #expect(
                strict.stderr.contains("column ") && strict.stderr.contains("^") && strict.stderr.contains(query),
                "\(query): \(strict.stderr)")
        } else {
            #expect(strict.status == 0)
        }
    }

    @Test func strictPointsAtTheColumnWithACaret() throws {
        let strict = try quarry(["search", "--strict", "19\" rack"])
        #expect(strict.status == 64)
        #expect(strict.stderr.contains("column 3: unclosed quote") && strict.stderr.contains("19\" rack\n  ^"))
    }

    /// Text shows as many facet values as `--facet-limit` asks, and how many more there are.
    @Test(arguments: [(3, true), (0, false), (100, false)])
    func facetLimitIsWhatTheTextShows(limit: Int, cut: Bool) throws {
        let output = try quarry(["search", "kind:paper", "--facet", "author", "--facet-limit", String(limit)])
        let line = try #require(output.stdout.split(separator: "\n").first { $0.hasPrefix("  author: ") })
        let shown = line.split(separator: "(").count - 1 - (cut ? 1 : 0)
        if limit > 0 && cut { #expect(shown == limit, "\(line)") } else { #expect(shown > 8, "\(line)") }
        #expect(line.contains("more (--facet-limit)") == cut)
        let json = try quarry(["search", "kind:paper", "--facet", "author", "--facet-limit", String(limit), "--json"])
        let totals = try json.json()["facet_totals"] as? [String: Int]
        #expect((totals?["author"] ?? 0) > 8)
    }
}

/// `quarry show` and `quarry search` take an identifier as people paste it.
@Suite struct IdentifierCLITests {
    @Test func showAndSearchTakeAnArxivID() throws {
        let corpus = try TestCorpus(copyCorpus: false)
        try corpus.write(
            "papers.jsonl",
            """
            {"id": "2503.11731", "title": "Industrial-Grade Sensor Simulation", "authors": "Xianming Zeng", "abstract": "Sensors.", "categories": "cs.CV"}
            {"id": "2504.00001", "title": "On 2503.11731", "authors": "Ann Other", "abstract": "About 2503.11731.", "categories": "cs.CV"}

            """)
        _ = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        for id in ["2503.11731", "arXiv:2503.11731v2", "https://arxiv.org/abs/2503.11731"] {
            let shown = try QuarryBinary.run(["show", id], in: corpus.root)
            #expect(shown.status == 0 && shown.stdout.hasPrefix("Industrial-Grade Sensor Simulation"), "\(id)")
            let found = try QuarryBinary.run(["search", id, "--json"], in: corpus.root).json()
            let first = (found["hits"] as? [[String: Any]])?.first?["title"] as? String
            #expect(first == "Industrial-Grade Sensor Simulation", "\(id)")
        }
    }
}
