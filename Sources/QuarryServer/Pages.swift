import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery

/// The server-rendered pages: search, item, person. Plain HTML with GET forms and links, so
/// every page works without JavaScript; `/static/quarry.js` only submits the form when a facet
/// box is ticked. Every value from the index goes through `HTML`'s escaping.
enum Pages {
    /// Facet values listed before "all N values".
    static let facetValuesShown = 8
    /// Facet values listed when a facet is expanded.
    static let facetValuesExpanded = 100

    /// Facets in the order the page lists them, with their headings.
    static let facetTitles: [(name: String, title: String)] = [
        ("kind", "Kind"), ("author", "Author"), ("venue", "Venue"), ("year", "Year"), ("category", "Category"),
        ("skill", "Skill"), ("folder", "Folder"),
    ]

    /// The frame of every page: head, the query box, then `body`.
    static func layout(title: String, query: String = "", body: HTML, form: HTML = "") -> HTML {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Quarry</title>
        <link rel="stylesheet" href="/static/quarry.css">
        <script src="/static/quarry.js" defer></script>
        </head>
        <body>
        <form id="search" action="/" method="get" role="search">
        <header>
        <a class="brand" href="/">Quarry</a>
        <input type="search" name="q" value="\(query)" placeholder="sparse attention, author:&quot;Ahan Gupta&quot;, kind:resume …" aria-label="Query" autocomplete="off">
        <button type="submit">Search</button>
        </header>
        \(form)
        </form>
        \(body)
        </body>
        </html>

        """
    }

    // MARK: - Search

    /// The search page: facets on the side (in the query's form), hits, pages.
    static func search(_ state: SearchState, result: SearchResult?, error: String?, roots: [String]) -> HTML {
        var side: [HTML] = []
        if let result {
            for (name, title) in facetTitles {
                guard let counts = result.facets.first(where: { $0.name == name })?.counts else { continue }
                side.append(facet(name: name, title: title, counts: counts, state: state))
            }
        }
        let sortOptions = SearchOptions.Sort.allCases.map { sort -> HTML in
            let label = sort == .relevance ? "relevance" : sort == .date ? "oldest first" : "newest first"
            return "<option value=\"\(sort.rawValue)\"\(sort == state.sort ? " selected" : "")>\(label)</option>"
        }
        let expanded: HTML = state.expanded.map { "<input type=\"hidden\" name=\"more\" value=\"\($0)\">" } ?? ""
        let matchAny: HTML = state.match == .any ? "<input type=\"hidden\" name=\"match\" value=\"any\">" : ""
        let form: HTML = """
            <aside class="facets" id="refine" aria-label="Refine">
            \(side)
            <fieldset class="years"><legend>Years</legend>
            <input type="number" name="from" value="\(state.yearFrom.map(String.init) ?? "")" placeholder="from" aria-label="From year" min="1000" max="9999">
            <span>–</span>
            <input type="number" name="to" value="\(state.yearTo.map(String.init) ?? "")" placeholder="to" aria-label="To year" min="1000" max="9999">
            </fieldset>
            <label class="sort">Sort <select name="sort">\(sortOptions)</select></label>
            \(expanded)\(matchAny)
            <button type="submit" class="apply">Apply</button>
            </aside>
            """
        var main: [HTML] = []
        if let error {
            main.append("<p class=\"error\" role=\"alert\">\(error)</p>")
        }
        if let result {
            main.append(summary(result, state: state))
            if !state.filters.isEmpty {
                let chips = state.filters.map { filter -> HTML in
                    "<a class=\"chip\" href=\"\(state.toggling(filter.facet, filter.value).href)\" title=\"Remove\">\(filter.facet): \(filter.value) ✕</a>"
                }
                main.append("<p class=\"active\">\(chips)</p>")
            }
            main.append(
                "<ol class=\"hits\" start=\"\(result.hits.first?.rank ?? 1)\">\(result.hits.map { hit($0, roots: roots) })</ol>"
            )
            main.append(pager(result, state: state))
        }
        let title = state.query.isEmpty ? "Search" : state.query
        return layout(
            title: title, query: state.query, body: "<main class=\"results\">\(main)</main>", form: form)
    }

    /// "6 results (1–6)", and what the searcher did to the query.
    private static func summary(_ result: SearchResult, state: SearchState) -> HTML {
        let first = result.hits.first?.rank ?? 0
        let last = result.hits.last?.rank ?? 0
        let range: HTML = result.hits.isEmpty ? "" : " <span class=\"range\">(\(first)–\(last))</span>"
        var parts: [HTML] = [
            "<p class=\"summary\"><strong class=\"total\">\(result.total)</strong> \(result.total == 1 ? "result" : "results")\(range) <a class=\"jump\" href=\"#refine\">Refine ↓</a></p>"
        ]
        for notice in result.notices { parts.append("<p class=\"note\">Note: \(notice.description)</p>") }
        if result.relaxed {
            parts.append("<p class=\"note\">No item has all the words; showing items with any of them.</p>")
        }
        if let suggestion = result.suggestion {
            var corrected = state
            corrected.query = suggestion
            corrected.page = 1
            parts.append("<p class=\"note\">Did you mean <a href=\"\(corrected.href)\">\(suggestion)</a>?</p>")
        }
        return HTML(joining: parts)
    }

    /// One facet: a box per value with its count, ticked values first kept in the list.
    private static func facet(name: String, title: String, counts: [FacetCount], state: SearchState) -> HTML {
        guard !counts.isEmpty else { return "" }
        let limit = state.expanded == name ? facetValuesExpanded : facetValuesShown
        var shown = Array(counts.prefix(limit))
        // Years read best newest first; other values by count, as the searcher ranks them.
        if name == Schema.year.name { shown.sort { $0.value > $1.value } }
        for filter in state.filters
        where filter.facet == name && !shown.contains(where: { state.same(name, $0.value, filter.value) }) {
            shown.append(
                counts.first { state.same(name, $0.value, filter.value) } ?? FacetCount(value: filter.value, count: 0))
        }
        let rows = shown.map { count -> HTML in
            let ticked = state.isTicked(name, count.value)
            return """
                <li><label><input type="checkbox" name="f" value="\(name + ":" + count.value)"\(ticked ? " checked" : "")> <a href="\(state.toggling(name, count.value).href)">\(label(name, count.value))</a> <span class="count">\(count.count)</span></label></li>
                """
        }
        var more: HTML = ""
        if counts.count > shown.count {
            var all = state
            all.expanded = name
            more = "<a class=\"more\" href=\"\(all.href)\">all \(counts.count) values</a>"
        } else if state.expanded == name {
            var fewer = state
            fewer.expanded = nil
            more = "<a class=\"more\" href=\"\(fewer.href)\">fewer</a>"
        }
        return """
            <fieldset class="facet" data-facet="\(name)"><legend>\(title)</legend>
            <ul>\(rows)</ul>\(more)
            </fieldset>
            """
    }

    /// How a facet value reads: the indexed root itself is the folder "." (shown as "(top)").
    private static func label(_ facet: String, _ value: String) -> String {
        facet == Schema.folder.name && value == "." ? "(top)" : value
    }

    /// Previous and next page links.
    private static func pager(_ result: SearchResult, state: SearchState) -> HTML {
        let pages = max(1, (result.total + SearchState.pageSize - 1) / SearchState.pageSize)
        guard pages > 1 else { return "" }
        var previous = state
        var next = state
        previous.page = state.page - 1
        next.page = state.page + 1
        let back: HTML = state.page > 1 ? "<a rel=\"prev\" href=\"\(previous.href)\">← Previous</a>" : "<span></span>"
        let forward: HTML = state.page < pages ? "<a rel=\"next\" href=\"\(next.href)\">Next →</a>" : "<span></span>"
        return "<nav class=\"pager\">\(back)<span>Page \(state.page) of \(pages)</span>\(forward)</nav>"
    }

    // MARK: - Hits

    /// One hit: title (to the item page), kind, authors (to their pages), venue, year, the
    /// highlighted snippet and the source files.
    static func hit(_ hit: SearchHit, roots: [String]) -> HTML {
        let item = hit.item
        let snippet: HTML =
            hit.snippet.text.isEmpty
            ? ""
            : """
            <p class="snippet">\(hit.snippet.page.map { "p. \($0): " } ?? "")\(hit.snippet.context.map { $0 + " · " } ?? "")\(highlighted(hit.snippet))</p>
            """
        return """
            <li class="hit" data-id="\(item.id)">
            <h2><a href="/item/\(item.id)">\(item.title)</a></h2>
            \(meta(item))
            \(snippet)
            \(sources(item, roots: roots))
            </li>
            """
    }

    /// Kind · authors · venue · year.
    static func meta(_ item: IndexedItem) -> HTML {
        var parts: [HTML] = ["<span class=\"kind\">\(item.kind.rawValue)</span>"]
        if !item.authors.isEmpty {
            let people = item.authors.map { personLink($0) }
            parts.append(
                "<span class=\"authors\">\(HTML(joining: people, separator: ", "))\(item.authorsTruncated ? " et al." : "")</span>"
            )
        }
        if let venue = item.venue {
            parts.append("<span class=\"venue\" title=\"\(venue.name)\">\(venue.facetValue)</span>")
        }
        if let year = item.year { parts.append("<span class=\"year\">\(year)</span>") }
        if let category = item.category, item.kind == .resume {
            parts.append("<span class=\"category\">\(category)</span>")
        }
        return "<p class=\"meta\">\(HTML(joining: parts, separator: " · "))</p>"
    }

    /// A link to a person's page.
    static func personLink(_ name: String) -> HTML {
        var parameters = QueryString()
        parameters.append("name", name)
        return "<a class=\"person\" href=\"/person?\(parameters.encoded)\">\(name)</a>"
    }

    /// The source files, each a link that opens the file (the file route checks the catalog).
    static func sources(_ item: IndexedItem, roots: [String]) -> HTML {
        let links = item.sources.map { source -> HTML in
            var parameters = QueryString()
            parameters.append("path", source.path)
            let line: HTML = source.line.map { " <span class=\"line\">line \($0)</span>" } ?? ""
            return
                "<a class=\"source\" href=\"/file?\(parameters.encoded)\">\(displayPath(source.path, roots: roots))</a>\(line)"
        }
        return "<p class=\"sources\">\(HTML(joining: links, separator: " "))</p>"
    }

    /// A path as its root's name and the path below it (`Corpus/002_….txt`).
    static func displayPath(_ path: String, roots: [String]) -> String {
        guard let root = roots.filter({ path.hasPrefix($0 + "/") }).max(by: { $0.count < $1.count }) else {
            return path
        }
        let name = (root as NSString).lastPathComponent
        return (name.isEmpty ? "" : name + "/") + path.dropFirst(root.count + 1)
    }

    /// The snippet with its highlights in `<mark>`.
    static func highlighted(_ snippet: Snippet) -> HTML {
        var parts: [HTML] = []
        var cursor = snippet.text.startIndex
        for range in snippet.highlights where range.lowerBound >= cursor {
            parts.append(
                "\(String(snippet.text[cursor..<range.lowerBound]))<mark>\(String(snippet.text[range]))</mark>")
            cursor = range.upperBound
        }
        parts.append("\(String(snippet.text[cursor...]))")
        return HTML(joining: parts)
    }

    // MARK: - Item

    /// One item whole: its fields, every source, its text or resume, and similar items.
    static func item(_ item: IndexedItem, similar: SearchResult?, roots: [String]) -> HTML {
        var rows: [HTML] = []
        func row(_ label: String, _ value: HTML) { rows.append("<dt>\(label)</dt><dd>\(value)</dd>") }
        row("Kind", "\(item.kind.rawValue)")
        if !item.authors.isEmpty {
            row(
                item.kind == .resume ? "Person" : "Authors",
                "\(HTML(joining: item.authors.map(personLink), separator: ", "))\(item.authorsTruncated ? " et al." : "")"
            )
        }
        if !item.venues.isEmpty {
            row(
                "Venues",
                HTML(
                    joining: item.venues.map { v -> HTML in v.code.map { "\($0) (\(v.name))" } ?? "\(v.name)" },
                    separator: "; "))
        }
        if let date = item.date { row("Date", "\(date.description)") }
        if let arxiv = item.arxivID {
            row("arXiv", "<a href=\"https://arxiv.org/abs/\(arxiv)\" rel=\"noreferrer\">\(arxiv)</a>")
        }
        if !item.dois.isEmpty {
            row(
                "DOI",
                HTML(
                    joining: item.dois.map { doi -> HTML in
                        "<a href=\"https://doi.org/\(doi)\" rel=\"noreferrer\">\(doi)</a>"
                    }, separator: ", "))
        }
        if !item.isbns.isEmpty { row("ISBN", "\(item.isbns.joined(separator: ", "))") }
        let links = item.urls.filter { $0.hasPrefix("https://") || $0.hasPrefix("http://") }
        if !links.isEmpty {
            row(
                "Links",
                HTML(
                    joining: links.map { url -> HTML in "<a href=\"\(url)\" rel=\"noreferrer\">\(url)</a>" },
                    separator: ", "))
        }
        if !item.keywords.isEmpty { row("Keywords", "\(item.keywords.joined(separator: ", "))") }
        if !item.citationKeys.isEmpty { row("Cited as", "<code>\(item.citationKeys.joined(separator: ", "))</code>") }
        if let category = item.category { row("Category", "\(category)") }
        if let resume = item.resume {
            if !resume.emails.isEmpty { row("Email", "\(resume.emails.joined(separator: ", "))") }
            if !resume.links.isEmpty { row("Links", "\(resume.links.joined(separator: ", "))") }
            if !resume.skills.isEmpty { row("Skills", "\(resume.skills.joined(separator: ", "))") }
        }
        row("Sources", sources(item, roots: roots))
        row("Id", "<code>\(item.id)</code> · <a href=\"/api/show?id=\(item.id)\">JSON</a>")
        var body: [HTML] = ["<article class=\"item\"><h1>\(item.title)</h1><dl>\(rows)</dl>"]
        if let resume = item.resume {
            for section in resume.sections {
                let lines = section.lines.map { line -> HTML in "<p>\(line)</p>" }
                let bullets: HTML =
                    section.bullets.isEmpty ? "" : "<ul>\(section.bullets.map { b -> HTML in "<li>\(b)</li>" })</ul>"
                body.append(
                    "<section><h2>\(section.title.isEmpty ? "Resume" : section.title)</h2>\(lines)\(bullets)</section>")
            }
        } else if !item.text.isEmpty {
            let paragraphs = item.text.components(separatedBy: "\n").filter {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }
            body.append("<section class=\"text\">\(paragraphs.map { p -> HTML in "<p>\(p)</p>" })</section>")
        }
        if !item.pages.isEmpty { body.append("<p class=\"note\">\(item.pages.count) pages of full text indexed.</p>") }
        body.append("</article>")
        if let similar, !similar.hits.isEmpty {
            body.append(
                "<section class=\"similar\"><h2>Similar</h2><ol class=\"hits compact\">\(similar.hits.map { compact($0.item) })</ol></section>"
            )
        }
        return layout(title: item.title, body: "<main class=\"page\">\(body)</main>")
    }

    /// A one-line item: title and meta.
    static func compact(_ item: IndexedItem) -> HTML {
        "<li class=\"hit\" data-id=\"\(item.id)\"><a href=\"/item/\(item.id)\">\(item.title)</a>\(meta(item))</li>"
    }

    // MARK: - Person

    /// A person: their resume, papers, co-authors and venues (`Searcher.person`).
    static func person(_ person: Person) -> HTML {
        var body: [HTML] = ["<h1>\(person.name)</h1>"]
        if !person.resumes.isEmpty {
            body.append(
                "<section><h2>Resume</h2><ol class=\"hits compact\">\(person.resumes.map(compact))</ol></section>")
        }
        body.append(
            """
            <section><h2>Papers <span class="count">\(person.papers.count)</span></h2>
            <ol class="hits compact">\(person.papers.map(compact))</ol>
            </section>
            """)
        var byAuthor = SearchState()
        byAuthor.filters = [FacetFilter(facet: Schema.author.name, value: person.name)]
        if !person.coauthors.isEmpty {
            let people = person.coauthors.map { c -> HTML in
                "<li>\(personLink(c.value)) <span class=\"count\">\(c.count)</span></li>"
            }
            body.append("<section><h2>Co-authors</h2><ul class=\"columns\">\(people)</ul></section>")
        }
        if !person.venues.isEmpty {
            let rows = person.venues.map { v -> HTML in
                var state = byAuthor
                state.filters.append(FacetFilter(facet: Schema.venue.name, value: v.value))
                return "<li><a href=\"\(state.href)\">\(v.value)</a> <span class=\"count\">\(v.count)</span></li>"
            }
            body.append("<section><h2>Venues</h2><ul class=\"columns\">\(rows)</ul></section>")
        }
        body.append("<p class=\"note\"><a href=\"\(byAuthor.href)\">Search within their work</a></p>")
        return layout(title: person.name, body: "<main class=\"page person\">\(body)</main>")
    }

    /// A page that says what went wrong.
    static func message(_ title: String, _ text: String) -> HTML {
        layout(title: title, body: "<main class=\"page\"><h1>\(title)</h1><p>\(text)</p></main>")
    }
}
