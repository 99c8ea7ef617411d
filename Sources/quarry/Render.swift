import Foundation
import QuarryIndex  // FacetCount
import QuarryModel
import QuarryQuery

/// Turns search results into text for a terminal or a pipe, or into JSON.
enum Render {
    /// Colour only on a terminal, and never when NO_COLOR is set.
    static var wantsColour: Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    private static let bold = "\u{1B}[1m", highlight = "\u{1B}[1;33m", dim = "\u{1B}[2m", reset = "\u{1B}[0m"

    /// The human-readable listing: a header, the hits, the facet counts.
    static func text(_ result: SearchResult, colour: Bool) -> String {
        func style(_ text: String, _ code: String) -> String { colour ? code + text + reset : text }
        var out = ""
        let first = result.hits.first?.rank ?? 0
        let last = result.hits.last?.rank ?? 0
        out += "\(result.total) \(result.total == 1 ? "result" : "results")"
        out += result.hits.isEmpty ? "\n" : " (showing \(first)–\(last))\n"
        if result.relaxed {
            out += style("No document has all the words; showing documents with any of them.", dim) + "\n"
        }
        if let suggestion = result.suggestion { out += "Did you mean: " + style(suggestion, bold) + "\n" }
        for notice in result.notices { out += style("Note: " + notice.description, dim) + "\n" }
        for hit in result.hits {
            let item = hit.item
            out += "\n" + String(format: "%3d. ", hit.rank) + style(item.title, bold) + "\n"
            var meta = [item.kind.rawValue]
            if !item.authors.isEmpty {
                meta.append(item.authors.joined(separator: ", ") + (item.authorsTruncated ? " et al." : ""))
            }
            if let venue = item.venue { meta.append(venue.facetValue) }
            if let year = item.year { meta.append(String(year)) }
            if let arxivID = item.arxivID { meta.append("arXiv:\(arxivID)") }
            if let category = item.category, item.kind == .resume { meta.append(category) }
            out += "     " + meta.joined(separator: " · ") + "\n"
            out += "     " + style(item.paths.map(displayPath).joined(separator: ", "), dim)
            out += style("  [\(item.id)]", dim) + "\n"
            if !hit.snippet.text.isEmpty {
                let page = hit.snippet.page.map { style("p. \($0): ", dim) } ?? ""
                let context = hit.snippet.context.map { style($0 + " · ", dim) } ?? ""
                out += "     " + page + context + highlighted(hit.snippet, colour ? highlight : nil) + "\n"
            }
            if let explanation = hit.explanation {
                let parts = explanation.map {
                    String(
                        format: "%@:%@ %.3f (wdf %d, df %d)", $0.field, $0.term, $0.weight, $0.wdf, $0.documentFrequency
                    )
                }
                out +=
                    "     " + style(String(format: "score %.3f = ", hit.score) + parts.joined(separator: " + "), dim)
                    + "\n"
            }
        }
        let nonEmpty = result.facets.filter { !$0.counts.isEmpty }
        if !nonEmpty.isEmpty {
            out += "\n" + style("Facets", bold) + "\n"
            for facet in nonEmpty {
                let shown = facet.counts.map { "\($0.value) (\($0.count))" }.joined(separator: ", ")
                let hidden = (result.facetTotals[facet.name] ?? facet.counts.count) - facet.counts.count
                let more = hidden > 0 ? ", … \(hidden) more (--facet-limit)" : ""
                out += "  \(facet.name): \(shown)\(more)\n"
            }
        }
        return out
    }

    /// The snippet with its highlights wrapped in `code` (or plain when nil).
    private static func highlighted(_ snippet: Snippet, _ code: String?) -> String {
        guard let code else { return snippet.text }
        var out = ""
        var cursor = snippet.text.startIndex
        for range in snippet.highlights where range.lowerBound >= cursor {
            out += snippet.text[cursor..<range.lowerBound] + code + snippet.text[range] + reset
            cursor = range.upperBound
        }
        return out + snippet.text[cursor...]
    }

