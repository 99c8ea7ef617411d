import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import QuarryIndex
import QuarryModel
import QuarryQuery

/// `quarry serve`: the search page and its JSON API over HTTP, read-only.
///
/// Routes (all GET; nothing changes the index):
///
///     /                  the search page (`q`, `f` FACET:VALUE…, `from`, `to`, `sort`, `match`, `page`, `more`)
///     /item/ID           one item whole, with its sources and similar items
///     /person?name=N     a person's resume, papers, co-authors and venues
///     /file?path=P       an indexed file (404 unless P is in the catalog and, symbolic links
///                        resolved, under an indexed root)
///     /api/search        `quarry search --json` (`q`, `filter`, `facet`, `limit`, `offset`,
///                        `sort`, `match`, `facet-limit`, `explain`, `strict`)
///     /api/show?id=ID    `quarry show ID --json`
///     /api/similar       `quarry similar ID --json` (`id`, `limit`, `filter`)
///     /static/…          the style sheet and script
public struct WebServer: Sendable {
    /// Where the server listens and what it reads.
    public struct Configuration: Sendable {
        public var location: IndexLocation
        /// Address to bind: loopback unless told otherwise.
        public var host: String
        /// TCP port; 0 picks a free one (the `ready` callback gets the URL).
        public var port: Int
        /// Facets `/api/search` counts when the request names none (the command line's default).
        public var defaultFacets: [String]

        public init(
            location: IndexLocation, host: String = "127.0.0.1", port: Int = 8080,
            defaultFacets: [String] = Schema.facetNames
        ) {
            self.location = location
            self.host = host
            self.port = port
            self.defaultFacets = defaultFacets
        }
    }

    /// Whether `host` names this machine only (`127.0.0.1`, `::1`, `localhost`, any `127.x.y.z`).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    private let configuration: Configuration
    private let readers: ReaderPool

    /// Opens the index (throws `SearchError.index` when it is missing or broken).
    public init(_ configuration: Configuration) throws(SearchError) {
        self.configuration = configuration
        readers = try ReaderPool(location: configuration.location)
    }

