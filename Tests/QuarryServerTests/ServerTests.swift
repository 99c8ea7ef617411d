import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryServer

/// `quarry serve` on an index of Corpus/, through real HTTP on the loopback address.
@Suite(.serialized) struct ServerTests {
    let corpus: TestCorpus
    let server: RunningServer

    init() throws {
        corpus = try TestCorpus()
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        try #require(index.status == 0, "\(index.stderr)")
        server = try RunningServer(in: corpus.root)
    }

    func quarry(_ arguments: [String]) throws -> QuarryBinary.Output {
        try QuarryBinary.run(arguments, in: corpus.root)
    }

    static func encode(_ text: String) -> String { QueryString.encode(text) }

    /// The same JSON text, key order aside.
    static func same(_ a: String, _ b: String) throws -> Bool {
        let left = try JSONSerialization.jsonObject(with: Data(a.utf8))
        let right = try JSONSerialization.jsonObject(with: Data(b.utf8))
        return try JSONSerialization.data(withJSONObject: left, options: .sortedKeys)
            == JSONSerialization.data(withJSONObject: right, options: .sortedKeys)
    }

    // MARK: the API is the command line

    @Test(arguments: [
        ("q=moe", ["moe"]),
        ("q=kind%3Apaper&filter=author%3AAhan+Gupta", ["kind:paper", "--filter", "author:Ahan Gupta"]),
        (
            "q=kind%3Apaper&filter=venue%3Acs.LG&filter=year%3A2025",
            ["kind:paper", "--filter", "venue:cs.LG", "--filter", "year:2025"]
        ),
        ("q=sparse+atention", ["sparse atention"]),
        (
            "q=kind%3Apaper&facet=author&facet-limit=2&limit=3&offset=1&sort=-date",
            ["kind:paper", "--facet", "author", "--facet-limit", "2", "--limit", "3", "--offset", "1", "--sort=-date"]
        ),
        ("q=attention&match=any&explain=1", ["attention", "--match", "any", "--explain"]),
        ("q=lynx+flurka", ["lynx flurka"]),
        ("q=author%3A%22Ahan", ["author:\"Ahan"]),
        ("q=title%3Amoe&strict=true", ["--strict", "title:moe"]),
        ("q=moe&facet=author&facet=author&facet=kind", ["moe", "--facet", "author", "--facet", "kind"]),
    ])
    func apiSearchAnswersWhatSearchJSONPrints(_ query: String, _ arguments: [String]) throws {
        let api = try server.request("/api/search?" + query)
        #expect(api.status == 200)
        #expect(api.headers["content-type"] == "application/json; charset=utf-8")
        let cli = try quarry(["search"] + arguments + ["--json"])
        #expect(cli.status == 0)
        #expect(try Self.same(api.body, cli.stdout), "\(query)")
        #expect(try api.json()["version"] as? Int == 1)
    }

