import ArgumentParser
import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery

/// `quarry serve --stdio`: one JSON request per input line, one JSON answer per output line.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer search requests from standard input, one JSON line each (for scripts and benchmarks).",
        discussion: """
            Each input line is a JSON object {"query": "...", "limit": 10, "offset": 0,
            "facets": ["author"], "match": "all"|"any", "filters": ["author:Ahan Gupta"],
            "strict": false};
            each answer is one line in the shape of `quarry search --json`, or {"error":
            "...", "exit": 64} for a bad request. The index stays open between requests,
            so this measures the engine, not process start-up.

            Example:
              echo '{"query": "moe", "match": "any"}' | quarry serve --stdio
            """)

    @Flag(help: "Read requests from standard input (the only transport for now).")
    var stdio = false

    @OptionGroup var index: IndexOptions

    func validate() throws {
        guard stdio else { throw ValidationError("serve needs --stdio") }
    }

    /// One request line.
    struct Request: Decodable {
        var query: String
        var limit: Int?
        var offset: Int?
        var facets: [String]?
        var match: String?
        var filters: [String]?
        /// Read the query strictly (as `quarry search --strict`).
        var strict: Bool?
    }

    func run() throws {
        let searcher: Searcher
        do throws(SearchError) {
            searcher = try Searcher(location: IndexLocation(path: index.resolved))
        } catch {
            throw report(error)
        }
        while let line = readLine(strippingNewline: true) {
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            // Written straight to the descriptor, so each answer leaves at once (no stdio buffering).
            FileHandle.standardOutput.write(Data((answer(line, searcher: searcher) + "\n").utf8))
        }
    }

    private func answer(_ line: String, searcher: Searcher) -> String {
        guard let request = try? JSONDecoder().decode(Request.self, from: Data(line.utf8)) else {
            return Self.error("request is not a JSON object with a \"query\" string", exit: 64)
        }
        do throws(SearchError) {
            var options = SearchOptions(
                facets: request.facets ?? [], limit: request.limit ?? 10, offset: request.offset ?? 0,
                match: request.match.flatMap(Planner.Match.init(rawValue:)) ?? .all,
                filters: try (request.filters ?? []).map { filter throws(SearchError) in
                    try FacetFilter(parsing: filter)
                },
                facetLimit: 10)
            options.strict = request.strict ?? false
            return Render.json(try searcher.search(request.query, options: options))
        } catch {
            return Self.error(error.localizedDescription, exit: Int(error.exitCode))
        }
    }

    private static func error(_ message: String, exit: Int) -> String {
        let object: [String: Any] = ["error": message, "exit": exit]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