    /// Serves until the process is interrupted (SIGINT, SIGTERM); `ready` gets the base URL once listening.
    public func run(ready: @escaping @Sendable (String) -> Void) async throws {
        var logger = Logger(label: "quarry.serve")
        logger.logLevel = .warning
        let host = configuration.host
        let app = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: "quarry"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
                ready("http://\(shown):\(port)/")
            },
            logger: logger)
        try await app.runService()
    }

    // MARK: - Routes

    private func router() -> Router<BasicRequestContext> {
        let router = Router()
        let readers = self.readers
        let defaultFacets = configuration.defaultFacets

        router.get("/") { request, _ -> Response in
            let state = SearchState(QueryString(parsing: request.uri.query))
            return try await readers.withReader { reader in
                let roots = (try? reader.catalog.roots()) ?? []
                var options = SearchOptions(
                    facets: Schema.facetNames, limit: SearchState.pageSize,
                    offset: (state.page - 1) * SearchState.pageSize, match: state.match,
                    filters: state.filters, sort: state.sort, facetLimit: 0)
                options.suggest = !state.query.isEmpty
                do throws(SearchError) {
                    let result = try reader.searcher.search(state.effectiveQuery, options: options)
                    return Self.html(Pages.search(state, result: result, error: nil, roots: roots))
                } catch {
                    let (status, message) = Self.describe(error)
                    return Self.html(Pages.search(state, result: nil, error: message, roots: roots), status: status)
                }
            }
        }

        router.get("/item/:id") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            return try await readers.withReader { reader in
                do throws(SearchError) {
                    let item = try reader.searcher.item(id: id)
                    let similar = try? reader.searcher.similar(to: id, options: SearchOptions(facets: [], limit: 8))
                    let roots = (try? reader.catalog.roots()) ?? []
                    return Self.html(Pages.item(item, similar: similar, roots: roots))
                } catch {
                    let (status, message) = Self.describe(error)
                    return Self.html(
                        Pages.message(status == .notFound ? "Not found" : "Error", message), status: status)
                }
            }
        }

        router.get("/person") { request, _ -> Response in
            let name = (QueryString(parsing: request.uri.query).first("name") ?? "")
                .trimmingCharacters(in: .whitespaces)
            return try await readers.withReader { reader in
                do throws(SearchError) {
                    return Self.html(Pages.person(try reader.searcher.person(named: name)))
                } catch {
                    if case .notFound = error {
                        return Self.html(
                            Pages.message("Not found", "No paper or resume names \(name)."), status: .notFound)
                    }
                    let (status, message) = Self.describe(error)
                    return Self.html(Pages.message("Error", message), status: status)
                }
            }
        }

        router.get("/file") { request, _ -> Response in
            let path = QueryString(parsing: request.uri.query).first("path") ?? ""
            let resolved = try await readers.withReader { reader in FileRoute.servable(path, catalog: reader.catalog) }
            guard let resolved else {
                return Self.html(Pages.message("Not found", "That file is not in the index."), status: .notFound)
            }
            return FileRoute.response(for: resolved)
        }

        router.get("/api/search") { request, _ -> Response in
            let parameters = QueryString(parsing: request.uri.query)
            return try await readers.withReader { reader in
                do {
                    let (query, options) = try APIRequest.search(parameters, defaultFacets: defaultFacets)
                    return Self.json(JSONOutput.search(try reader.searcher.search(query, options: options)))
                } catch {
                    return Self.jsonError(error)
                }
            }
        }

        router.get("/api/show") { request, _ -> Response in
            let id = QueryString(parsing: request.uri.query).first("id") ?? ""
            return try await readers.withReader { reader in
                do throws(SearchError) {
                    return Self.json(JSONOutput.item(try reader.searcher.item(id: id)))
                } catch {
                    return Self.jsonError(error)
                }
            }
        }

        router.get("/api/similar") { request, _ -> Response in
            let parameters = QueryString(parsing: request.uri.query)
            return try await readers.withReader { reader in
                do {
                    let (id, options) = try APIRequest.similar(parameters)
                    return Self.json(JSONOutput.search(try reader.searcher.similar(to: id, options: options)))
                } catch {
                    return Self.jsonError(error)
                }
            }
        }

        router.get("/static/quarry.css") { _, _ in Self.asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/static/quarry.js") { _, _ in Self.asset(Assets.javascript, type: "text/javascript; charset=utf-8")
        }
        return router
    }

    // MARK: - Responses

    /// Headers every page carries: no inline script, no framing, no sniffing, no referrer.
    static let securityHeaders: [(HTTPField.Name, String)] = [
        (
            .contentSecurityPolicy,
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        (.xContentTypeOptions, "nosniff"),
        (HTTPField.Name("Referrer-Policy")!, "no-referrer"),
    ]

    static func html(_ page: HTML, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        for (name, value) in securityHeaders { headers[name] = value }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=300"
        headers[.xContentTypeOptions] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The command line's error answer, with the HTTP status of its kind.
    static func jsonError(_ error: any Error) -> Response {
        if let invalid = error as? InvalidParameter {
            return json(JSONOutput.error(invalid.message, exit: 64), status: .badRequest)
        }
        guard let error = error as? SearchError else {
            return json(JSONOutput.error("\(error)", exit: 1), status: .internalServerError)
        }
        let (status, message) = describe(error)
        return json(JSONOutput.error(message, exit: error.exitCode), status: status)
    }

    /// The HTTP status and message of a search error (a syntax error with its caret line).
    static func describe(_ error: SearchError) -> (HTTPResponse.Status, String) {
        let message = error.localizedDescription + (error.caret.map { "\n" + $0 } ?? "")
        switch error {
        case .syntax, .plan, .unknownFacet, .badFilter, .badOption, .tooLarge: return (.badRequest, message)
        case .notFound: return (.notFound, message)
        case .index(let indexError):
            if case .missingIndex = indexError { return (.serviceUnavailable, message) }
            return (.internalServerError, message)
        }
    }
}
