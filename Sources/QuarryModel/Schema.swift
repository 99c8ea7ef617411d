import Foundation

/// The one schema table: every searchable field with its Xapian term prefix, how its text
/// becomes terms, its facet (value slot and keying) and its range (value slot and sortable
/// encoding); and the terms that are no field's words (ids, merge keys, people, facet values).
///
/// The indexer (`DocumentBuilder`), the query planner, the searcher and the shim's callers all
/// read this table: term prefixes, slot numbers and value encodings appear nowhere else.
public enum Schema {
    /// The layout this code writes and reads: prefixes, slots, value encodings and the stored
    /// item. Kept in each index's metadata; bump it when any of them changes meaning, and an
    /// index written before says so instead of answering wrongly (`quarry index --rebuild`).
    public static let version = 4

    /// The index metadata keys of the schema version and of the analyzer's settings.
    public enum Metadata {
        public static let schemaVersion = "quarry:schema-version"
        public static let analyzer = "quarry:analyzer"
    }

    /// How a field's value becomes terms.
    public enum Style: Sendable, Equatable {
        /// Free text: analyzed words with positions; `stemmed` picks stems or plain words.
        case text(stemmed: Bool)
        /// One exact, lower-cased term per value (`kind:paper`, `year:2024`).
        case boolean
        /// No terms: a value or a range matches through the field's sortable slot (`date:2024-06`).
        case range
        /// No terms of its own: the people who wrote papers matching the inner query
        /// (`authored:(mixture of experts)`), found through their person terms.
        case people
    }

    /// What a facet's slot stores for a value, and what its filter term holds.
    public enum Keying: Sendable, Equatable {
        /// A person's key (`Normalize.personKey`: "Balázs Szegedy" → `balazs szegedy`).
        case person
        /// A skill's key (`Normalize.skillKey`: "PyTorch" → `pytorch`, "C++" → `c++`).
        case skill
        /// The value as written, spaces collapsed; its filter term is lower-cased.
        case text

        /// True when the slot holds keys, and the index metadata each key's display spelling.
        public var isKeyed: Bool { self != .text }

        /// The value as the facet slot stores it ("" when nothing is left of it).
        public func storedValue(_ value: String) -> String {
            let stripped = Normalize.collapseSpaces(value)
            switch self {
            case .person: return Normalize.personKey(stripped)
            case .skill: return Normalize.skillKey(stripped)
            case .text: return stripped
            }
        }

        /// The value as its exact filter term holds it.
        func termValue(_ value: String) -> String {
            self == .text ? Normalize.collapseSpaces(value).lowercased() : storedValue(value)
        }
    }

    /// A field's facet: the value slot holding its values (several joined by `valueSeparator`,
    /// counted once each per document) and how they are keyed.
    public struct Facet: Sendable, Equatable {
        public let slot: UInt32
        public let keying: Keying
    }

    /// How a range field's value is a number that sorts (Xapian's sortable encoding of it).
    public enum Sortable: Sendable, Equatable {
        /// The year: `2024`.
        case year
        /// The date as `yyyymmdd` (`20240615`); a part the source does not give is 00.
        case date

        /// The number a document stores for its date; nil when the date has no year.
        public func number(for date: PartialDate) -> Int? {
            guard let year = date.year else { return nil }
            switch self {
            case .year: return year
            case .date: return Self.dateNumber(year: year, month: date.month ?? 0, day: date.day ?? 0)
            }
        }

        /// The number of a range bound as typed (`2024`; a date `2024`, `2024-06`, `2024-06-15`;
        /// or a date relative to `today`, `last-year`, `6months`, see `RelativeDate`); a date's
        /// start means its first day, its end its last (`2024-06` → 20240600 … 20240699).
        /// Nil when the text is not a year, or not a date.
        public func bound(_ text: String, end: Bool, today: Date = Date()) -> Int? {
            if let relative = RelativeDate.resolve(text, today: today) {
                switch self {
                case .year: return Int(relative.date.prefix(4))
                case .date: return bound(relative.date, end: end)
                }
            }
            switch self {
            case .year:
                return Int(text)
            case .date:
                let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
                guard (1...3).contains(parts.count), parts.allSatisfy({ $0 != nil }), let year = parts[0],
                    (1000...9999).contains(year)
                else { return nil }
                let month = parts.count > 1 ? parts[1] : nil
                let day = parts.count > 2 ? parts[2] : nil
                if let month, !(1...12).contains(month) { return nil }
                if let day, !(1...31).contains(day) { return nil }
                return Self.dateNumber(year: year, month: month ?? (end ? 99 : 0), day: day ?? (end ? 99 : 0))
            }
        }

