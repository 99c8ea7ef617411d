/// One search result: a paper merged from all the files that list it, a resume or a document.
/// Each Xapian document's data is its stored form (`stored(key:)`): all a hit shows, without
/// the full texts, which the catalog holds.
public struct IndexedItem: Codable, Sendable, Equatable {
    /// Short stable id (`p…` paper, `r…` resume, `d…` document), from the merge key.
    public var id: String
    public var kind: Kind
    public var title: String
    public var authors: [String]
    public var authorsTruncated: Bool
    public var venue: Venue?
    public var date: PartialDate?
    /// Every file the item was found in.
    public var paths: [String]
    /// For each of `paths`, the line its record starts on when the file holds many records
    /// (JSON Lines, CSV); nil for a file that is one record, or an index built before lines were kept.
    public var lines: [Int?]?
    /// The text snippets are cut from: a paper's abstract, a resume's bullets, a document's text.
    public var text: String
    /// The whole resume, for resumes.
    public var resume: Resume?
    /// Every venue (the main one first), canonical.
    public var venues: [Venue] = []
    /// The arXiv identifier, when a source gave one.
    public var arxivID: String?
    /// A test collection's document number, when a source gave one.
    public var documentNumber: String?
    /// A resume's job category or an arXiv record's primary category.
    public var category: String?
    /// The folders of `paths`, relative to their indexed roots ("." for a root itself).
    public var folders: [String] = []
    /// Full text page by page, for PDFs.
    public var pages: [String] = []
    /// DOIs the sources give (lower-case, without a resolver prefix).
    public var dois: [String] = []
    /// ISBNs the sources give (13 digits, `Identifier.isbn`).
    public var isbns: [String] = []
    /// Citation keys of the bibliography entries the item was found as.
    public var citationKeys: [String] = []
    /// Links the sources give.
    public var urls: [String] = []
    /// Keywords the sources list.
    public var keywords: [String] = []
    /// The other sources' abstracts where they differ from `text`: searchable, not shown.
    public var otherTexts: [String] = []
    /// Set in a stored form that left full texts out (`stored(key:)`): the merge key whose
    /// catalog records the whole item is merged from again. Nil in a whole item.
    public var catalogKey: String?

    /// An item; the fields after `resume` are usually set afterwards.
    public init(
        id: String, kind: Kind, title: String, authors: [String], authorsTruncated: Bool, venue: Venue?,
        date: PartialDate?, paths: [String], text: String, resume: Resume?, venues: [Venue] = [],
        arxivID: String? = nil, documentNumber: String? = nil, category: String? = nil, folders: [String] = [],
        pages: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.title = title
        self.authors = authors
        self.authorsTruncated = authorsTruncated
        self.venue = venue
        self.date = date
        self.paths = paths
        self.text = text
        self.resume = resume
        self.venues = venues
        self.arxivID = arxivID
        self.documentNumber = documentNumber
        self.category = category
        self.folders = folders
        self.pages = pages
    }

    /// The form an index document stores as its data: what a hit shows and what the derived data
    /// are counted from (title, text, skills, facet values), without the full texts. Left out:
    /// the PDF pages, a resume's sections, pages and publications (then `catalogKey` is `key`,
    /// the merge key of the item's records), and the other sources' abstracts (only terms).
    public func stored(key: String) -> IndexedItem {
        var stored = self
        stored.otherTexts = []
        let resumeParts = resume.map { !$0.sections.isEmpty || !$0.pages.isEmpty || !$0.publications.isEmpty } ?? false
        guard !pages.isEmpty || resumeParts else { return stored }
        stored.pages = []
        stored.resume?.sections = []
        stored.resume?.pages = []
        stored.resume?.publications = []
        stored.catalogKey = key
        return stored
    }

    /// The year, when the date has one.
    public var year: Int? { date?.year }

    /// One file an item was found in, and the line of its record there (nil: the whole file).
    public struct Source: Sendable, Equatable {
        public var path: String
        public var line: Int?

        public init(path: String, line: Int? = nil) {
            self.path = path
            self.line = line
        }
    }

    /// Every file the item was found in, with the line of its record.
    public var sources: [Source] {
        paths.enumerated().map { index, path in
            Source(path: path, line: lines.flatMap { index < $0.count ? $0[index] : nil })
        }
    }
}
