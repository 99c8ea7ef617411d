import Foundation
import QuarryAnalysis
import QuarryModel

/// Turns an item into a Xapian document: terms by the schema table, facet values, stored data.
///
/// All text shares one position counter, with a gap between blocks (title, each author,
/// each bullet) so a phrase never matches across two of them. Title words also go into
/// the unprefixed body space with a higher wdf: the title weighs more than the body.
final class DocumentBuilder {
    /// How much more a title word counts than a body word.
    static let titleWeight: UInt32 = 3
    /// Positions skipped between blocks of text.
    static let blockGap: UInt32 = 100

    private let analyzer: Analyzer
    /// Sorted keys: the same item is always the same bytes (Foundation's key order varies by process).
    private let encoder = JSONEncoder.sortingKeys

    init(analyzer: Analyzer) {
        self.analyzer = analyzer
    }

    /// Words for the spelling dictionary from `item`: its distinct title and text words (and
    /// skills) of three letters or more, letters only. Each document adds one to each of its
    /// words' frequencies (`DerivedData`).
    func spellingWords(of item: IndexedItem) -> [String] {
        var words = SpellingWords()
        for text in Self.spellingTexts(of: item) { words.add(analyzer.tokens(text, stemmed: false)) }
        return words.words
    }

    /// The texts whose words go into the spelling dictionary: the title, the text, the skills.
    private static func spellingTexts(of item: IndexedItem) -> [String] {
        [item.title, item.text] + (item.resume?.skills ?? [])
    }

    /// Distinct spelling words in the order first found.
    struct SpellingWords {
        private var seen: Set<String> = []
        private(set) var words: [String] = []

        /// Adds the spelling words among `tokens`, stemmed or not: a stemmed token's unstemmed
        /// form is its `word` (a token without one is never stemmed); joined compounds are left out.
        mutating func add(_ tokens: [Token]) {
            // Sized once for every token: most words of a text are new to it, and growing the set
            // step by step rehashed them all again.
            seen.reserveCapacity(seen.count + tokens.count)
            for token in tokens where !token.isJoined {
                let word = token.word ?? token.text
                if DocumentBuilder.isSpellingWord(word), seen.insert(word).inserted { words.append(word) }
            }
        }
    }

    /// The longest spelling word, in UTF-8 bytes: nobody misspells a longer one in a query, and
    /// Xapian's spelling table refuses a word near its 245-byte term limit at commit.
    static let maxSpellingWordBytes = 64

    /// Three characters or more, letters only, and at most `maxSpellingWordBytes`. ASCII words
    /// (most) are checked byte by byte: for them a byte is a character and the letters are `[a-zA-Z]`.
    static func isSpellingWord(_ word: String) -> Bool {
        let utf8 = word.utf8
        guard utf8.count <= maxSpellingWordBytes else { return false }
        if utf8.allSatisfy({ $0 < 0x80 }) {
            return utf8.count >= 3
                && utf8.allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
        }
        return word.count >= 3 && word.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
    }

    /// The values of each facet of `item`, as written (the slot stores them keyed).
    static func facetValues(of item: IndexedItem) -> [(field: Schema.Field, values: [String])] {
        let venues = item.venues.isEmpty ? (item.venue.map { [$0] } ?? []) : item.venues
        return [
            (Schema.author, item.authors), (Schema.year, item.year.map { [String($0)] } ?? []),
            (Schema.kind, [item.kind.rawValue]), (Schema.skill, item.resume?.skills ?? []),
            (Schema.venue, venues.map(\.facetValue)), (Schema.folder, item.folders),
            (Schema.category, item.category.map { [$0] } ?? []),
        ]
    }

    /// A keyed facet value (a person, a skill), by the index metadata keys of its display spelling
    /// and of its spellings' counts.
    struct KeyedValue: Hashable {
        var displayKey: String
        var countsKey: String

        init(_ facet: Schema.Facet, key: String) {
            displayKey = Schema.displayKey(facet, key: key)
            countsKey = Schema.spellingCountsKey(facet, key: key)
        }

        /// The prefixes of every such metadata key.
        static func metadataPrefixes() -> [String] {
            Schema.facets.compactMap(\.facet).filter(\.keying.isKeyed).flatMap { facet in
                [Schema.displayKey(facet, key: ""), Schema.spellingCountsKey(facet, key: "")]
            }
        }
    }