    /// One item, whole: what `quarry show` prints.
    static func item(_ item: IndexedItem) -> String {
        var out = "\(item.title)\n"
        func line(_ label: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            out += label.padding(toLength: 10, withPad: " ", startingAt: 0) + value + "\n"
        }
        line("id", item.id)
        line("kind", item.kind.rawValue)
        line("authors", item.authors.joined(separator: ", ") + (item.authorsTruncated ? " et al." : ""))
        line("venues", item.venues.map { v in v.code.map { "\($0) (\(v.name))" } ?? v.name }.joined(separator: "; "))
        line("date", item.date?.description)
        line("arXiv", item.arxivID)
        line("DOI", item.dois.joined(separator: ", "))
        line("keys", item.citationKeys.joined(separator: ", "))
        line("links", item.urls.joined(separator: ", "))
        line("keywords", item.keywords.joined(separator: ", "))
        line("category", item.category)
        line("sources", item.paths.map(displayPath).joined(separator: "\n          "))
        if let resume = item.resume {
            line("emails", resume.emails.joined(separator: ", "))
            line("links", resume.links.joined(separator: ", "))
            line("skills", resume.skills.joined(separator: ", "))
            for section in resume.sections {
                out += "\n" + (section.title.isEmpty ? "(top)" : section.title) + "\n"
                for text in section.lines { out += "  " + text + "\n" }
                for bullet in section.bullets { out += "  • " + bullet + "\n" }
            }
        } else if !item.text.isEmpty {
            out += "\n" + item.text + "\n"
        }
        if !item.pages.isEmpty { out += "\n(\(item.pages.count) pages of full text)\n" }
        return out
    }

