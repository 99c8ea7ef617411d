import ArgumentParser
import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery

/// `quarry search`: ranked, faceted search.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index: ranked hits with snippets and facet counts.",
        discussion: """
            Query language:
            \(QueryLanguage.text(QueryLanguage.syntax))

            Queries are read leniently: what is not valid syntax is read as the words it
            holds, exit status 0, and a "Note:" line (JSON: "notices") says how:
            \(QueryLanguage.text(QueryLanguage.lenient))
            --strict refuses such queries instead, with the column and a caret (exit 64).
            Wildcards expand to every matching word (up to 10,000, the most frequent;
            a note says when more matched); they work inside NEAR and ADJ.

            Synonyms (moe = mixture of experts, llm = large language model, ...) come from
            synonyms.txt in the index folder: edit it to add your own. A word the index
            does not know is also searched as its closest indexed word, with a note
            ("searched 'attention' for 'atention'") and a "did you mean"; a quoted word
            ("atention") is searched only as typed. A pasted title
            (three words or more) finds the item with that title first.

            Fields:
            \(Schema.fields.map { "  " + $0.help }.joined(separator: "\n"))

            Facets (--facet, repeatable; default all):
            \(Schema.facetNames.joined(separator: ", ")).

            Examples:
              quarry search 'author:"Ahan Gupta"'
              quarry search 'kind:paper venue:LG' --facet author
              quarry search '"sparse attention" -bigbird' --json
              quarry search 'title:moe year:2024..' --limit 5 --offset 5
              quarry search 'kind:resume authored:(mixture of experts)'
              quarry search 'category:advocate skill:python' --facet skill
              quarry search -kind:resume --sort -date      (a leading '-' is query syntax)
              quarry search --strict 'title:(moe'          (exit 64: missing ')')

            Facets count every match. --filter FACET:VALUE narrows the hits while the
            filtered facet keeps counting its other values (one facet: OR; facets: AND).

            --output picks what is printed: text (default), ids (one item id per line),
            files (one absolute path per line, for xargs), json (one object, as --json) or
            jsonl (one hit per line). --json prints {"version": 1, "query", "total",
            "notices": [...], "hits": [{"id", "kind", "title", "authors", "venue", "year",
            "path", "paths", "sources": [{"path", "line"}], "score", "snippet", ...}],
            "facets": {"author": [{"value", "count"}], ...}, "facet_totals": {"author":
            24, ...}}; the whole item shape is in the README. Paths are absolute; highlight
            offsets are in Unicode code points. The text output lists --facet-limit values
            per facet (0: all) and says how many more there are.
            """)

    @OptionGroup var text: QueryWords

    @Flag(help: "Read the query strictly: reject what is not valid syntax, with its column (default: read leniently).")
    var strict = false

    @Option(
        name: .customLong("facet"),
        help:
            "A facet to count (\(Schema.facetNames.joined(separator: ", "))); repeatable (default: the config file's facets, else all).",
        completion: .list(Schema.facetNames))
    var facets: [String] = []

    @Option(help: "Hits per page.")
    var limit = 10

    @Option(help: "Hits to skip (for the next page).")
    var offset = 0

    @Option(
        help: """
            all: every word must match; any: any word, ranked by how many match. Without it, every \
            word, or any word when no document has them all (the output says so).
            """)
    var match: Planner.Match?

    @OptionGroup var filters: FilterOptions

    @Option(parsing: .unconditional, help: "relevance (default), date (oldest first) or -date (newest first).")
    var sort: SearchOptions.Sort = .relevance

    @Option(name: .customLong("facet-limit"), help: "Values shown per facet (0: all).")
    var facetLimit = 10

    @Flag(help: "Show which terms and fields made each hit's score.")
    var explain = false

    @Option(help: "With --match any: expand the query from its N best hits (pseudo-relevance feedback; 0: off).")
    var feedback: Int = Feedback().documents

    @Flag(help: "Print JSON (the same as --output json).")
    var json = false

    /// What `search` prints.
    enum Output: String, ExpressibleByArgument, CaseIterable {
        case text, ids, files, json, jsonl
    }

    @Option(help: "text, ids, files (absolute paths), json or jsonl.")
    var output: Output = .text

    @Flag(help: "With --output ids or files: end each one with a NUL byte, not a newline (for xargs -0).")
    var null = false

    @OptionGroup var color: ColorOptions

    @OptionGroup var index: IndexOptions

    func validate() throws {
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
        guard offset >= 0 else { throw ValidationError("--offset must be 0 or more") }
        for facet in facets where !Schema.facetNames.contains(facet) {
            throw ValidationError("unknown facet '\(facet)' (facets: \(Schema.facetNames.joined(separator: ", ")))")
        }
        guard facetLimit >= 0 else { throw ValidationError("--facet-limit must be 0 or more") }
    }

    func run() throws {
        let settings = try index.settings()
        let format = json ? .json : output
        let end = null ? "\0" : "\n"
        let result: SearchResult
        do throws(SearchError) {
            var options = SearchOptions(
                facets: facets.isEmpty ? settings.facets : facets, limit: limit, offset: offset,
                match: match ?? .all, relax: match == nil, filters: try filters.parsed(), sort: sort,
                facetLimit: facetLimit, explain: explain)
            options.feedback.documents = feedback
            options.strict = strict
            if format == .ids || format == .files {
                options.facets = []
                options.snippets = false
            }
            result = try Searcher(location: settings.location).search(text.query, options: options)
        } catch {
            throw report(error)
        }
        switch format {
        case .text: print(Render.text(result, colour: color.enabled()), terminator: "")
        case .json: print(JSONOutput.search(result))
        case .jsonl: for line in JSONOutput.hitLines(result) { print(line) }
        case .ids: for hit in result.hits { print(hit.item.id, terminator: end) }
        case .files:
            // A file name may hold a newline: with --null each path ends with NUL instead.
            var seen: Set<String> = []
            for hit in result.hits {
                for path in hit.item.paths where seen.insert(path).inserted { print(path, terminator: end) }
            }
        }
    }
}