        /// What a bound must look like, for error messages.
        public var expected: String {
            switch self {
            case .year: return "a number"
            case .date: return "a date (YYYY, YYYY-MM or YYYY-MM-DD, or \(RelativeDate.forms))"
            }
        }

        private static func dateNumber(year: Int, month: Int, day: Int) -> Int {
            year * 10_000 + month * 100 + day
        }
    }

    /// A field's range: the value slot holding its sortable number (`year:2023..2025`, `--sort date`).
    public struct RangeSlot: Sendable, Equatable {
        public let slot: UInt32
        public let sortable: Sortable
    }

    /// Which values a boolean field accepts in a query.
    public enum Values: Sendable, Equatable {
        case any
        /// One of these (lower case).
        case oneOf([String])
        /// A whole number.
        case integer
    }

    /// One row of the table.
    public struct Field: Sendable, Equatable {
        /// The name users type before the colon (`author:`).
        public let name: String
        /// The Xapian term prefix ("" for the unprefixed body text).
        public let prefix: String
        public let style: Style
        /// The field's facet, if it is one.
        public let facet: Facet?
        /// The field's range slot, if it has one.
        public let range: RangeSlot?
        /// Which values a query may give (boolean fields).
        public let values: Values
        /// False for a label (venue, category, folder): its terms have wdf 0, so they select but
        /// add no weight and no document length (BM25 normalises by the length of the text only).
        public let ranks: Bool
        /// A line for `--help`.
        public let help: String

        init(
            _ name: String, prefix: String, style: Style, facet: Facet? = nil, range: RangeSlot? = nil,
            values: Values = .any, ranks: Bool = true, help: String
        ) {
            self.name = name
            self.prefix = prefix
            self.style = style
            self.facet = facet
            self.range = range
            self.values = values
            self.ranks = ranks
            self.help = help
        }

        /// True for free text (analyzed words with positions), false for exact values.
        public var isFreeText: Bool {
            if case .text = style { return true }
            return false
        }

        /// True when the field's words are stemmed.
        public var isStemmed: Bool { style == .text(stemmed: true) }

        /// The term of one analyzed word (or a prefix of one, for wildcards) in this field, fitted
        /// to Xapian's limit (`fitTerm`: a 300-letter word in a URL is a term, not a failed commit).
        public func term(_ word: String) -> String { fitTerm(prefix + word) }

        /// The exact term of one unstemmed word of a stemmed field (`XEorganization`,
        /// `XESorgan`): indexed without position and weight, for quoted search.
        public func exactTerm(_ word: String) -> String { fitTerm(Schema.exactPrefix + prefix + word) }

        /// The term of one exact value of a boolean field (`Kpaper`, `Y2024`).
        public func booleanTerm(_ value: String) -> String { fitTerm(prefix + value.lowercased()) }

        /// The exact term of one facet value, for drill-down filters (`--filter author:"Ahan Gupta"`);
        /// nil when the field is no facet.
        public func facetTerm(_ value: String) -> String? {
            guard let facet else { return nil }
            return fitTerm(facetValuePrefix + "\(facet.slot):" + facet.keying.termValue(value))
        }

        /// Nil when a query may give `value`, else what is wrong with it.
        public func problem(with value: String) -> String? {
            switch values {
            case .any: return nil
            case .oneOf(let allowed):
                guard !allowed.contains(value.lowercased()) else { return nil }
                return "unknown \(name) '\(value)' (\(name)s: \(allowed.joined(separator: ", ")))"
            case .integer:
                guard Int(value) == nil else { return nil }
                return "\(name) '\(value)' is not a number (try \(name):2024 or \(name):2023..2025)"
            }
        }
    }

