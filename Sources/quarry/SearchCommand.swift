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
              sparse attention       every word must match (stemmed); if no document
                                     has them all, any word, and the output says so
              "mixture of experts"   an exact phrase (Mixture-of-Experts matches)
              atten*                 words starting with "atten"
              field:value            a word in a field; field:"a phrase"; field:(a b)
              year:2023..2025        years; open ends: year:2024.. year:..2024
              date:2024-06..2025-01  dates (YYYY, YYYY-MM, YYYY-MM-DD); date:2024-06
              moe OR attention       either (OR binds tighter than the implicit AND)
              -gpu   NOT gpu         without the word
              a NEAR/3 b             within 3 words, any order
              a ADJ/2 b              b within 2 words after a
              title:moe^3            weigh a part more (or less: ^0.5)
              (a OR b) c             parentheses group
              authored:(Q)           people who wrote a paper matching Q

            Synonyms (moe = mixture of experts, llm = large language model, ...) come from
            synonyms.txt in the index folder: edit it to add your own. A query that finds
            little gets a "did you mean" from the index's words.

            Fields: \(Schema.fields.map { "  " + $0.help }.joined(separator: "\n"))

            Facets (--facet, repeatable; default all):
            \(Schema.facetNames.joined(separator: ", ")).

            Examples:
              quarry search 'author:"Ahan Gupta"'
              quarry search 'kind:paper venue:LG' --facet author
              quarry search '"sparse attention" -bigbird' --json
              quarry search 'title:moe year:2024..' --limit 5 --offset 5
              quarry search 'kind:resume authored:(mixture of experts)'
              quarry search 'category:advocate skill:python' --facet skill

            Facets count every match. --filter FACET:VALUE narrows the hits while the
            filtered facet keeps counting its other values (one facet: OR; facets: AND).

            --json prints one object: {"version": 1, "query", "total", "hits": [{"id",
            "kind", "title", "authors", "venue", "year", "path", "score", "snippet",
            ...}], "facets": {"author": [{"value", "count"}], ...}}. Highlight offsets are
            in Unicode code points.
            """)

    @Argument(help: "The query (quote it for the shell).")
    var query: String

    @Option(
        name: .customLong("facet"), help: "A facet to count (\(Schema.facetNames.joined(separator: ", "))); repeatable."
    )
    var facets: [String] = []

    @Option(help: "Hits per page.")
    var limit = 10

    @Option(help: "Hits to skip (for the next page).")
    var offset = 0

    @Option(help: "all: every word must match (default); any: any word, ranked by how many match.")
    var match: Planner.Match = .all

    @Option(
        name: .customLong("filter"),
        help: "Narrow to a facet value, e.g. --filter 'author:Ahan Gupta'; repeatable (one facet: OR, facets: AND).")
    var filters: [String] = []

    @Option(help: "relevance (default), date (oldest first) or -date (newest first).")
    var sort: SearchOptions.Sort = .relevance

    @Option(name: .customLong("facet-limit"), help: "Values shown per facet (0: all).")
    var facetLimit = 10

    @Flag(help: "Show which terms and fields made each hit's score.")
    var explain = false

    @Option(help: "With --match any: expand the query from its N best hits (pseudo-relevance feedback; 0: off).")
    var feedback: Int = Feedback().documents

    @Flag(help: "Print JSON.")
    var json = false

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
        let location = IndexLocation(path: index.resolved)
        let result: SearchResult
        do throws(SearchError) {
            var options = SearchOptions(
                facets: facets.isEmpty ? Schema.facetNames : facets, limit: limit, offset: offset, match: match,
                filters: try filters.map { filter throws(SearchError) in try FacetFilter(parsing: filter) }, sort: sort,
                facetLimit: facetLimit, explain: explain)
            options.feedback.documents = max(0, feedback)
            result = try Searcher(location: location).search(query, options: options)
        } catch {
            throw report(error)
        }
        if json {
            print(Render.json(result))
        } else {
            print(Render.text(result, colour: Render.wantsColour), terminator: "")
        }
    }

}

/// Prints a search error (with a caret under the column of a syntax error) and returns its exit code.
func report(_ error: SearchError) -> ExitCode {
    printError(error.localizedDescription)
    if let caret = error.caret { FileHandle.standardError.write(Data((caret + "\n").utf8)) }
    return ExitCode(error.exitCode)
}

extension Planner.Match: ExpressibleByArgument {}
extension SearchOptions.Sort: ExpressibleByArgument {}
