/// The one schema table: every searchable field with its Xapian term prefix,
/// how its text is turned into terms, and the value slot of its facet.
///
/// The indexer and the query planner both read this table; term prefixes and
/// slot numbers appear nowhere else.
public enum Schema {
    /// How a field's value becomes terms.
    public enum Style: Sendable, Equatable {
        /// Analyzed text with positions; `stemmed` picks stems or plain words.
        case text(stemmed: Bool)
        /// One exact, lower-cased term per value (`kind:paper`, `year:2024`).
        case boolean
        /// Not indexed text: the people who wrote papers matching the inner query
        /// (`authored:(mixture of experts)`), found through their person terms.
        case people
    }

    /// One row of the table.
    public struct Field: Sendable, Equatable {
        /// The name users type before the colon (`author:`).
        public let name: String
        /// The Xapian term prefix ("" for the unprefixed body text).
        public let prefix: String
        public let style: Style
        /// The value slot holding this field's facet values, if it is a facet.
        public let facetSlot: UInt32?
        /// The value slot holding a sortable number for range queries, if any.
        public let rangeSlot: UInt32?
        /// A line for `--help`.
        public let help: String
    }

    /// Value slots. Facet slots hold values joined by `valueSeparator`.
    public enum Slot {
        public static let authorFacet: UInt32 = 0
        public static let venueFacet: UInt32 = 1
        public static let yearFacet: UInt32 = 2
        public static let kindFacet: UInt32 = 3
        /// The year as a Xapian sortable number, for `year:2023..2025`.
        public static let yearNumber: UInt32 = 4
        /// The date as a sortable `yyyymmdd` number (unknown parts as 0).
        public static let dateNumber: UInt32 = 5
        public static let categoryFacet: UInt32 = 6
        public static let skillFacet: UInt32 = 7
        public static let folderFacet: UInt32 = 8
    }

    /// Facets whose slots hold normalised keys; the index metadata maps each key to its display spelling.
    public static let keyedFacetSlots: Set<UInt32> = [Slot.authorFacet, Slot.skillFacet]

    /// The exact term of one facet value, for drill-down filters (`--filter author:"Ahan Gupta"`):
    /// the value's key for keyed facets (people, skills), else its lower-cased text.
    public static func facetTerm(slot: UInt32, value: String) -> String {
        let key: String
        switch slot {
        case Slot.authorFacet: key = Normalize.personKey(value)
        case Slot.skillFacet: key = Normalize.skillKey(value)
        default: key = Normalize.collapseSpaces(value).lowercased()
        }
        return fitTerm("XZ\(slot):" + key)
    }

    /// The index metadata key holding the display spelling of a keyed facet value.
    public static func displayKey(slot: UInt32, value: String) -> String {
        fitTerm("display:\(slot):\(value)")
    }

    /// Prefix of a person's exact key term (`XPvima gupta`), on papers they wrote and on their resume.
    public static let personPrefix = "XP"

    /// Separates the values of a multi-valued facet slot.
    public static let valueSeparator: Character = "\u{1F}"

    /// Prefix of the unique id term of each index document.
    public static let idPrefix = "Q"

    /// Prefix of the merge-key term shared by the documents of one key (`XMpaper:lynx …`).
    public static let keyPrefix = "XM"

    /// Free text: abstract, bullets, sections; every searchable word lands here too.
    public static let body = Field(
        name: "body", prefix: "", style: .text(stemmed: true), facetSlot: nil, rangeSlot: nil,
        help: "body:WORD      any text (the default field)")
    public static let title = Field(
        name: "title", prefix: "S", style: .text(stemmed: true), facetSlot: nil, rangeSlot: nil,
        help: "title:WORD     the paper's title, the resume's person")
    public static let author = Field(
        name: "author", prefix: "A", style: .text(stemmed: false), facetSlot: Slot.authorFacet, rangeSlot: nil,
        help: "author:NAME    an author of a paper, the person of a resume")
    public static let venue = Field(
        name: "venue", prefix: "XV", style: .text(stemmed: false), facetSlot: Slot.venueFacet, rangeSlot: nil,
        help: "venue:NAME     venue code or name (LG, cs.LG, \"machine learning\")")
    public static let year = Field(
        name: "year", prefix: "Y", style: .boolean, facetSlot: Slot.yearFacet, rangeSlot: Slot.yearNumber,
        help: "year:2024      a year, or a range year:2023..2025 (either end may be open)")
    public static let kind = Field(
        name: "kind", prefix: "K", style: .boolean, facetSlot: Slot.kindFacet, rangeSlot: nil,
        help: "kind:paper     paper, resume or document")
    public static let section = Field(
        name: "section", prefix: "XS", style: .text(stemmed: true), facetSlot: nil, rangeSlot: nil,
        help: "section:WORD   a resume section heading (education, experience, ...)")
    public static let skill = Field(
        name: "skill", prefix: "XK", style: .text(stemmed: false), facetSlot: Slot.skillFacet, rangeSlot: nil,
        help: "skill:NAME     a skill listed in a resume (pytorch, \"machine learning\")")
    public static let category = Field(
        name: "category", prefix: "XC", style: .text(stemmed: false), facetSlot: Slot.categoryFacet, rangeSlot: nil,
        help: "category:NAME  a resume's job category, an arXiv record's primary category")
    public static let folder = Field(
        name: "folder", prefix: "XF", style: .text(stemmed: false), facetSlot: Slot.folderFacet, rangeSlot: nil,
        help: "folder:NAME    any folder on the file's path below the indexed root")
    public static let date = Field(
        name: "date", prefix: "XD", style: .boolean, facetSlot: nil, rangeSlot: Slot.dateNumber,
        help: "date:2024-06   a year, month or day, or a range date:2024-06..2025-01")
    public static let doi = Field(
        name: "doi", prefix: "XO", style: .boolean, facetSlot: nil, rangeSlot: nil,
        help: "doi:10.1145/X  a paper's DOI (any case, without https://doi.org/)")
    public static let arxiv = Field(
        name: "arxiv", prefix: "XR", style: .boolean, facetSlot: nil, rangeSlot: nil,
        help: "arxiv:2101.00001  a paper's arXiv id (without a version)")
    public static let citationKey = Field(
        name: "key", prefix: "XB", style: .boolean, facetSlot: nil, rangeSlot: nil,
        help: "key:pell2024   a bibliography entry's citation key")
    public static let authored = Field(
        name: "authored", prefix: "", style: .people, facetSlot: nil, rangeSlot: nil,
        help: "authored:(Q)   people (resumes, papers) who wrote a paper matching Q")

    /// Every field, in the order `--help` lists them.
    public static let fields: [Field] = [
        title, author, venue, year, date, kind, category, section, skill, folder, doi, arxiv, citationKey, authored,
        body,
    ]

    /// The fields users may put before a colon in a query.
    public static let queryFieldNames: Set<String> = Set(fields.map(\.name))

    /// Looks a field up by its query name.
    public static func field(named name: String) -> Field? {
        fields.first { $0.name == name }
    }

    /// The fields that are facets, by name.
    public static let facetNames: [String] = fields.filter { $0.facetSlot != nil }.map(\.name)

    /// Every term prefix in use (fields, ids, keys, people, facet values): a term that starts with
    /// none of them is a body word.
    public static let termPrefixes: [String] =
        fields.map(\.prefix).filter { !$0.isEmpty } + [personPrefix, idPrefix, keyPrefix, "XZ"]

    /// Xapian limits a term to 245 bytes; longer terms are cut and suffixed with a hash.
    public static let maxTermBytes = 245
}