    /// The spellings `item` gives keyed facet values (people, skills): the distinct spellings of
    /// each value in the item, spaces collapsed.
    static func displaySpellings(of item: IndexedItem) -> [KeyedValue: Set<String>] {
        var spellings: [KeyedValue: Set<String>] = [:]
        for (field, values) in facetValues(of: item) {
            guard let facet = field.facet, facet.keying.isKeyed else { continue }
            for value in values {
                let key = facet.keying.storedValue(value)
                guard !key.isEmpty else { continue }
                spellings[KeyedValue(facet, key: key), default: []].insert(Normalize.collapseSpaces(value))
            }
        }
        return spellings
    }

    /// Builds the document for `item`, one of the items of the merge key `key`.
    func document(for item: IndexedItem, key: MergeKey) throws(IndexError) -> XapianDocument {
        try documentAndSpellingWords(for: item, key: key).document
    }

    /// The document of `item` and its spelling words (those of `spellingWords(of:)`), taken from
    /// the tokens its terms are made of, so that each text is analyzed once.
    func documentAndSpellingWords(for item: IndexedItem, key: MergeKey) throws(IndexError) -> (
        document: XapianDocument, spellingWords: [String]
    ) {
        let document = try XapianDocument()
        var sink = TermSink(document: document, analyzer: analyzer)
        let venues = item.venues.isEmpty ? (item.venue.map { [$0] } ?? []) : item.venues

        sink.add(item.title, field: Schema.title, bodyWeight: Self.titleWeight, spelling: true)
        for author in item.authors {
            sink.add(author, field: Schema.author, bodyWeight: 1)
            if let person = Schema.personTerm(name: author) { sink.addExact(person) }
        }
        for venue in venues {
            sink.add(
                [venue.code, venue.name].compactMap { $0 }.joined(separator: " "), field: Schema.venue, bodyWeight: 0)
            if let code = venue.code, let dot = code.firstIndex(of: ".") {
                sink.add(String(code[code.index(after: dot)...]), field: Schema.venue, bodyWeight: 0)
            }
        }
        sink.add(item.kind.rawValue, field: Schema.kind, bodyWeight: 0)
        if let year = item.year { sink.add(String(year), field: Schema.year, bodyWeight: 0) }
        if let category = item.category { sink.add(category, field: Schema.category, bodyWeight: 0) }
        for folder in item.folders where folder != "." {
            sink.add(folder.replacingOccurrences(of: "/", with: " "), field: Schema.folder, bodyWeight: 0)
        }
        if let resume = item.resume {
            // A resume's text is not among its terms (its sections are), but it is a spelling text.
            sink.spellingWords.add(analyzer.tokens(item.text, stemmed: false))
            for section in resume.sections {
                if !section.title.isEmpty { sink.add(section.title, field: Schema.section, bodyWeight: 1) }
                for line in section.lines + section.bullets { sink.add(line, field: Schema.body, bodyWeight: 1) }
            }
            for skill in resume.skills { sink.add(skill, field: Schema.skill, bodyWeight: 1, spelling: true) }
            for contact in resume.emails + resume.links { sink.add(contact, field: Schema.body, bodyWeight: 1) }
        } else {
            // A PDF's full text is searchable (terms and positions) but weighs nothing: with a
            // paper's ten thousand words in its length, BM25 would rank the paper below any
            // short text that mentions its title. Title and abstract carry the ranking; a PDF
            // without an abstract lets its first page weigh.
            sink.add(item.text, field: Schema.body, bodyWeight: 1, spelling: true)
            for text in item.otherTexts { sink.add(text, field: Schema.body, bodyWeight: 1) }
            for keyword in item.keywords { sink.add(keyword, field: Schema.body, bodyWeight: 1) }
            for (number, page) in item.pages.enumerated() {
                sink.add(page, field: Schema.body, bodyWeight: number == 0 && item.text.isEmpty ? 1 : 0)
            }
        }
        for doi in item.dois { sink.add(doi, field: Schema.doi, bodyWeight: 0) }
        for isbn in item.isbns { sink.add(isbn, field: Schema.isbn, bodyWeight: 0) }
        if let arxivID = item.arxivID { sink.add(arxivID, field: Schema.arxiv, bodyWeight: 0) }
        for key in item.citationKeys { sink.add(key, field: Schema.citationKey, bodyWeight: 0) }
        sink.addExact(Schema.idTerm(item.id))
        sink.addExact(Schema.keyTerm(key))

        for (field, values) in Self.facetValues(of: item) { try setFacet(document, field: field, values: values) }
        // Equal scores are ranked by item id, not by Xapian's document ids (which differ between
        // an incremental and a clean build of the same files).
        try document.setValue(item.id, slot: Schema.idSlot)
        for field in Schema.ranges {
            guard let range = field.range, let number = item.date.flatMap(range.sortable.number(for:)) else { continue }
            try document.setValue(bytes: try XapianQuery.sortable(Double(number)), slot: range.slot)
        }
        try document.flush()
        let data: Data
        do {
            data = try encoder.encode(item.stored(key: key.rawValue))
        } catch {
            throw .storedData(what: "item \(item.id)", detail: "cannot encode it as JSON: \(error)")
        }
        try document.setData(data)
        return (document, sink.spellingWords.words)
    }