/// `quarry count QUERY`: how many items match, like `notmuch count`.
struct CountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Print how many items match a query (one number).",
        discussion: """
            The same query language and --filter as `quarry search`. Unlike search, an
            all-words query that finds nothing is not retried with any word: the count is 0.

            Examples:
              quarry count 'kind:paper year:2024'
              quarry count moe --filter 'author:Vima Gupta'
              [ "$(quarry count 'kind:resume skill:rust')" -gt 0 ] && echo hire
            """)

    @OptionGroup var text: QueryWords

    @Option(help: "all: every word must match (default); any: any word.")
    var match: Planner.Match = .all

    @Flag(help: "Read the query strictly: reject what is not valid syntax, with its column (default: read leniently).")
    var strict = false

    @OptionGroup var filters: FilterOptions

    @OptionGroup var index: IndexOptions

    func run() throws {
        let settings = try index.settings()
        do throws(SearchError) {
            // Counting a facet makes Xapian visit every match, so the total is exact, not an estimate.
            var options = SearchOptions(
                facets: [Schema.kind.name], limit: 0, match: match, relax: false, filters: try filters.parsed(),
                suggest: false)
            options.snippets = false
            options.strict = strict
            print(try Searcher(location: settings.location).search(text.query, options: options).total)
        } catch {
            throw report(error)
        }
    }
}

/// The query of search and count: the words given, which may start with `-` (`-kind:resume`).
struct QueryWords: ParsableArguments {
    @Argument(
        parsing: .allUnrecognized,
        help: ArgumentHelp(
            "The query (quote it for the shell; several words are joined with spaces). It may start with '-'.",
            valueName: "query"),
        completion: .list(QueryCompletion.words))
    var words: [String] = []

    /// The query text: the words given, joined by spaces (without the `--` that ends the options,
    /// which the parser hands over with them).
    var query: String {
        var words = words
        if CommandLine.arguments.contains("--"), let terminator = words.firstIndex(of: "--") {
            words.remove(at: terminator)
        }
        return words.joined(separator: " ")
    }

    func validate() throws {
        guard !words.isEmpty else { throw ValidationError("Missing expected argument '<query>'") }
        // Words are whatever the parser did not recognise, so a mistyped option would be searched
        // for: refuse `--name` unless it came after `--` (which ends the options).
        let terminator = CommandLine.arguments.firstIndex(of: "--")
        let command = CommandLine.arguments.dropFirst().first ?? "search"
        for (index, argument) in CommandLine.arguments.enumerated()
        where Self.looksLikeOption(argument) && words.contains(argument) && (terminator.map { index < $0 } ?? true) {
            throw ValidationError(
                "unknown option '\(argument)' (to search for it, put it after '--': quarry \(command) -- '\(argument)')"
            )
        }
    }

    /// `--name` or `--name=value`: an option's shape, which a query word has only by mistake.
    static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("--"), let first = argument.dropFirst(2).first else { return false }
        return first.isASCII && first.isLetter && !argument.contains(" ")
    }
}

/// `--filter FACET:VALUE`, repeatable: the drill-down filters of search, count and similar.
struct FilterOptions: ParsableArguments {
    @Option(
        name: .customLong("filter"),
        help: "Narrow to a facet value, e.g. --filter 'author:Ahan Gupta'; repeatable (one facet: OR, facets: AND).",
        completion: .list(Schema.facetNames.map { $0 + ":" }))
    var values: [String] = []

    /// The filters, parsed as everywhere else (`FacetFilter`); a malformed one is `SearchError.badFilter`.
    func parsed() throws(SearchError) -> [FacetFilter] {
        try values.map { value throws(SearchError) in try FacetFilter(parsing: value) }
    }
}

/// Words the shell may complete a query with: each field name with its colon.
enum QueryCompletion {
    static let words = Schema.fields.filter { $0.name != Schema.body.name }.map { $0.name + ":" }
}

/// Prints a search error (with a caret under the column of a syntax error) and returns its exit code.
func report(_ error: SearchError) -> ExitCode {
    printError(error.localizedDescription)
    if let caret = error.caret { FileHandle.standardError.write(Data((caret + "\n").utf8)) }
    return ExitCode(error.exitCode)
}

extension Planner.Match: ExpressibleByArgument {}
extension SearchOptions.Sort: ExpressibleByArgument {}
