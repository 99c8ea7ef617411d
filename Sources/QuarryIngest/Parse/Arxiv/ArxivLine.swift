/// A JSON value that may be a string, a list of strings or a number (ids, authors and
/// categories are strings in the Kaggle snapshot, lists in some other dumps).
enum FlexibleText: Decodable, Sendable {
    case text(String)
    case list([String])

    /// Decodes a string, a list of strings (nulls dropped) or a number (kept as written by `description`).
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([String?].self) {
            self = .list(list.compactMap { $0 })
        } else if let number = try? container.decode(Int.self) {
            self = .text(String(number))
        } else {
            self = .text(String(try container.decode(Double.self)))
        }
    }

    /// The items: a list as it is, a string as one item.
    var items: [String] {
        switch self {
        case .text(let text): return [text]
        case .list(let list): return list
        }
    }
}

/// One line of a Kaggle `arxiv-metadata-oai-snapshot` dump: the fields Quarry reads.
struct ArxivLine: Decodable {
    /// One entry of `versions`: `{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}`.
    struct Version: Decodable {
        var version: String?
        var created: String?
    }

    var id: FlexibleText?
    var title: String?
    var abstract: String?
    var authors: FlexibleText?
    /// `[[last, first, suffix, affiliation…], …]`.
    var authorsParsed: [[String?]]?
    var categories: FlexibleText?
    var journalRef: String?
    /// The published version's DOI (`"10.1103/PhysRevD.76.013009"`); a few records list two,
    /// space-separated, the second an erratum's.
    var doi: FlexibleText?
    var versions: [Version]?
    var updateDate: String?

    /// The Kaggle field names.
    enum CodingKeys: String, CodingKey {
        case id, title, abstract, authors, categories, versions, doi
        case authorsParsed = "authors_parsed"
        case journalRef = "journal-ref"
        case updateDate = "update_date"
    }
}

/// What decides that a line of a JSON file is an arXiv record: an id and a title or abstract (and,
/// in a `.json` file, no string `type`, which makes it a CSL item).
struct ArxivProbe: Decodable {
    var id: FlexibleText?
    var title: String?
    var abstract: String?
    /// Whether the object has a `type` that is a string (CSL items have one, arXiv records none).
    var hasTypeString = false

    /// The probe's field names.
    enum CodingKeys: String, CodingKey {
        case id, title, abstract, type
    }

    /// Decodes the three fields (a field of the wrong type is an error); `type` never fails.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(FlexibleText.self, forKey: .id)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        abstract = try container.decodeIfPresent(String.self, forKey: .abstract)
        hasTypeString = (try? container.decodeIfPresent(String.self, forKey: .type)) != nil
    }
}