    /// Value slots, each named once here and used only through the rows below.
    private enum Slot {
        static let authorFacet: UInt32 = 0
        static let venueFacet: UInt32 = 1
        static let yearFacet: UInt32 = 2
        static let kindFacet: UInt32 = 3
        static let yearNumber: UInt32 = 4
        static let dateNumber: UInt32 = 5
        static let categoryFacet: UInt32 = 6
        static let skillFacet: UInt32 = 7
        static let folderFacet: UInt32 = 8
        static let itemID: UInt32 = 9
    }

    /// The value slot holding each document's item id: the stable key that orders hits of equal
    /// score (and equal dates), so that a ranking never depends on Xapian's document ids.
    public static let idSlot = Slot.itemID

    /// Free text: abstract, bullets, sections; every searchable word lands here too.
    public static let body = Field(
        "body", prefix: "", style: .text(stemmed: true), help: "body:WORD      any text (the default field)")
    public static let title = Field(
        "title", prefix: "S", style: .text(stemmed: true),
        help: "title:WORD     the paper's title, the resume's person")
    public static let author = Field(
        "author", prefix: "A", style: .text(stemmed: false), facet: Facet(slot: Slot.authorFacet, keying: .person),
        help: "author:NAME    an author of a paper, the person of a resume")
    public static let venue = Field(
        "venue", prefix: "XV", style: .text(stemmed: false), facet: Facet(slot: Slot.venueFacet, keying: .text),
        ranks: false,
        help: "venue:NAME     venue code or name (LG, cs.LG, \"machine learning\")")
    public static let year = Field(
        "year", prefix: "Y", style: .boolean, facet: Facet(slot: Slot.yearFacet, keying: .text),
        range: RangeSlot(slot: Slot.yearNumber, sortable: .year), values: .integer,
        help: "year:2024      a year, or a range year:2023..2025 (either end may be open)")
    public static let kind = Field(
        "kind", prefix: "K", style: .boolean, facet: Facet(slot: Slot.kindFacet, keying: .text),
        values: .oneOf(Kind.allCases.map(\.rawValue)), help: "kind:paper     paper, resume or document")
    public static let section = Field(
        "section", prefix: "XS", style: .text(stemmed: true),
        help: "section:WORD   a resume section heading (education, experience, ...)")
    public static let skill = Field(
        "skill", prefix: "XK", style: .text(stemmed: false), facet: Facet(slot: Slot.skillFacet, keying: .skill),
        help: "skill:NAME     a skill listed in a resume (pytorch, \"machine learning\")")
    public static let category = Field(
        "category", prefix: "XC", style: .text(stemmed: false), facet: Facet(slot: Slot.categoryFacet, keying: .text),
        ranks: false,
        help: "category:NAME  a resume's job category, an arXiv record's primary category")
    public static let folder = Field(
        "folder", prefix: "XF", style: .text(stemmed: false), facet: Facet(slot: Slot.folderFacet, keying: .text),
        ranks: false,
        help: "folder:NAME    any folder on the file's path below the indexed root")
    public static let date = Field(
        "date", prefix: "XD", style: .range, range: RangeSlot(slot: Slot.dateNumber, sortable: .date),
        help:
            "date:2024-06   a year, month or day, a range date:2024-06..2025-01, or relative: date:last-year, date:6months.."
    )
    public static let doi = Field(
        "doi", prefix: "XO", style: .boolean, help: "doi:10.1145/X  a paper's DOI (any case, without https://doi.org/)")
    public static let arxiv = Field(
        "arxiv", prefix: "XR", style: .boolean, help: "arxiv:2101.00001  a paper's arXiv id (without a version)")
    public static let isbn = Field(
        "isbn", prefix: "XI", style: .boolean,
        help: "isbn:9780262033848  a book's ISBN (ISBN-10 or ISBN-13, hyphens or not)")
    public static let citationKey = Field(
        "key", prefix: "XB", style: .boolean, help: "key:pell2024   a bibliography entry's citation key")
    public static let authored = Field(
        "authored", prefix: "", style: .people,
        help: "authored:(Q)   people (resumes, papers) who wrote a paper matching Q")

    /// Every field, in the order `--help` lists them.
    public static let fields: [Field] = [
        title, author, venue, year, date, kind, category, section, skill, folder, doi, arxiv, isbn, citationKey,
        authored,
        body,
    ]