    /// Fills a facet's slot with the distinct values as its keying stores them and adds each
    /// one's filter term.
    private func setFacet(_ document: XapianDocument, field: Schema.Field, values: [String]) throws(IndexError) {
        guard let facet = field.facet else { return }
        var seen: Set<String> = []
        var stored: [String] = []
        for value in values {
            let storedValue = facet.keying.storedValue(value)
            guard !storedValue.isEmpty, seen.insert(storedValue).inserted else { continue }
            stored.append(storedValue)
            if let term = field.facetTerm(value) { document.add(term: term, position: 0, wdf: 0) }
        }
        guard !stored.isEmpty else { return }
        try document.setValue(stored.joined(separator: String(Schema.valueSeparator)), slot: facet.slot)
    }
}

/// Collects a document's terms with a running position. Stemmed fields also get each word's exact
/// (unstemmed) term, so that a quoted word is that word.
private struct TermSink {
    let document: XapianDocument
    let analyzer: Analyzer
    var position: UInt32 = 1
    /// The spelling words of the texts added with `spelling: true`.
    var spellingWords = DocumentBuilder.SpellingWords()

    /// Adds text to a field as the schema says: analyzed words with positions for free text (and
    /// to the body with `bodyWeight`, when that is not 0), one exact term for a boolean field;
    /// with `spelling`, its words are spelling words too.
    mutating func add(_ text: String, field: Schema.Field, bodyWeight: UInt32, spelling: Bool = false) {
        guard case .text(let stemmed) = field.style else {
            if field.style == .boolean, !text.isEmpty { addExact(field.booleanTerm(text)) }
            return
        }
        let tokens = analyzer.tokens(text, stemmed: stemmed)
        if spelling { spellingWords.add(tokens) }
        guard !tokens.isEmpty else { return }
        let isBody = field.name == Schema.body.name
        let bodyTokens = isBody || bodyWeight == 0 || stemmed ? tokens : analyzer.tokens(text, stemmed: true)
        let base = position
        var last = base
        for token in tokens {
            let at = base + UInt32(token.position)
            document.add(term: field.term(token.text), position: at, wdf: isBody ? bodyWeight : field.ranks ? 1 : 0)
            last = max(last, at)
        }
        if stemmed { addUnstemmed(tokens, field: field) }
        if !isBody && bodyWeight > 0 {
            for token in bodyTokens {
                document.add(
                    term: Schema.body.term(token.text), position: base + UInt32(token.position), wdf: bodyWeight)
            }
            addUnstemmed(bodyTokens, field: Schema.body)
        }
        position = last + DocumentBuilder.blockGap
    }

    /// Adds the unstemmed words of a stemmed field's tokens as its exact terms, for quoted search:
    /// no position and no weight (BM25's document length stays the same), each once.
    private func addUnstemmed(_ tokens: [Token], field: Schema.Field) {
        var seen: Set<String> = []
        for token in tokens {
            guard let word = token.word, seen.insert(word).inserted else { continue }
            document.add(term: field.exactTerm(word), position: 0, wdf: 0)
        }
    }

    /// Adds a term exactly as given, with no position and no weight (ids, keys, people, filters).
    func addExact(_ term: String) {
        document.add(term: term, position: 0, wdf: 0)
    }
}