    /// The id of Vima Gupta's resume (a resume's id depends on its file's path).
    func resumeID() throws -> String {
        try #require(
            try quarry(["search", "kind:resume author:vima", "--output", "ids"]).stdout.split(separator: "\n").first
                .map(String.init))
    }

    @Test func apiShowAndSimilarAnswerWhatTheCommandsPrint() throws {
        for id in ["pd3feacb23599", try resumeID()] {
            let show = try server.request("/api/show?id=\(id)")
            #expect(show.status == 200)
            #expect(try Self.same(show.body, try quarry(["show", id, "--json"]).stdout))
            let similar = try server.request("/api/similar?id=\(id)&limit=3")
            #expect(similar.status == 200)
            #expect(try Self.same(similar.body, try quarry(["similar", id, "--limit", "3", "--json"]).stdout))
        }
    }

    @Test(arguments: [
        ("/api/search?q=author%3A%22Ahan&strict=1", 400, 64),
        ("/api/search", 400, 64),
        ("/api/search?q=moe&facet=colour", 400, 64),
        ("/api/search?q=moe&limit=-1", 400, 64),
        ("/api/search?q=moe&filter=nope", 400, 64),
        ("/api/search?q=moe&limit=99999999999", 400, 64),
        ("/api/search?q=moe&offset=9223372036854775807", 400, 64),
        ("/api/search?q=" + String(repeating: "ab+", count: 3_400), 400, 64),
        ("/api/show?id=pnothing", 404, 66),
        ("/api/similar?id=pnothing", 404, 66),
    ])
    func apiErrorsCarryTheExitStatusOfTheCommandLine(_ target: String, _ status: Int, _ exit: Int) throws {
        let answer = try server.request(target)
        #expect(answer.status == status)
        let json = try answer.json()
        #expect(json["exit"] as? Int == exit)
        #expect(json["version"] as? Int == 1)
        #expect((json["error"] as? String)?.isEmpty == false)
    }

    // MARK: the page

    @Test func searchPageShowsHitsFacetsAndCountsThatKeepCounting() throws {
        let page = try server.request("/?q=kind%3Apaper&f=author%3AAhan+Gupta")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        let cli = try quarry(["search", "kind:paper", "--filter", "author:Ahan Gupta", "--json", "--facet-limit", "0"])
            .json()
        #expect(page.body.contains("<strong class=\"total\">\(cli["total"] as? Int ?? -1)</strong>"))
        for hit in cli["hits"] as? [[String: Any]] ?? [] {
            #expect(page.body.contains("data-id=\"\(hit["id"] as? String ?? "?")\""))
        }
        // The ticked author is checked, and the other authors keep their drill-sideways counts.
        #expect(page.body.contains("value=\"author:Ahan Gupta\" checked"))
        let authors = (cli["facets"] as? [String: [[String: Any]]])?["author"] ?? []
        let vima = try #require(authors.first { $0["value"] as? String == "Vima Gupta" })
        #expect(
            page.body.contains(
                "value=\"author:Vima Gupta\"> <a href=\"/?q=kind%3Apaper&amp;f=author%3AAhan+Gupta&amp;f=author%3AVima+Gupta\">Vima Gupta</a> <span class=\"count\">\(vima["count"] as? Int ?? -1)</span>"
            ))
        // Every state is in links: removing the filter, and nothing needs script.
        #expect(page.body.contains("href=\"/?q=kind%3Apaper\" title=\"Remove\""))
        #expect(page.body.contains("<form id=\"search\" action=\"/\" method=\"get\""))
        #expect(!page.body.contains("<script>"), "no inline script")
    }

    @Test func yearRangeSortAndPagesAreInTheURL() throws {
        let page = try server.request("/?q=kind%3Apaper&from=2023&to=2024&sort=-date")
        let cli = try quarry(["count", "kind:paper year:2023..2024"]).stdout.trimmingCharacters(in: .newlines)
        #expect(page.body.contains("<strong class=\"total\">\(cli)</strong>"))
        #expect(page.body.contains("name=\"from\" value=\"2023\""))
        #expect(page.body.contains("<option value=\"-date\" selected>"))
        let all = try server.request("/?q=kind%3Apaper")
        #expect(all.body.contains("<strong class=\"total\">13</strong>"))
        #expect(all.body.contains("<a rel=\"next\" href=\"/?q=kind%3Apaper&amp;page=2\">"))
        let second = try server.request("/?q=kind%3Apaper&page=2")
        #expect(second.body.contains("<ol class=\"hits\" start=\"11\">"))
        #expect(second.body.contains("Page 2 of 2"))
    }

    @Test func emptyQueryBrowsesEverything() throws {
        let page = try server.request("/")
        #expect(page.status == 200)
        let total = try quarry(["count", "kind:paper OR kind:resume OR kind:document"]).stdout
            .trimmingCharacters(in: .newlines)
        #expect(page.body.contains("<strong class=\"total\">\(total)</strong>"))
    }

    @Test func aQueryReadLenientlySaysHowOnThePage() throws {
        let page = try server.request("/?q=author%3A%22Ahan")
        #expect(page.status == 200)
        let cli = try quarry(["search", "author:\"Ahan", "--json"]).json()
        let notices = try #require(cli["notices"] as? [String])
        #expect(!notices.isEmpty)
        for notice in notices { #expect(page.body.contains("Note: " + HTML.escape(notice))) }
        #expect(page.body.contains("value=\"author:&quot;Ahan\""))
        #expect(page.body.contains("<strong class=\"total\">\(cli["total"] as? Int ?? -1)</strong>"))
    }

    @Test func itemPageShowsEverySourceAndSimilarItems() throws {
        let page = try server.request("/item/pd3feacb23599")
        #expect(page.status == 200)
        #expect(page.body.contains("<h1>Lynx: Enabling Efficient MoE Inference"))
        let show = try quarry(["show", "pd3feacb23599", "--json"]).json()
        for path in show["paths"] as? [String] ?? [] {
            #expect(page.body.contains("/file?path=\(Self.encode(path))"))
        }
        #expect(page.body.contains("<h2>Similar</h2>"))
        let similar = try quarry(["similar", "pd3feacb23599", "--json", "--limit", "3"]).json()
        for hit in similar["hits"] as? [[String: Any]] ?? [] {
            #expect(page.body.contains("href=\"/item/\(hit["id"] as? String ?? "?")\""))
        }
        #expect(try server.request("/item/pnothing").status == 404)
    }

    @Test func personPageListsPapersResumeCoauthorsAndVenues() throws {
        let page = try server.request("/person?name=Vima+Gupta")
        #expect(page.status == 200)
        #expect(page.body.contains("<h1>Vima Gupta</h1>"))
        let papers = try quarry(["count", "kind:paper", "--filter", "author:Vima Gupta"]).stdout.trimmingCharacters(
            in: .newlines)
        #expect(page.body.contains("<h2>Papers <span class=\"count\">\(papers)</span></h2>"))
        let resume = try resumeID()
        #expect(page.body.contains("<h2>Resume</h2>") && page.body.contains("href=\"/item/\(resume)\""))
        #expect(page.body.contains("<h2>Co-authors</h2>") && page.body.contains(">Ahan Gupta</a>"))
        #expect(
            !page.body.contains("href=\"/person?name=Vima+Gupta\">Vima Gupta</a> <span class=\"count\""),
            "not their own co-author")
        #expect(
            page.body.contains("<h2>Venues</h2>") && page.body.contains(">CogSci</a> <span class=\"count\">2</span>"))
        #expect(try server.request("/person?name=Nobody+Here").status == 404)
    }

    @Test func staticFilesAndSecurityHeaders() throws {
        let page = try server.request("/")
        #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(try server.request("/static/quarry.css").status == 200)
        #expect(try server.request("/static/quarry.js").headers["content-type"]?.hasPrefix("text/javascript") == true)
    }

    // MARK: only reading

    @Test(arguments: ["POST", "PUT", "DELETE", "PATCH"])
    func noRouteChangesAnything(_ method: String) throws {
        let catalog = corpus.index.appendingPathComponent("catalog.sqlite")
        let before = try Data(contentsOf: catalog)
        for target in [
            "/", "/api/search?q=moe", "/api/show?id=pd3feacb23599", "/item/pd3feacb23599", "/file?path=/tmp",
        ] {
            let answer = try server.request(target, method: method)
            #expect(!(200..<300).contains(answer.status), "\(method) \(target) answered \(answer.status)")
        }
        #expect(try Data(contentsOf: catalog) == before)
        #expect(try quarry(["count", "kind:paper"]).stdout == "13\n")
    }
}

