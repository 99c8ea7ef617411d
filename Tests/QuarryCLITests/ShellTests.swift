import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

/// The command line as scripts and shells use it: count, --output, the JSON shape, absolute
/// paths, colour, completions, the manual page, the index lookup and the config file.
@Suite(.serialized) struct ShellTests {
    let corpus: TestCorpus

    init() throws {
        corpus = try TestCorpus()
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        try #require(index.status == 0, "\(index.stderr)")
    }

    func quarry(_ arguments: String..., in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> QuarryBinary.Output
    {
        try QuarryBinary.run(arguments, in: directory ?? corpus.root, environment: environment)
    }

    func hits(_ output: QuarryBinary.Output) throws -> [[String: Any]] {
        try #require(try output.json()["hits"] as? [[String: Any]])
    }

    // MARK: count

    @Test(arguments: [
        ["kind:paper"], ["moe"], ["kind:paper", "--filter", "author:Ahan Gupta"], ["\"mixture of experts\""],
        ["year:2024.."],
    ])
    func countIsTheTotalOfSearch(_ arguments: [String]) throws {
        let count = try QuarryBinary.run(["count"] + arguments, in: corpus.root)
        #expect(count.status == 0, "\(count.stderr)")
        let search = try QuarryBinary.run(["search"] + arguments + ["--json"], in: corpus.root)
        let total = try #require(try search.json()["total"] as? Int)
        #expect(count.stdout == "\(total)\n")
        #expect(total > 0)
    }

    @Test func countDoesNotRelaxAnAllWordsQuery() throws {
        // No document has both words: search shows any-word hits and says so; count says 0.
        let search = try quarry("search", "lynx flurka", "--json").json()
        #expect(search["relaxed"] as? Bool == true)
        #expect(try quarry("count", "lynx flurka").stdout == "0\n")
        #expect(try quarry("count", "lynx flurka", "--match", "any").stdout == "\(search["total"] as? Int ?? -1)\n")
    }

    @Test func countReadsQueriesAsSearchDoes() throws {
        let strict = try quarry("count", "--strict", "author:\"Ahan")
        #expect(strict.status == 64)
        #expect(strict.stderr.contains("column 8"))
        #expect(strict.stdout.isEmpty)
        let lenient = try quarry("count", "author:\"Ahan")
        #expect(lenient.status == 0)
        #expect(lenient.stdout == "\(try quarry("search", "author:\"Ahan", "--json").json()["total"] as? Int ?? -1)\n")
    }

    // MARK: --output

    @Test func outputIdsAndFilesFollowTheHits() throws {
        let json = try hits(try quarry("search", "kind:paper", "--limit", "20", "--json"))
        let ids = try quarry("search", "kind:paper", "--limit", "20", "--output", "ids")
        #expect(ids.stdout == json.compactMap { $0["id"] as? String }.map { $0 + "\n" }.joined())
        let files = try quarry("search", "kind:paper", "--limit", "20", "--output", "files").stdout
            .split(separator: "\n").map(String.init)
        var expected: [String] = []
        for hit in json {
            for path in hit["paths"] as? [String] ?? [] where !expected.contains(path) { expected.append(path) }
        }
        #expect(files == expected)
        #expect(files.count == 3, "the papers come from three profile and resume files")
        for file in files {
            #expect(file.hasPrefix("/"), "absolute: \(file)")
            #expect(FileManager.default.fileExists(atPath: file))
        }
    }

    @Test func outputJSONLinesIsOneVersionedHitPerLine() throws {
        let json = try hits(try quarry("search", "moe", "--json"))
        let lines = try quarry("search", "moe", "--output", "jsonl").stdout.split(separator: "\n")
        #expect(lines.count == json.count)
        for (line, hit) in zip(lines, json) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["version"] as? Int == 1)
            #expect(object["id"] as? String == hit["id"] as? String)
            #expect(Set(object.keys).subtracting(["version"]) == Set(hit.keys))
        }
        #expect(try quarry("search", "moe", "--output", "json").stdout == quarry("search", "moe", "--json").stdout)
    }

    // MARK: one JSON item shape

    /// The keys every item has, wherever it is printed.
    static let itemKeys: Set<String> = [
        "id", "kind", "title", "authors", "authors_truncated", "venue", "venue_name", "venues", "year", "date",
        "arxiv_id", "dois", "isbns", "citation_keys", "urls", "keywords", "category", "folders", "path", "paths",
        "sources",
    ]

    @Test func searchShowAndSimilarShareOneItemShape() throws {
        let search = try quarry("search", "lynx", "--json").json()
        #expect(search["version"] as? Int == 1)
        let hit = try #require(try hits(try quarry("search", "lynx", "--json")).first)
        #expect(Set(hit.keys) == Self.itemKeys.union(["rank", "score", "snippet", "highlights", "page", "context"]))
        let id = try #require(hit["id"] as? String)

        let show = try quarry("show", id, "--json").json()
        #expect(show["version"] as? Int == 1)
        #expect(Set(show.keys) == Self.itemKeys.union(["version", "text", "pages", "resume"]))
        for key in Self.itemKeys {
            let shown = try JSONSerialization.data(withJSONObject: [show[key] ?? NSNull()], options: .sortedKeys)
            let found = try JSONSerialization.data(withJSONObject: [hit[key] ?? NSNull()], options: .sortedKeys)
            #expect(shown == found, "\(key) differs between search and show")
        }

        let similar = try quarry("similar", id, "--json").json()
        #expect(similar["version"] as? Int == 1)
        let similarHit = try #require((similar["hits"] as? [[String: Any]])?.first)
        #expect(Set(similarHit.keys) == Set(hit.keys))
    }

    @Test func pathsAreAbsoluteAndTheSameFromAnyFolder() throws {
        let index = corpus.index.path
        let fromRoot = try quarry("search", "kind:paper", "--json", "--index", index).stdout
        let fromCorpus = try quarry("search", "kind:paper", "--json", "--index", index, in: corpus.corpus).stdout
        let fromTemp = try quarry("search", "kind:paper", "--json", "--index", index, in: URL(fileURLWithPath: "/"))
            .stdout
        #expect(fromRoot == fromCorpus && fromRoot == fromTemp)
        let hit = try #require(try hits(try quarry("search", "kind:paper", "--json")).first)
        let sources = try #require(hit["sources"] as? [[String: Any]])
        for source in sources {
            let path = try #require(source["path"] as? String)
            #expect(path.hasPrefix(corpus.corpus.path + "/"))
        }
    }

    @Test func recordsInsideJSONLinesAndCSVFilesCarryTheirLine() throws {
        try corpus.write(
            "dump.jsonl",
            [
                #"{"id":"2501.00001","authors":"Ada Lovelace","title":"Okapi ranking for engines","abstract":"About okapi.","categories":"cs.IR","update_date":"2025-01-02"}"#,
                "",
                #"{"id":"2501.00002","authors":"Alan Turing","title":"Okapi weights revisited","abstract":"More okapi.","categories":"cs.IR","update_date":"2025-01-03"}"#,
            ].joined(separator: "\n") + "\n")
        try corpus.write(
            "people.csv",
            "Category,Resume\nData Science,\"Skills: Python\nOkapi tuning at scale\"\nHR,Recruited okapi keepers\n")
        let index = try quarry("index", "Corpus")
        #expect(index.status == 0, "\(index.stderr)")
        let okapi = try hits(try quarry("search", "okapi", "--json", "--sort", "date"))
        var lines: [String: [Int]] = [:]  // file name → the lines of its records
        var titled: [String: Int] = [:]
        for hit in okapi {
            let source = try #require((hit["sources"] as? [[String: Any]])?.first)
            let name = try #require(source["path"] as? String).split(separator: "/").last.map(String.init) ?? ""
            let line = try #require(source["line"] as? Int, "\(name) has no line")
            lines[name, default: []].append(line)
            titled[hit["title"] as? String ?? ""] = line
        }
        #expect(titled["Okapi ranking for engines"] == 1)
        #expect(titled["Okapi weights revisited"] == 3)
        #expect(lines["people.csv"]?.sorted() == [2, 4], "the CSV rows start on lines 2 and 4")
        let lynx = try hits(try quarry("search", "lynx", "--json"))
        let plain = try #require(lynx.first?["sources"] as? [[String: Any]])
        #expect(plain.allSatisfy { $0["line"] is NSNull }, "a file that is one record has no line")
        let first = try #require(
            okapi.first { ($0["title"] as? String)?.hasPrefix("Okapi ranking") == true }?["id"] as? String)
        let show = try quarry("show", first)
        #expect(show.stdout.contains("dump.jsonl:1"))
    }

    // MARK: relative dates

    @Test func relativeDatesInQueries() throws {
        let calendar = RelativeDate.calendar
        func daysAgo(_ days: Int) -> String {
            let date = calendar.date(byAdding: .day, value: -days, to: Date())!
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
        }
        let ages = [("fresh", 3), ("recent", 100), ("old", 500)]
        let lines = ages.enumerated().map { index, age in
            #"{"id":"2601.0000\#(index)","authors":"Ada Lovelace","title":"Okapi \#(age.0) notes","abstract":"Okapi.","categories":"cs.IR","update_date":"\#(daysAgo(age.1))"}"#
        }
        try corpus.write("dated.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(try quarry("index", "Corpus").status == 0)
        func titles(_ query: String) throws -> [String] {
            try hits(try quarry("search", "title:okapi " + query, "--json", "--sort", "-date"))
                .compactMap { $0["title"] as? String }
        }
        #expect(try titles("date:30days") == ["Okapi fresh notes"], "alone: since then")
        #expect(try titles("date:6months..") == ["Okapi fresh notes", "Okapi recent notes"])
        #expect(try titles("date:..6months") == ["Okapi old notes"])
        #expect(try titles("date:1year..") == ["Okapi fresh notes", "Okapi recent notes"])
        let thisYear = calendar.component(.year, from: Date())
        for (relative, year) in [("this-year", thisYear), ("last-year", thisYear - 1)] {
            #expect(try titles("date:\(relative)") == titles("date:\(year)"), "\(relative) is \(year)")
        }
        #expect(try quarry("count", "date:last-year..").stdout == quarry("count", "date:\(thisYear - 1)..").stdout)
        #expect(try quarry("count", "date:2024").stdout == quarry("count", "date:2024..2024").stdout)
        let strict = try quarry("search", "--strict", "date:lastyear")
        #expect(strict.status == 64 && strict.stderr.contains("last-year"), "the error names the forms")
    }

    // MARK: progress

    /// A folder with one JSON Lines file of `count` arXiv records.
    func largeDump(_ count: Int) throws -> URL {
        let folder = corpus.root.appendingPathComponent("dump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = (1...count).map { n in
            #"{"id":"2501.\#(String(format: "%05d", n))","authors":"Ada Lovelace and Alan Turing","title":"Record \#(n) on ranking functions","abstract":"Record \#(n) studies how term weights, document length and proximity shape ranking.","categories":"cs.IR","update_date":"2025-01-02"}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("dump.jsonl"), atomically: true, encoding: .utf8)
        return folder
    }

    /// 3,000 records: the run must outlast the second before plain lines and the rate appear.
    @Test func progressIsABarOnATerminalPlainLinesInAPipeAndNothingWhenQuiet() throws {
        let folder = try largeDump(3000)
        let index = { (name: String) in self.corpus.root.appendingPathComponent(name).path }
        guard
            let terminal = try QuarryBinary.runOnTerminal(
                ["index", folder.path, "--index", index("Bar")], in: corpus.root)
        else {
            Issue.record("util-linux `script` is missing: cannot check the bar on a terminal")
            return
        }
        #expect(terminal.status == 0)
        let frames = terminal.stdout.components(separatedBy: "\r").filter { $0.hasPrefix("[") && $0.contains("]") }
        #expect(
            frames.contains {
                $0.contains("0/1 files") && $0.contains("records") && $0.contains("kB") && $0.contains("%")
            })
        #expect(frames.contains { $0.contains("/s") && $0.contains("ETA") }, "a rate and the time left")
        // Inside the one file, the bar moves: several states while it is read and written.
        let inside = Set(frames.filter { $0.contains("0/1 files") || $0.contains("writing") })
        #expect(inside.count >= 2, "the bar moved inside one file: \(inside)")
        // The dump is stored in parts of 2,000 records as it is read: the bar shows the reading
        // meanwhile (with the records so far), and the writing of the parts still being written
        // after it (the last, 1,000 records).
        #expect(frames.contains { $0.contains("0/1 files") && $0.contains("2,000 records") })
        let lastReading = try #require(frames.lastIndex { $0.contains("0/1 files") })
        #expect(!frames[..<lastReading].contains { $0.contains("writing") })
        #expect(frames.contains { $0.contains("writing") && $0.contains("/1,000 documents") })
        #expect(terminal.stdout.contains("added 1"))

        let pipe = try quarry("index", folder.path, "--index", index("Lines"))
        #expect(pipe.status == 0)
        let lines = pipe.stderr.split(separator: "\n").filter { $0.hasPrefix("indexing: ") }
        #expect(!lines.isEmpty, "plain progress lines in a pipe")
        #expect(!pipe.stderr.contains("\r") && !pipe.stderr.contains("\u{1B}"), "no bar in a pipe")
        #expect(lines.contains { $0.contains("documents") })

        let quiet = try #require(
            try QuarryBinary.runOnTerminal(
                ["index", folder.path, "--index", index("Quiet"), "--quiet"], in: corpus.root))
        #expect(quiet.status == 0)
        #expect(!quiet.stdout.contains("\r[") && !quiet.stdout.contains("indexing:"), "--quiet: \(quiet.stdout)")
        #expect(quiet.stdout.contains("added 1"))
        let quietPipe = try quarry("index", folder.path, "--index", index("QuietPipe"), "-q")
        #expect(quietPipe.stderr.isEmpty)
    }

    // MARK: colour

    @Test func colourFollowsTheOptionTheTerminalAndNoColor() throws {
        let escape = "\u{1B}["
        #expect(try quarry("search", "moe", "--color", "always").stdout.contains(escape))
        #expect(
            try quarry("search", "moe", "--color", "always", environment: ["NO_COLOR": "1"]).stdout.contains(escape))
        #expect(!(try quarry("search", "moe", "--color", "never").stdout.contains(escape)))
        #expect(!(try quarry("search", "moe").stdout.contains(escape)), "auto: not a terminal")
        #expect(try quarry("show", "pd3feacb23599", "--color", "always").stdout.contains(escape))
        #expect(try quarry("similar", "pd3feacb23599", "--color", "always").stdout.contains(escape))
        let bad = try quarry("search", "moe", "--color", "sometimes")
        #expect(bad.status == 64)

        guard
            let terminal = try QuarryBinary.runOnTerminal(
                ["search", "moe"], in: corpus.root, environment: ["NO_COLOR": ""])
        else {
            Issue.record("util-linux `script` is missing: cannot check colour on a terminal")
            return
        }
        #expect(terminal.stdout.contains(escape), "auto on a terminal, NO_COLOR empty")
        let plain = try #require(
            try QuarryBinary.runOnTerminal(["search", "moe"], in: corpus.root, environment: ["NO_COLOR": "1"]))
        #expect(plain.stdout.contains("results"))
        #expect(!plain.stdout.contains(escape), "auto on a terminal, NO_COLOR=1")
    }

    // MARK: completions and the manual

    /// What bash's completion offers for `words` (the last one being completed).
    func bashCompletions(_ words: [String]) throws -> [String] {
        let script = try quarry("--generate-completion-script", "bash").stdout
        let file = corpus.root.appendingPathComponent("quarry.bash")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let quoted = words.map { "'" + $0 + "'" }.joined(separator: " ")
        let line = words.joined(separator: " ")
        let program = """
            source '\(file.path)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _quarry quarry '\(words.last ?? "")' '\(words.count > 1 ? words[words.count - 2] : "")'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let output = try QuarryBinary.run(
            ["-c", program], in: corpus.root, executable: URL(fileURLWithPath: "/bin/bash"))
        return output.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func completionsOfferFoldersFacetsAndFields() throws {
        try FileManager.default.createDirectory(
            at: corpus.root.appendingPathComponent("papers"), withIntermediateDirectories: true)
        try "x".write(to: corpus.root.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(try bashCompletions(["quarry", "index", ""]) == ["Corpus", "Index", "papers"], "folders only")
        #expect(try bashCompletions(["quarry", "search", "--index", "pa"]) == ["papers"])
        #expect(
            try bashCompletions(["quarry", "search", "--facet", ""]) == [
                "author", "category", "folder", "kind", "skill", "venue", "year",
            ])
        #expect(try bashCompletions(["quarry", "search", "--filter", "ye"]) == ["year:"])
        #expect(try bashCompletions(["quarry", "search", "au"]) == ["author:", "authored:"])
        #expect(try bashCompletions(["quarry", "count", "ti"]) == ["title:"])
        for shell in ["zsh", "fish"] {
            let script = try quarry("--generate-completion-script", shell).stdout
            #expect(script.contains("author:") && script.contains("skill"), "\(shell) lacks fields or facets")
        }
    }

    @Test func manualPageKeepsEveryLineThatStartsWithADot() throws {
        let manual = try quarry("manual")
        #expect(manual.status == 0)
        let page = corpus.root.appendingPathComponent("quarry.1")
        try manual.stdout.write(to: page, atomically: true, encoding: .utf8)
        let groff = try QuarryBinary.run(
            ["-man", "-Tutf8", "-P", "-cbou", "-rLL=200n", "-ww", page.path], in: corpus.root,
            environment: ["LC_ALL": "C.UTF-8"], executable: URL(fileURLWithPath: "/usr/bin/groff"))
        #expect(groff.status == 0)
        #expect(groff.stderr.isEmpty, "groff warns: \(groff.stderr)")
        let rendered = groff.stdout
        var dotted: [String] = []
        for command in ["index", "search", "count", "show", "similar", "serve"] {
            let help = try quarry(command, "--help").stdout
            for line in help.split(separator: "\n") {
                let text = line.trimmingCharacters(in: .whitespaces)
                if text.hasPrefix(".") || text.hasPrefix("'") { dotted.append(text) }
            }
            #expect(rendered.contains("quarry \(command)"))
        }
        #expect(!dotted.isEmpty, "the help texts hold lines that start with a dot")
        for text in dotted { #expect(rendered.contains(text), "lost in roff: \(text)") }
        #expect(rendered.contains("--filter FACET:VALUE"))
        #expect(rendered.contains("year:2023..2025"))
    }

    // MARK: where the index is

    /// Writes `text` as the config file under a fresh XDG_CONFIG_HOME and returns that environment.
    func config(_ text: String) throws -> [String: String] {
        let home = corpus.root.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: home.appendingPathComponent("quarry"), withIntermediateDirectories: true)
        try text.write(to: home.appendingPathComponent("quarry/config.toml"), atomically: true, encoding: .utf8)
        return ["XDG_CONFIG_HOME": home.path]
    }

    @Test func indexLocationOrderIsOptionEnvironmentConfigThenDot() throws {
        let other = corpus.root.appendingPathComponent("Other")
        let built = try quarry("index", "Corpus", "--index", other.path)
        #expect(built.status == 0)
        try "A lone note about zebras\n\nzebras only".write(
            to: corpus.corpus.appendingPathComponent("zebra.txt"), atomically: true, encoding: .utf8)
        #expect(try quarry("index", "Corpus").status == 0)  // ./Index has the zebra, Other does not

        let viaConfig = try config("index = \"\(other.path)\"\n")
        #expect(try quarry("count", "zebras").stdout == "1\n", "./Index")
        #expect(try quarry("count", "zebras", environment: viaConfig).stdout == "0\n", "config beats ./Index")
        #expect(
            try quarry("count", "zebras", environment: viaConfig.merging(["QUARRY_INDEX": corpus.index.path]) { $1 })
                .stdout == "1\n", "$QUARRY_INDEX beats the config")
        #expect(
            try quarry(
                "count", "zebras", "--index", other.path, environment: ["QUARRY_INDEX": corpus.index.path]
            ).stdout == "0\n", "--index beats $QUARRY_INDEX")
        let relative = try config("index = \"../../Other\"\n")
        #expect(try quarry("count", "zebras", environment: relative).stdout == "0\n", "relative to the config folder")
    }

    @Test func configRootsAndFacetsAreDefaults() throws {
        let fresh = corpus.root.appendingPathComponent("Fresh")
        let environment = try config(
            """
            # Quarry's defaults
            index = "\(fresh.path)"
            roots = ["\(corpus.corpus.path)"]
            facets = ["author", "year"]
            """)
        let index = try quarry("index", environment: environment)
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("added 4"))
        let json = try quarry("search", "kind:paper", "--json", environment: environment).json()
        #expect(Set((json["facets"] as? [String: Any])?.keys.map { $0 } ?? []) == ["author", "year"])
        let named = try quarry("search", "kind:paper", "--facet", "venue", "--json", environment: environment).json()
        #expect(Set((named["facets"] as? [String: Any])?.keys.map { $0 } ?? []) == ["venue"])
    }

    @Test(arguments: [
        ("index = [1, 2", "config.toml:1:"),
        ("indx = \"/tmp\"", "unknown key 'indx'"),
        ("roots = \"/tmp\"", "'roots' must be a list of strings"),
        ("facets = [\"authors\"]", "unknown facet 'authors'"),
    ])
    func brokenConfigIsNamedWithExit78(_ text: String, _ message: String) throws {
        let search = try quarry("search", "moe", environment: try config(text))
        #expect(search.status == 78)
        #expect(search.stderr.contains("config.toml"))
        #expect(search.stderr.contains(message), "\(search.stderr)")
    }

    @Test func indexWithNothingToIndexPrintsUsageAndCreatesNothing() throws {
        let empty = corpus.root.appendingPathComponent("empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let index = try quarry("index", in: empty)
        #expect(index.status == 64)
        #expect(index.stderr.contains("Usage: quarry index"))
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("Index").path))
        let search = try quarry("search", "moe", in: empty)
        #expect(search.status == 66, "still no index, not an empty one")
    }
}
