import ArgumentParser
import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery
import QuarryServer

/// `quarry serve`: the search page and JSON API over HTTP, or JSON lines on standard input.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the search page and its JSON API over HTTP (or answer JSON lines with --stdio).",
        discussion: """
            Starts a web server on 127.0.0.1:8080: a search page with facets to tick, a year
            range, sort and pages; item pages with every source file and similar items;
            person pages with papers, resume, co-authors and venues. Every state is in the
            URL, and the page works without JavaScript. The server only reads: it sees each
            commit of a running `quarry index` without a restart.

            The JSON API answers exactly what the command line prints:
              GET /api/search?q=moe&filter=year:2024&facet=author     quarry search --json
              GET /api/show?id=pd3feacb23599                          quarry show --json
              GET /api/similar?id=pd3feacb23599&limit=5               quarry similar --json

            Another --host than the loopback address lets other machines read the index and
            every indexed file; quarry warns when it does.

            With --stdio, each input line is a JSON object {"query": "...", "limit": 10,
            "offset": 0, "facets": ["author"], "match": "all"|"any", "filters":
            ["author:Ahan Gupta"], "strict": false, "feedback": 15} (without "match": every
            word, or any word when no document has them all; "feedback" as search --feedback);
            each answer is one line in the shape of `quarry search --json`, or {"version": 1,
            "error": "...", "exit": 64} for a bad request (a line over 1 MiB is one, and is
            skipped); a blank line gets no answer. The index stays open between requests, so
            this measures the engine, not start-up.

            Examples:
              quarry serve
              quarry serve --port 9000 --index ~/papers-index
              echo '{"query": "moe", "match": "any"}' | quarry serve --stdio
            """)

    @Flag(help: "Read JSON requests from standard input instead of serving HTTP.")
    var stdio = false

    @Option(help: "The address to listen on (another than loopback is reachable from other machines).")
    var host = "127.0.0.1"

    @Option(help: "The TCP port (0: any free port; the URL is printed).")
    var port = 8080

    @OptionGroup var index: IndexOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        let settings = try index.settings()
        if stdio { return try serveLines(settings.location) }
        if !WebServer.isLoopback(host) {
            printError(
                "warning: serving on \(host): anyone who can reach this machine can search the index and read every indexed file"
            )
        }
        let server: WebServer
        do throws(SearchError) {
            server = try WebServer(
                .init(location: settings.location, host: host, port: port, defaultFacets: settings.facets))
        } catch {
            throw report(error)
        }
        let indexPath = settings.location.path
        try await server.run { url in
            // Straight to the descriptor, so a script waiting for the URL sees it at once.
            FileHandle.standardOutput.write(Data("serving \(indexPath) at \(url) (Ctrl-C to stop)\n".utf8))
        }
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
        /// Feedback documents (as `quarry search --feedback`; 0: off).
        var feedback: Int?

        private enum CodingKeys: String, CodingKey {
            case query, limit, offset, facets, match, filters, strict, feedback
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            query = try container.decode(String.self, forKey: .query)
            limit = try Self.count(container, .limit)
            offset = try Self.count(container, .offset)
            facets = try container.decodeIfPresent([String].self, forKey: .facets)
            match = try container.decodeIfPresent(String.self, forKey: .match)
            filters = try container.decodeIfPresent([String].self, forKey: .filters)
            strict = try container.decodeIfPresent(Bool.self, forKey: .strict)
            feedback = try Self.count(container, .feedback)
        }

        /// A count (`limit`, `offset`, `feedback`): any JSON number that is a whole number (`5`,
        /// `5.0`, `1e2`; its range is checked with the search's options, `QueryLimits.check`), else
        /// a `DecodingError.dataCorrupted` whose description names the key and the value.
        private static func count(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Int? {
            if let whole = try? container.decodeIfPresent(Int.self, forKey: key) { return whole }
            guard let value = try container.decodeIfPresent(Double.self, forKey: key) else { return nil }
            guard value.rounded() == value, let whole = Int(exactly: value) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: container, debugDescription: "\(key.stringValue) must be a whole number: \(value)")
            }
            return whole
        }
    }

    private func serveLines(_ location: IndexLocation) throws {
        let searcher: Searcher
        do throws(SearchError) {
            searcher = try Searcher(location: location)
        } catch {
            throw report(error)
        }
        for next in RequestLines() {
            guard case .text(let line) = next else {
                if case .tooLong(let bytes) = next {
                    let limit = QueryLimits.requestBytes
                    FileHandle.standardOutput.write(
                        Data(
                            (JSONOutput.error("request is \(bytes) bytes long (the limit is \(limit) bytes)", exit: 64)
                                + "\n").utf8))
                }
                continue
            }
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            // Each request sees what `quarry index` committed since the last one.
            var reply: String
            do throws(SearchError) {
                try searcher.refresh()
                reply = answer(line, searcher: searcher)
            } catch {
                reply = JSONOutput.error(error.localizedDescription, exit: error.exitCode)
            }
            // Written straight to the descriptor, so each answer leaves at once (no stdio buffering).
            FileHandle.standardOutput.write(Data((reply + "\n").utf8))
        }
    }

    private func answer(_ line: String, searcher: Searcher) -> String {
        let request: Request
        do {
            request = try JSONDecoder().decode(Request.self, from: Data(line.utf8))
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            return JSONOutput.error(context.debugDescription, exit: 64)
        } catch {
            return JSONOutput.error(
                "request is not a JSON object with a \"query\" string\(Self.problem(error))", exit: 64)
        }
        let match = request.match.map { Planner.Match(rawValue: $0) } ?? .all
        guard let match else {
            let choices = Planner.Match.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            return JSONOutput.error("\"match\" is \(choices): \"\(request.match ?? "")\"", exit: 64)
        }
        do throws(SearchError) {
            var options = SearchOptions(
                facets: request.facets ?? [], limit: request.limit ?? 10, offset: request.offset ?? 0,
                match: match, relax: request.match == nil,
                filters: try (request.filters ?? []).map { filter throws(SearchError) in
                    try FacetFilter(parsing: filter)
                },
                facetLimit: 10)
            options.strict = request.strict ?? false
            if let feedback = request.feedback { options.feedback.documents = feedback }
            return JSONOutput.search(try searcher.search(request.query, options: options))
        } catch {
            return JSONOutput.error(error.localizedDescription, exit: error.exitCode)
        }
    }

    /// What a decoder found wrong with a request, as `: "limit" is not a whole number`; "" when it does not say.
    private static func problem(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? "" : ": \"\(key)\" has the wrong type"
        case .keyNotFound(let key, _):
            return ": no \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            return key.isEmpty ? ": not valid JSON" : ": \"\(key)\" is out of range"
        @unknown default:
            return ""
        }
    }
}