    /// A person: what `quarry show person:NAME` prints.
    static func person(_ person: Person) -> String {
        var out = "\(person.name)\n"
        if !person.resumes.isEmpty {
            out += "\nResume\n"
            for resume in person.resumes {
                out +=
                    "  \(resume.title)  [\(resume.id)]\n     " + resume.paths.map(displayPath).joined(separator: ", ")
                    + "\n"
            }
        }
        out += "\nPapers (\(person.papers.count))\n"
        for paper in person.papers {
            let meta = [paper.venue?.facetValue, paper.year.map(String.init)].compactMap { $0 }.joined(separator: " · ")
            out += "  \(paper.title)" + (meta.isEmpty ? "" : "  (\(meta))") + "  [\(paper.id)]\n"
            out += "     " + paper.authors.joined(separator: ", ") + (paper.authorsTruncated ? " et al." : "") + "\n"
            out += "     " + paper.paths.map(displayPath).joined(separator: ", ") + "\n"
        }
        if !person.coauthors.isEmpty {
            out +=
                "\nCo-authors: " + person.coauthors.map { "\($0.value) (\($0.count))" }.joined(separator: ", ") + "\n"
        }
        if !person.venues.isEmpty {
            out += "Venues: " + person.venues.map { "\($0.value) (\($0.count))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `quarry show person:NAME --json`: `{"name", "papers": [{"id", "title", "authors", "venue",
    /// "year", "paths"}], "resumes": [{"id", "title", "paths"}], "coauthors": [{"value", "count"}], "venues": …}`.
    static func json(_ person: Person) -> String {
        func item(_ item: IndexedItem) -> [String: Any] {
            [
                "id": item.id, "title": item.title, "authors": item.authors, "venue": item.venue?.facetValue as Any,
                "year": item.year as Any, "paths": item.paths.map(displayPath),
            ]
        }
        let document: [String: Any] = [
            "name": person.name, "papers": person.papers.map(item), "resumes": person.resumes.map(item),
            "coauthors": person.coauthors.map { ["value": $0.value, "count": $0.count] },
            "venues": person.venues.map { ["value": $0.value, "count": $0.count] },
        ]
        let data =
            (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The JSON document of `--json` (version 1): `notices` holds how the query was read and run
    /// (lenient readings, unknown fields, wildcards cut, ...), `facet_totals` how many values each
    /// facet has before `--facet-limit`.
    static func json(_ result: SearchResult) -> String {
        let document = JSONResult(
            version: 1, query: result.query, match: result.match.rawValue, relaxed: result.relaxed,
            suggestion: result.suggestion, notices: result.notices.map(\.description), total: result.total,
            hits: result.hits.map(JSONHit.init),
            facets: Dictionary(uniqueKeysWithValues: result.facets.map { ($0.name, $0.counts) }),
            facetTotals: result.facetTotals)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private struct JSONResult: Encodable {
        var version: Int
        var query: String
        var match: String
        var relaxed: Bool
        var suggestion: String?
        var notices: [String]
        var total: Int
        var hits: [JSONHit]
        var facets: [String: [FacetCount]]
        var facetTotals: [String: Int]

        enum CodingKeys: String, CodingKey {
            case version, query, match, relaxed, suggestion, notices, total, hits, facets
            case facetTotals = "facet_totals"
        }
    }

    private struct JSONContribution: Encodable {
        var field: String
        var term: String
        var wdf: Int
        var df: Int
        var weight: Double

        init(_ contribution: TermContribution) {
            field = contribution.field
            term = contribution.term
            wdf = contribution.wdf
            df = contribution.documentFrequency
            weight = contribution.weight
        }
    }

    private struct JSONHit: Encodable {
        var rank: Int
        var id: String
        var kind: String
        var title: String
        var authors: [String]
        var authorsTruncated: Bool
        var venue: String?
        var venueName: String?
        var year: Int?
        var date: String?
        var path: String
        var paths: [String]
        var score: Double
        var snippet: String
        var highlights: [[Int]]
        var page: Int?
        var context: String?
        var explanation: [JSONContribution]?
        var arxivID: String?
        var category: String?
        var venues: [String]
        var folders: [String]
        var dois: [String]
        var citationKeys: [String]

        init(_ hit: SearchHit) {
            rank = hit.rank
            id = hit.item.id
            kind = hit.item.kind.rawValue
            title = hit.item.title
            authors = hit.item.authors
            authorsTruncated = hit.item.authorsTruncated
            venue = hit.item.venue?.facetValue
            venueName = hit.item.venue?.name
            year = hit.item.year
            date = hit.item.date.map(\.description)
            path = hit.item.paths.first.map(displayPath) ?? ""
            paths = hit.item.paths.map(displayPath)
            score = hit.score
            snippet = hit.snippet.text
            highlights = hit.snippet.highlightOffsets
            page = hit.snippet.page
            context = hit.snippet.context
            explanation = hit.explanation?.map(JSONContribution.init)
            arxivID = hit.item.arxivID
            category = hit.item.category
            venues = hit.item.venues.map(\.facetValue)
            folders = hit.item.folders
            dois = hit.item.dois
            citationKeys = hit.item.citationKeys
        }

        enum CodingKeys: String, CodingKey {
            case rank, id, kind, title, authors, venue, year, date, path, paths, score, snippet, highlights, page
            case category, venues, folders, context, explanation, dois
            case citationKeys = "citation_keys"
            case authorsTruncated = "authors_truncated"
            case venueName = "venue_name"
            case arxivID = "arxiv_id"
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rank, forKey: .rank)
            try container.encode(id, forKey: .id)
            try container.encode(kind, forKey: .kind)
            try container.encode(title, forKey: .title)
            try container.encode(authors, forKey: .authors)
            try container.encode(authorsTruncated, forKey: .authorsTruncated)
            try container.encode(venue, forKey: .venue)
            try container.encode(venueName, forKey: .venueName)
            try container.encode(year, forKey: .year)
            try container.encode(date, forKey: .date)
            try container.encode(path, forKey: .path)
            try container.encode(paths, forKey: .paths)
            try container.encode(score, forKey: .score)
            try container.encode(snippet, forKey: .snippet)
            try container.encode(highlights, forKey: .highlights)
            try container.encode(page, forKey: .page)
            try container.encode(context, forKey: .context)
            try container.encodeIfPresent(explanation, forKey: .explanation)
            try container.encode(arxivID, forKey: .arxivID)
            try container.encode(category, forKey: .category)
            try container.encode(venues, forKey: .venues)
            try container.encode(folders, forKey: .folders)
            try container.encode(dois, forKey: .dois)
            try container.encode(citationKeys, forKey: .citationKeys)
        }
    }
}
