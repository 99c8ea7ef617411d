/// What a record is: the value of the `kind` field and facet.
public enum Kind: String, Codable, Sendable, CaseIterable {
    case paper, resume, document
}

/// A date that may lack its year, month or day ("Feb 11" has no year).
public struct PartialDate: Codable, Hashable, Sendable, CustomStringConvertible {
    public var year: Int?
    public var month: Int?
    public var day: Int?

    public init(year: Int? = nil, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO-like text with the known parts: `2023-11-26`, `2024`, `--02-11`.
    public var description: String {
        switch (year, month, day) {
        case (let y?, let m?, let d?): return "\(y)-\(Self.two(m))-\(Self.two(d))"
        case (let y?, let m?, nil): return "\(y)-\(Self.two(m))"
        case (let y?, nil, _): return "\(y)"
        case (nil, let m?, let d?): return "--\(Self.two(m))-\(Self.two(d))"
        case (nil, let m?, nil): return "--\(Self.two(m))"
        default: return ""
        }
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

/// Where a paper appeared: a conference, a journal or an arXiv category.
public struct Venue: Codable, Hashable, Sendable {
    /// A short code when the venue has one (`cs.LG`, `CogSci '24`).
    public var code: String?
    /// The venue's full name (`Machine Learning`).
    public var name: String

    public init(code: String? = nil, name: String) {
        self.code = code
        self.name = name
    }

    /// The value shown in facets: the code when there is one, else the name.
    public var facetValue: String { code ?? name }
}

/// A research paper: from a profile listing, a resume's publication list, a PDF or a dump.
public struct Paper: Codable, Hashable, Sendable {
    public var title: String
    /// Authors in listed order, never containing "et al.".
    public var authors: [String]
    /// True when the source cut the author list short ("et al.").
    public var authorsTruncated: Bool
    /// The main venue (an arXiv record's primary category).
    public var venue: Venue?
    /// Further venues (an arXiv record's other categories).
    public var otherVenues: [Venue]
    public var date: PartialDate?
    public var abstract: String
    /// The arXiv identifier (`0704.0001`, `2501.01234`), when known.
    public var arxivID: String?
    /// The full text page by page, for PDFs (empty otherwise).
    public var pages: [String]
    /// A test collection's document number (`cranfield/184`), when the source numbers its documents.
    public var documentNumber: String?
    /// The DOI (`10.1145/223784.223785`), lower-cased, without a resolver prefix, when known.
    public var doi: String?
    /// The ISBN as 13 digits (`9780262033848`; an ISBN-10 converted), for books and chapters, when known.
    public var isbn: String?
    /// The bibliography's citation key (`DBLP:conf/sigmod/AbadiC02`), for entries of a bibliography.
    public var citationKey: String?
    /// A link to the paper, when the source gives one that is not its DOI.
    public var url: String?
    /// Keywords the source lists (a BibTeX `keywords` field, RIS `KW` lines); nil when none.
    public var keywords: [String]?
    /// The line of its file the record starts on, in a file of many records (JSON Lines); else nil.
    public var line: Int?

    public init(
        title: String, authors: [String] = [], authorsTruncated: Bool = false,
        venue: Venue? = nil, otherVenues: [Venue] = [], date: PartialDate? = nil, abstract: String = "",
        arxivID: String? = nil, pages: [String] = [], documentNumber: String? = nil,
        doi: String? = nil, isbn: String? = nil, citationKey: String? = nil, url: String? = nil,
        keywords: [String]? = nil
    ) {
        self.documentNumber = documentNumber
        self.doi = doi
        self.isbn = isbn
        self.citationKey = citationKey
        self.url = url
        self.keywords = keywords
        self.title = title
        self.authors = authors
        self.authorsTruncated = authorsTruncated
        self.venue = venue
        self.otherVenues = otherVenues
        self.date = date
        self.abstract = abstract
        self.arxivID = arxivID
        self.pages = pages
        self.line = nil
    }

    /// The identifier that keeps two papers apart even when their titles are equal.
    public var identity: String? { arxivID.map { "arxiv:" + $0 } ?? documentNumber }

    /// Every venue, the main one first.
    public var venues: [Venue] { (venue.map { [$0] } ?? []) + otherVenues }
}

/// One section of a resume ("EDUCATION", "WORK EXPERIENCE") with its text and bullets.
public struct ResumeSection: Codable, Hashable, Sendable {
    public var title: String
    /// Lines of the section that are not bullet points.
    public var lines: [String]
    /// Bullet points, without their markers.
    public var bullets: [String]

    public init(title: String, lines: [String] = [], bullets: [String] = []) {
        self.title = title
        self.lines = lines
        self.bullets = bullets
    }
}

/// A person's resume or CV.
public struct Resume: Codable, Hashable, Sendable {
    /// The person's name, or nil when the document does not give one.
    public var person: String?
    public var emails: [String]
    public var links: [String]
    public var phones: [String]
    public var sections: [ResumeSection]
    public var skills: [String]
    /// The publication list; each one is also emitted as its own paper record.
    public var publications: [Paper]
    /// A job category given by the source (a CSV dataset's `Category` column).
    public var category: String?
    /// The full text page by page, for PDFs (empty otherwise).
    public var pages: [String]
    /// The row's name in a dataset (`csv:<dataset>:<rows>:<row>`); copies of one dataset share it.
    public var datasetRow: String?
    /// The line of its file the record starts on, in a file of many records (a CSV dataset); else nil.
    public var line: Int?

    public init(
        person: String? = nil, emails: [String] = [], links: [String] = [], phones: [String] = [],
        sections: [ResumeSection] = [], skills: [String] = [], publications: [Paper] = [],
        category: String? = nil, pages: [String] = [], datasetRow: String? = nil
    ) {
        self.datasetRow = datasetRow
        self.person = person
        self.emails = emails
        self.links = links
        self.phones = phones
        self.sections = sections
        self.skills = skills
        self.publications = publications
        self.category = category
        self.pages = pages
        self.line = nil
    }
}

/// A text file of no known shape, indexed as plain text.
public struct PlainDocument: Codable, Hashable, Sendable {
    public var title: String
    public var text: String

    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}

/// One unit a parser produces from a file.
public enum Record: Codable, Hashable, Sendable {
    case paper(Paper)
    case resume(Resume)
    case document(PlainDocument)

    /// The record's kind.
    public var kind: Kind {
        switch self {
        case .paper: return .paper
        case .resume: return .resume
        case .document: return .document
        }
    }
}