/// What the server refuses and escapes, on a corpus made for it.
@Suite(.serialized) struct ServerSecurityTests {
    let corpus: TestCorpus
    let outside: URL

    init() throws {
        corpus = try TestCorpus()
        try corpus.write("script.txt", "<script>alert(1)</script>\n\nA harmless note about zebras.\n")
        try corpus.write("image.txt", "\"><img src=x onerror=alert(1)>\n\nAnother note about zebras.\n")
        try corpus.write(
            "evil.bib",
            "@article{evil2024,\n  title = {A paper on zebras and <b>bold</b> claims},\n  author = {Mallory, Eve},\n  url = {javascript:alert(1)},\n  year = {2024}\n}\n"
        )
        // A secret outside the root, and a symbolic link to it inside (the crawler follows it).
        outside = corpus.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try "top secret zebras\n".write(
            to: outside.appendingPathComponent("secret.txt"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            at: corpus.corpus.appendingPathComponent("link.txt"),
            withDestinationURL: outside.appendingPathComponent("secret.txt"))
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        try #require(index.status == 0, "\(index.stderr)")
    }

    static let script = "<script>alert(1)</script>"
    static let image = "\"><img src=x onerror=alert(1)>"

    @Test func everyValueReachesThePageAsText() throws {
        let server = try RunningServer(in: corpus.root)
        let json = try QuarryBinary.run(["search", "zebras", "--json"], in: corpus.root).json()
        let hits = json["hits"] as? [[String: Any]] ?? []
        let titles = Set(hits.compactMap { $0["title"] as? String })
        #expect(titles.contains(Self.script) && titles.contains(Self.image), "the titles are indexed as typed")
        #expect(titles.contains("A paper on zebras and <b>bold</b> claims"))
        var pages = [try server.request("/?q=zebras").body]
        for hit in hits { pages.append(try server.request("/item/\(hit["id"] as? String ?? "")").body) }
        pages.append(try server.request("/?q=" + QueryString.encode(Self.script)).body)
        pages.append(try server.request("/?q=" + QueryString.encode(Self.image)).body)
        pages.append(try server.request("/person?name=" + QueryString.encode(Self.script)).body)
        pages.append(try server.request("/?q=zebras&f=" + QueryString.encode("author:" + Self.image)).body)
        for page in pages {
            #expect(!page.lowercased().contains("href=\"javascript:"), "a javascript: link on a page")
            #expect(!page.contains("<b>bold</b>"))
            #expect(!page.contains(Self.script), "raw <script> on a page")
            #expect(!page.contains("<img"), "raw <img> on a page")
            #expect(!page.contains("\">" + "<img"))
        }
        #expect(pages[0].contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(pages[0].contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func fileRouteServesOnlyCatalogFiles() throws {
        let server = try RunningServer(in: corpus.root)
        let good = try corpus.file("002").path
        let served = try server.request("/file?path=" + QueryString.encode(good))
        #expect(served.status == 200)
        #expect(served.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(served.body == (try String(contentsOfFile: good, encoding: .utf8)))
        let script = try server.request(
            "/file?path=" + QueryString.encode(corpus.corpus.appendingPathComponent("script.txt").path))
        #expect(script.status == 200 && script.headers["content-type"] == "text/plain; charset=utf-8", "never as HTML")

        let corpusPath = corpus.corpus.path
        let refused = [
            "/file?path=" + QueryString.encode(corpusPath + "/../outside/secret.txt"),
            "/file?path=" + QueryString.encode(corpusPath + "/./002_1c5307dff05a53f9.txt"),
            "/file?path=" + QueryString.encode("Corpus/002_1c5307dff05a53f9.txt"),
            "/file?path=" + QueryString.encode("../../../../etc/passwd"),
            "/file?path=%2Fetc%2Fpasswd",
            "/file?path=/etc/passwd",
            "/file?path=" + QueryString.encode(outside.appendingPathComponent("secret.txt").path),
            "/file?path=" + QueryString.encode(corpusPath + "/link.txt"),
            "/file?path=" + corpusPath + "/%2e%2e/outside/secret.txt",
            "/file?path=" + corpusPath + "/%252e%252e/outside/secret.txt",
            "/file?path=" + QueryString.encode(corpusPath),
            "/file?path=" + QueryString.encode(corpusPath + "/"),
            "/file?path=" + QueryString.encode(corpus.index.appendingPathComponent("catalog.sqlite").path),
            "/file?path=" + QueryString.encode(good + "\u{0}"),
            "/file?path=",
            "/file",
            "/file/../../../etc/passwd",
            "/file/%2e%2e/%2e%2e/etc/passwd",
            "/static/../../../etc/passwd",
            "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "/..%2f..%2f..%2fetc%2fpasswd",
            "/" + good,
        ]
        for target in refused {
            let answer = try server.request(target)
            #expect(answer.status == 404, "\(target) answered \(answer.status)")
            #expect(!answer.body.contains("top secret") && !answer.body.contains("root:"), "\(target) leaked")
        }
    }

    @Test func newCommitsAreSeenWithoutARestart() throws {
        let server = try RunningServer(in: corpus.root)
        #expect(try server.request("/api/search?q=okapi").json()["total"] as? Int == 0)
        #expect(try server.request("/?q=okapi").body.contains("<strong class=\"total\">0</strong>"))
        try corpus.write("okapi.txt", "Okapi notes\n\nThe okapi is a giraffid.\n")
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        #expect(index.status == 0)
        #expect(try server.request("/api/search?q=okapi").json()["total"] as? Int == 1)
        #expect(try server.request("/?q=okapi").body.contains("<strong class=\"total\">1</strong>"))
        try FileManager.default.removeItem(at: corpus.corpus.appendingPathComponent("okapi.txt"))
        _ = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        #expect(try server.request("/api/search?q=okapi").json()["total"] as? Int == 0)
    }

    @Test func loopbackByDefaultAndAWarningForAnyOtherAddress() throws {
        #expect(WebServer.isLoopback("127.0.0.1") && WebServer.isLoopback("::1") && WebServer.isLoopback("localhost"))
        #expect(!WebServer.isLoopback("0.0.0.0") && !WebServer.isLoopback("192.168.1.4") && !WebServer.isLoopback("::"))
        let server = try RunningServer(in: corpus.root)
        #expect(try server.request("/").status == 200)
        // An address this machine does not have (TEST-NET-1): the warning comes before binding fails.
        let elsewhere = try QuarryBinary.run(["serve", "--host", "192.0.2.1", "--port", "0"], in: corpus.root)
        #expect(elsewhere.stderr.contains("warning: serving on 192.0.2.1"))
        #expect(elsewhere.status != 0)
    }

    @Test func missingIndexIsReportedBeforeServing() throws {
        let serve = try QuarryBinary.run(
            ["serve", "--port", "0", "--index", corpus.root.appendingPathComponent("none").path], in: corpus.root)
        #expect(serve.status == 66)
        #expect(serve.stderr.contains("quarry index"))
    }
}

/// The page's building blocks.
struct PageUnitTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        ("O'Brien & Co", "O&#39;Brien &amp; Co"),
        ("Balázs", "Balázs"),
    ])
    func interpolatedTextIsEscaped(_ text: String, _ escaped: String) {
        let html: HTML = "<p title=\"\(text)\">\(text)</p>"
        #expect(html.text == "<p title=\"\(escaped)\">\(escaped)</p>")
    }

    @Test(arguments: [
        ("q=a+b&f=author%3AVima+Gupta&f=year:2024", [("q", "a b"), ("f", "author:Vima Gupta"), ("f", "year:2024")]),
        ("q=%E2%86%92&x", [("q", "→"), ("x", "")]),
        ("q=100%", [("q", "100%")]),
    ])
    func queryStringsDecodeAsFormsEncode(_ raw: String, _ pairs: [(String, String)]) {
        let parsed = QueryString(parsing: raw)
        #expect(parsed.pairs.map(\.name) == pairs.map(\.0))
        #expect(parsed.pairs.map(\.value) == pairs.map(\.1))
        #expect(QueryString(parsing: parsed.encoded) == parsed)
    }

    @Test func onlyWebLinksBecomeLinks() {
        var item = IndexedItem(
            id: "p1", kind: .paper, title: "T", authors: ["A <b>B</b>"], authorsTruncated: false, venue: nil, date: nil,
            paths: ["/x/a.bib"], text: "", resume: nil)
        item.urls = ["javascript:alert(1)", "https://example.org/paper?a=1&b=2"]
        item.dois = ["10.1/\"><script>"]
        let page = Pages.item(item, similar: nil, roots: ["/x"]).text
        #expect(!page.contains("href=\"javascript:"))
        #expect(page.contains("href=\"https://example.org/paper?a=1&amp;b=2\""))
        #expect(page.contains("href=\"https://doi.org/10.1/&quot;&gt;&lt;script&gt;\""))
        #expect(page.contains("A &lt;b&gt;B&lt;/b&gt;") && page.contains("a.bib"))
    }

    @Test func stateRoundTripsThroughItsURL() {
        var state = SearchState()
        state.query = "sparse attention"
        state.filters = [.init(facet: "author", value: "Vima Gupta"), .init(facet: "year", value: "2024")]
        state.yearFrom = 2020
        state.sort = .newest
        state.page = 3
        let href = state.href
        #expect(href == "/?q=sparse+attention&f=author%3AVima+Gupta&f=year%3A2024&from=2020&sort=-date&page=3")
        let parsed = SearchState(QueryString(parsing: String(href.dropFirst(2))))
        #expect(parsed == state)
        #expect(parsed.effectiveQuery == "(sparse attention) year:2020..")
        let toggled = state.toggling("author", "vima  gupta")
        #expect(toggled.filters == [.init(facet: "year", value: "2024")] && toggled.page == 1)
    }
}
