import Foundation
import QuarryIndex
import QuarryModel

/// The one JSON shape of Quarry's answers, shared by the command line (`search --json`,
/// `--output jsonl`, `show --json`, `similar --json`, `serve --stdio`) and the web API
/// (`/api/search`, `/api/show`, `/api/similar`).
///
/// Every document carries `"version"`. An *item* is always the same object: `id`, `kind`,
/// `title`, `authors`, `authors_truncated`, `venue`, `venue_name`, `venues`, `year`, `date`,
/// `arxiv_id`, `dois`, `citation_keys`, `urls`, `keywords`, `category`, `folders`, `path` (the
/// first source), `paths` and `sources`
/// (`[{"path", "line"}]`, `line` the line of a JSON Lines record or the row of a CSV one,
/// else null). Paths are absolute. A search hit is an item plus `rank`, `score`, `snippet`,
/// `highlights` (code-point offsets into the snippet), `page`, `context` and, with `--explain`,
/// `explanation`. `show` is an item plus `text`, `pages` and `resume`; `show person:NAME` lists
/// items.
public enum JSONOutput {
    /// The `"version"` of every document.
    public static let version = 1

    /// A search or similar answer: `{"version", "query", "match", "relaxed", "suggestion",
    /// "notices", "total", "hits": [hit], "facets": {"author": [{"value", "count"}], ...},
    /// "facet_totals": {"author": 24, ...}}`: `notices` says how the query was read and run
    /// (lenient readings, unknown fields, wildcards cut), `facet_totals` how many values each
    /// facet has before `--facet-limit`.
    public static func search(_ result: SearchResult) -> String {
        document { object in
            object.field("query", result.query)
            object.field("match", result.match.rawValue)
            object.field("relaxed", result.relaxed)
            object.field("suggestion", result.suggestion)
            object.field("notices", result.notices.map(\.description))
            object.field("facet_totals") { writer in
                writer.object { totals in
                    for (name, count) in result.facetTotals { totals.field(name, count) }
                }
            }
            object.field("total", result.total)
            object.field("hits") { writer in writer.array(result.hits) { writeHit($1, into: &$0) } }
            object.field("facets") { writer in
                // A facet named twice is written once, with its last counts (as the encoder did).
                let counts = Dictionary(result.facets.map { ($0.name, $0.counts) }, uniquingKeysWith: { $1 })
                writer.object { facets in
                    for (name, values) in counts { facets.field(name, values) }
                }
            }
        }
    }

    /// One line per hit (`--output jsonl`): each hit with `"version"`.
    public static func hitLines(_ result: SearchResult) -> [String] {
        result.hits.map { hit in document { writeHitFields(hit, into: &$0) } }
    }

    /// One item whole (`show`): the item with `"version"`, its text, pages and resume.
    public static func item(_ item: IndexedItem) -> String {
        document { object in
            itemFields(item, into: &object)
            object.field("text", item.text)
            object.field("pages", item.pages)
            object.field("resume") { writer in
                if let resume = item.resume { writeResume(resume, into: &writer) } else { writer.null() }
            }
        }
    }

    /// A person (`show person:NAME`): `{"version", "name", "papers": [item], "resumes": [item],
    /// "coauthors": [{"value", "count"}], "venues": [{"value", "count"}]}`.
    public static func person(_ person: Person) -> String {
        document { object in
            object.field("name", person.name)
            object.field("papers") { writer in writer.array(person.papers) { writeItem($1, into: &$0) } }
            object.field("resumes") { writer in writer.array(person.resumes) { writeItem($1, into: &$0) } }
            object.field("coauthors", person.coauthors.map { FacetCount(value: $0.value, count: $0.count) })
            object.field("venues", person.venues.map { FacetCount(value: $0.value, count: $0.count) })
        }
    }

    /// An error answer: `{"version", "error", "exit"}`.
    public static func error(_ message: String, exit: Int32) -> String {
        document { object in
            object.field("error", message)
            object.field("exit", exit)
        }
    }

    /// A document: an object with `"version"` and the fields `body` writes; `{}` when a value
    /// cannot be written (a number that is not finite), as `JSONEncoder` gives nothing then.
    private static func document(_ body: (inout JSONObject) -> Void) -> String {
        var writer = JSONWriter()
        writer.object { object in
            object.field("version", version)
            body(&object)
        }
        return writer.failed ? "{}" : writer.text
    }

    /// The item fields (nulls written, so every item has every key).
    private static func itemFields(_ item: IndexedItem, into object: inout JSONObject) {
        object.field("id", item.id)
        object.field("kind", item.kind.rawValue)
        object.field("title", item.title)
        object.field("authors", item.authors)
        object.field("authors_truncated", item.authorsTruncated)
        object.field("venue", item.venue?.facetValue)
        object.field("venue_name", item.venue?.name)
        object.field("venues", item.venues.map(\.facetValue))
        object.field("year", item.year)
        object.field("date", item.date.map(\.description))
        object.field("arxiv_id", item.arxivID)
        object.field("category", item.category)
        object.field("folders", item.folders)
        object.field("path", item.paths.first ?? "")
        object.field("paths", item.paths)
        object.field("dois", item.dois)
        object.field("isbns", item.isbns)
        object.field("citation_keys", item.citationKeys)
        object.field("urls", item.urls)
        object.field("keywords", item.keywords)
        object.field("sources") { writer in
            writer.array(item.sources) { writer, source in
                writer.object { object in
                    object.field("path", source.path)
                    object.field("line", source.line)
                }
            }
        }
    }

    /// An item alone, in the one item shape.
    private static func writeItem(_ item: IndexedItem, into writer: inout JSONWriter) {
        writer.object { itemFields(item, into: &$0) }
    }

    /// A hit: the item, its rank, score and snippet (and explanation).
    private static func writeHit(_ hit: SearchHit, into writer: inout JSONWriter) {
        writer.object { writeHitFields(hit, into: &$0) }
    }

    private static func writeHitFields(_ hit: SearchHit, into object: inout JSONObject) {
        itemFields(hit.item, into: &object)
        object.field("rank", hit.rank)
        object.field("score", hit.score)
        object.field("snippet", hit.snippet.text)
        object.field("highlights", hit.snippet.highlightOffsets)
        object.field("page", hit.snippet.page)
        object.field("context", hit.snippet.context)
        if let explanation = hit.explanation {
            object.field("explanation") { writer in
                writer.array(explanation) { writer, contribution in
                    writer.object { object in
                        object.field("field", contribution.field)
                        object.field("term", contribution.term)
                        object.field("wdf", contribution.wdf)
                        object.field("df", contribution.documentFrequency)
                        object.field("weight", contribution.weight)
                    }
                }
            }
        }
    }

    /// A resume's own parts (its pages and publications are the item's `pages` and other items);
    /// its sections as `JSONEncoder` writes them.
    private static func writeResume(_ resume: Resume, into writer: inout JSONWriter) {
        writer.object { object in
            object.field("person", resume.person)
            object.field("emails", resume.emails)
            object.field("links", resume.links)
            object.field("phones", resume.phones)
            object.field("skills", resume.skills)
            object.field("category", resume.category)
            object.field("sections") { $0.encoded(resume.sections) }
        }
    }
}
