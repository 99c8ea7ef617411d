import Foundation
import QuarryModel
import QuarryQuery

/// Turns search results into text for a terminal or a pipe (JSON is `JSONOutput`'s).
enum Render {
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
    static func item(_ item: IndexedItem, colour: Bool) -> String {
        var out = (colour ? bold + item.title + reset : item.title) + "\n"
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
        line("ISBN", item.isbns.joined(separator: ", "))
        line("keys", item.citationKeys.joined(separator: ", "))
        line("links", item.urls.joined(separator: ", "))
        line("keywords", item.keywords.joined(separator: ", "))
        line("category", item.category)
        line(
            "sources",
            item.sources.map { displayPath($0.path) + ($0.line.map { ":\($0)" } ?? "") }.joined(
                separator: "\n          "))
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
}
