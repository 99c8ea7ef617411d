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
        encode(ResultDocument(result: result))
    }

    /// One line per hit (`--output jsonl`): each hit with `"version"`.
    public static func hitLines(_ result: SearchResult) -> [String] {
        result.hits.map { encode(HitDocument(hit: $0, versioned: true)) }
    }

    /// One item whole (`show`): the item with `"version"`, its text, pages and resume.
    public static func item(_ item: IndexedItem) -> String {
        encode(ItemDocument(item: item))
    }

    /// A person (`show person:NAME`): `{"version", "name", "papers": [item], "resumes": [item],
    /// "coauthors": [{"value", "count"}], "venues": [{"value", "count"}]}`.
    public static func person(_ person: Person) -> String {
        encode(PersonDocument(person: person))
    }

    /// An error answer: `{"version", "error", "exit"}`.
    public static func error(_ message: String, exit: Int32) -> String {
        encode(ErrorDocument(error: message, exit: exit))
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Keys written by name, so item, hit and show share one list of item fields.
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// One source of an item: a file, and the line or row of the record inside it.
    private struct Source: Encodable {
        var path: String
        var line: Int?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(path, forKey: Key("path"))
            try container.encode(line, forKey: Key("line"))
        }
    }

    /// The item fields, written into `container` (nulls written, so every item has every key).
    private static func encodeItem(_ item: IndexedItem, into container: inout KeyedEncodingContainer<Key>) throws {
        try container.encode(item.id, forKey: Key("id"))
        try container.encode(item.kind.rawValue, forKey: Key("kind"))
        try container.encode(item.title, forKey: Key("title"))
        try container.encode(item.authors, forKey: Key("authors"))
        try container.encode(item.authorsTruncated, forKey: Key("authors_truncated"))
        try container.encode(item.venue?.facetValue, forKey: Key("venue"))
        try container.encode(item.venue?.name, forKey: Key("venue_name"))
        try container.encode(item.venues.map(\.facetValue), forKey: Key("venues"))
        try container.encode(item.year, forKey: Key("year"))
        try container.encode(item.date.map(\.description), forKey: Key("date"))
        try container.encode(item.arxivID, forKey: Key("arxiv_id"))
        try container.encode(item.category, forKey: Key("category"))
        try container.encode(item.folders, forKey: Key("folders"))
        try container.encode(item.paths.first ?? "", forKey: Key("path"))
        try container.encode(item.paths, forKey: Key("paths"))
        try container.encode(item.dois, forKey: Key("dois"))
        try container.encode(item.isbns, forKey: Key("isbns"))
        try container.encode(item.citationKeys, forKey: Key("citation_keys"))
        try container.encode(item.urls, forKey: Key("urls"))
        try container.encode(item.keywords, forKey: Key("keywords"))
        try container.encode(item.sources.map { Source(path: $0.path, line: $0.line) }, forKey: Key("sources"))
    }

    private struct Contribution: Encodable {
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

    private struct HitDocument: Encodable {
        var hit: SearchHit
        var versioned = false

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            if versioned { try container.encode(JSONOutput.version, forKey: Key("version")) }
            try encodeItem(hit.item, into: &container)
            try container.encode(hit.rank, forKey: Key("rank"))
            try container.encode(hit.score, forKey: Key("score"))
            try container.encode(hit.snippet.text, forKey: Key("snippet"))
            try container.encode(hit.snippet.highlightOffsets, forKey: Key("highlights"))
            try container.encode(hit.snippet.page, forKey: Key("page"))
            try container.encode(hit.snippet.context, forKey: Key("context"))
            try container.encodeIfPresent(hit.explanation?.map(Contribution.init), forKey: Key("explanation"))
        }
    }

    private struct ResultDocument: Encodable {
        var result: SearchResult

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(JSONOutput.version, forKey: Key("version"))
            try container.encode(result.query, forKey: Key("query"))
            try container.encode(result.match.rawValue, forKey: Key("match"))
            try container.encode(result.relaxed, forKey: Key("relaxed"))
            try container.encode(result.suggestion, forKey: Key("suggestion"))
            try container.encode(result.notices.map(\.description), forKey: Key("notices"))
            try container.encode(result.facetTotals, forKey: Key("facet_totals"))
            try container.encode(result.total, forKey: Key("total"))
            try container.encode(result.hits.map { HitDocument(hit: $0) }, forKey: Key("hits"))
            var facets = container.nestedContainer(keyedBy: Key.self, forKey: Key("facets"))
            for facet in result.facets { try facets.encode(facet.counts, forKey: Key(facet.name)) }
        }
    }

    private struct ItemDocument: Encodable {
        var item: IndexedItem

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(JSONOutput.version, forKey: Key("version"))
            try encodeItem(item, into: &container)
            try container.encode(item.text, forKey: Key("text"))
            try container.encode(item.pages, forKey: Key("pages"))
            try container.encode(item.resume.map(ResumeFields.init), forKey: Key("resume"))
        }
    }

    /// A resume's own parts (its pages and publications are the item's `pages` and other items).
    private struct ResumeFields: Encodable {
        var person: String?
        var emails, links, phones, skills: [String]
        var category: String?
        var sections: [ResumeSection]

        init(_ resume: Resume) {
            person = resume.person
            emails = resume.emails
            links = resume.links
            phones = resume.phones
            skills = resume.skills
            category = resume.category
            sections = resume.sections
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(person, forKey: Key("person"))
            try container.encode(emails, forKey: Key("emails"))
            try container.encode(links, forKey: Key("links"))
            try container.encode(phones, forKey: Key("phones"))
            try container.encode(skills, forKey: Key("skills"))
            try container.encode(category, forKey: Key("category"))
            try container.encode(sections, forKey: Key("sections"))
        }
    }

    /// An item alone, in the one item shape.
    private struct ItemFields: Encodable {
        var item: IndexedItem

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try encodeItem(item, into: &container)
        }
    }

    private struct PersonDocument: Encodable {
        var person: Person

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(JSONOutput.version, forKey: Key("version"))
            try container.encode(person.name, forKey: Key("name"))
            try container.encode(person.papers.map(ItemFields.init), forKey: Key("papers"))
            try container.encode(person.resumes.map(ItemFields.init), forKey: Key("resumes"))
            try container.encode(
                person.coauthors.map { FacetCount(value: $0.value, count: $0.count) }, forKey: Key("coauthors"))
            try container.encode(
                person.venues.map { FacetCount(value: $0.value, count: $0.count) }, forKey: Key("venues"))
        }
    }

    private struct ErrorDocument: Encodable {
        var error: String
        var exit: Int32

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(JSONOutput.version, forKey: Key("version"))
            try container.encode(error, forKey: Key("error"))
            try container.encode(exit, forKey: Key("exit"))
        }
    }
}