    /// The fields users may put before a colon in a query.
    public static let queryFieldNames: Set<String> = Set(fields.map(\.name))

    /// Looks a field up by its query name.
    public static func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// The fields that are facets.
    public static let facets: [Field] = fields.filter { $0.facet != nil }

    /// The fields that are facets, by name.
    public static let facetNames: [String] = facets.map(\.name)

    /// The fields with a range slot.
    public static let ranges: [Field] = fields.filter { $0.range != nil }

    /// The field a term belongs to (the longest prefix that fits) and the term without its prefix;
    /// a term of no field's prefix is a body word.
    public static func field(ofTerm term: String) -> (field: Field, word: String) {
        if term.hasPrefix(exactPrefix) { return field(ofTerm: String(term.dropFirst(exactPrefix.count))) }
        let candidates = fields.filter { !$0.prefix.isEmpty && term.hasPrefix($0.prefix) }
        guard let field = candidates.max(by: { $0.prefix.count < $1.prefix.count }) else { return (body, term) }
        return (field, String(term.dropFirst(field.prefix.count)))
    }

    // MARK: Terms that are no field's words

    private static let idPrefix = "Q"
    private static let keyPrefix = "XM"
    private static let personPrefix = "XP"
    private static let facetValuePrefix = "XZ"
    /// Exact (unstemmed) words of stemmed fields, before the field's own prefix (`Field.exactTerm`).
    private static let exactPrefix = "XE"

    /// The unique id term of an index document (`Qp1c2…`), for `replace_document`.
    public static func idTerm(_ id: String) -> String { fitTerm(idPrefix + id) }

    /// The term every document of one merge key carries (`XMpaper:lynx …`), so rebuilding a key
    /// can delete all its old documents.
    public static func keyTerm(_ key: MergeKey) -> String { fitTerm(keyPrefix + key.rawValue) }

    /// The term of a person, by their key (`XPvima gupta`): on the papers they wrote and on their resume.
    public static func personTerm(key: String) -> String { fitTerm(personPrefix + key) }

    /// The person term of a name as written; nil when the name has no letters or digits.
    public static func personTerm(name: String) -> String? {
        let key = Keying.person.storedValue(name)
        return key.isEmpty ? nil : personTerm(key: key)
    }

    /// Every term prefix in use (fields, ids, keys, people, facet values): a term that starts with
    /// none of them is a body word.
    public static let termPrefixes: [String] =
        fields.map(\.prefix).filter { !$0.isEmpty } + [
            idPrefix, keyPrefix, personPrefix, facetValuePrefix, exactPrefix,
        ]

    /// The index metadata key holding the display spelling of a keyed facet's value.
    public static func displayKey(_ facet: Facet, key: String) -> String {
        fitTerm("display:\(facet.slot):\(key)")
    }

    /// The index metadata key holding how many documents give each spelling of a keyed facet's
    /// value (`3\tBalázs Szegedy` lines), from which the display spelling is chosen.
    public static func spellingCountsKey(_ facet: Facet, key: String) -> String {
        fitTerm("spellings:\(facet.slot):\(key)")
    }

    /// Separates the values of a multi-valued facet slot.
    public static let valueSeparator: Character = "\u{1F}"

    // MARK: Xapian's term limit

    /// Xapian limits a term to 245 bytes; longer terms are cut and suffixed with a hash.
    public static let maxTermBytes = 245

    /// The term itself when it fits Xapian's limit, else its first bytes (whole characters),
    /// `#` and the 16 hex digits of its FNV-1a hash: at most `maxTermBytes` bytes, and two long
    /// terms that differ only after the cut stay apart.
    public static func fitTerm(_ term: String) -> String {
        let bytes = term.utf8
        guard bytes.count > maxTermBytes else { return term }
        let hash = Fingerprint.hex(of: term)
        let room = maxTermBytes - hash.count - 1
        var cut = String(decoding: bytes.prefix(room), as: UTF8.self)
        // Decoding may have turned a cut multi-byte character into U+FFFD (3 bytes): trim until it fits.
        while cut.utf8.count > room || cut.last == "\u{FFFD}" { cut.removeLast() }
        return cut + "#" + hash
    }
}
