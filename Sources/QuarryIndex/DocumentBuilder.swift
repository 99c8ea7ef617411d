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
    private let encoder = JSONEncoder()

    init(analyzer: Analyzer) {
        self.analyzer = analyzer
    }

    /// Display spellings of keyed facet values seen since the last `takeDisplayNames()`,
    /// as index metadata keys (`Schema.displayKey`) → spelling.
    private var displayNames: [String: String] = [:]

    /// Words for the spelling dictionary since the last `takeSpellingWords()`: each
    /// document's distinct title and text words of three letters or more.
    private var spellingWords: [String] = []

    /// The spelling words gathered since the last call, emptied.
    func takeSpellingWords() -> [String] {
        defer { spellingWords.removeAll(keepingCapacity: true) }
        return spellingWords
    }

    private func collectSpelling(_ texts: [String]) {
        var seen: Set<String> = []
        for text in texts {
            for token in analyzer.tokens(text, stemmed: false) where !token.isJoined && token.text.count >= 3 {
                if token.text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }), seen.insert(token.text).inserted {
                    spellingWords.append(token.text)
                }
            }
        }
    }

    /// Builds the document for `item`, one of the items of the merge key `key`.
    func document(for item: IndexedItem, key: String) throws(IndexError) -> XapianDocument {
        let document = try XapianDocument()
        var sink = TermSink(document: document, analyzer: analyzer)

        sink.add(item.title, field: Schema.title, bodyWeight: Self.titleWeight)
        collectSpelling([item.title, item.text] + (item.resume?.skills ?? []))
        for author in item.authors {
            sink.add(author, field: Schema.author, bodyWeight: 1)
            sink.addBoolean(Normalize.personKey(author), field: nil, prefix: Schema.personPrefix)
        }
        for venue in item.venues.isEmpty ? (item.venue.map { [$0] } ?? []) : item.venues {
            sink.add([venue.code, venue.name].compactMap { $0 }.joined(separator: " "), field: Schema.venue, bodyWeight: 0)
            if let code = venue.code, let dot = code.firstIndex(of: ".") {
                sink.add(String(code[code.index(after: dot)...]), field: Schema.venue, bodyWeight: 0)
            }
        }
        sink.addBoolean(item.kind.rawValue, field: Schema.kind)
        if let year = item.year { sink.addBoolean(String(year), field: Schema.year) }
        if let category = item.category { sink.add(category, field: Schema.category, bodyWeight: 0) }
        for folder in item.folders where folder != "." {
            sink.add(folder.replacingOccurrences(of: "/", with: " "), field: Schema.folder, bodyWeight: 0)
        }
        if let resume = item.resume {
            for section in resume.sections {
                if !section.title.isEmpty { sink.add(section.title, field: Schema.section, bodyWeight: 1) }
                for line in section.lines + section.bullets { sink.add(line, field: Schema.body, bodyWeight: 1) }
            }
            for skill in resume.skills { sink.add(skill, field: Schema.skill, bodyWeight: 1) }
            for contact in resume.emails + resume.links { sink.add(contact, field: Schema.body, bodyWeight: 1) }
        } else {
            // A PDF's full text is searchable (terms and positions) but weighs nothing: with a
            // paper's ten thousand words in its length, BM25 would rank the paper below any
            // short text that mentions its title. Title and abstract carry the ranking; a PDF
            // without an abstract lets its first page weigh.
            sink.add(item.text, field: Schema.body, bodyWeight: 1)
            for text in item.otherTexts { sink.add(text, field: Schema.body, bodyWeight: 1) }
            for keyword in item.keywords { sink.add(keyword, field: Schema.body, bodyWeight: 1) }
            for (number, page) in item.pages.enumerated() {
                sink.add(page, field: Schema.body, bodyWeight: number == 0 && item.text.isEmpty ? 1 : 0)
            }
        }
        for doi in item.dois { sink.addBoolean(doi, field: Schema.doi) }
        if let arxivID = item.arxivID { sink.addBoolean(arxivID, field: Schema.arxiv) }
        for key in item.citationKeys { sink.addBoolean(key, field: Schema.citationKey) }
        sink.addBoolean(item.id, field: nil, prefix: Schema.idPrefix)
        sink.addExact(Schema.keyPrefix + key)

        let venues = item.venues.isEmpty ? (item.venue.map { [$0] } ?? []) : item.venues
        try setFacet(document, slot: Schema.Slot.authorFacet, values: item.authors, key: Normalize.personKey)
        if let year = item.year { try setFacet(document, slot: Schema.Slot.yearFacet, values: [String(year)], key: nil) }
        try setFacet(document, slot: Schema.Slot.kindFacet, values: [item.kind.rawValue], key: nil)
        try setFacet(document, slot: Schema.Slot.skillFacet, values: item.resume?.skills ?? [], key: Normalize.skillKey)
        try setFacet(document, slot: Schema.Slot.venueFacet, values: venues.map(\.facetValue), key: nil)
        try setFacet(document, slot: Schema.Slot.folderFacet, values: item.folders, key: nil)
        try setFacet(document, slot: Schema.Slot.categoryFacet, values: item.category.map { [$0] } ?? [], key: nil)
        if let year = item.year {
            try document.setValue(bytes: try XapianQuery.sortable(Double(year)), slot: Schema.Slot.yearNumber)
        }
        if let date = item.date, let year = date.year {
            let number = Double(year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0))
            try document.setValue(bytes: try XapianQuery.sortable(number), slot: Schema.Slot.dateNumber)
        }
        try document.flush()
        let data: Data
        do {
            data = try encoder.encode(item)
        } catch {
            throw .storedData(what: "item \(item.id)", detail: "cannot encode it as JSON: \(error)")
        }
        try document.setData(data)
        return document
    }

    /// Fills a facet slot with distinct values; with `key`, the slot holds keys and the
    /// best spelling of each is remembered for display.
    private func setFacet(
        _ document: XapianDocument, slot: UInt32, values: [String], key: ((String) -> String)?
    ) throws(IndexError) {
        var seen: Set<String> = []
        var stored: [String] = []
        for value in values {
            let stripped = Normalize.collapseSpaces(value)
            let storedValue = key?(stripped) ?? stripped
            guard !storedValue.isEmpty, seen.insert(storedValue).inserted else { continue }
            stored.append(storedValue)
            document.add(term: Schema.facetTerm(slot: slot, value: stripped), position: 0, wdf: 0)
            if key != nil {
                let metadataKey = Schema.displayKey(slot: slot, value: storedValue)
                if let known = displayNames[metadataKey],
                    Normalize.displayQuality(known) >= Normalize.displayQuality(stripped)
                {
                    continue
                }
                displayNames[metadataKey] = stripped
            }
        }
        guard !stored.isEmpty else { return }
        try document.setValue(stored.joined(separator: String(Schema.valueSeparator)), slot: slot)
    }

    /// The display spellings gathered since the last call, emptied.
    func takeDisplayNames() -> [String: String] {
        defer { displayNames.removeAll(keepingCapacity: true) }
        return displayNames
    }
}

/// Collects a document's terms with a running position.
private struct TermSink {
    let document: XapianDocument
    let analyzer: Analyzer
    var position: UInt32 = 1

    /// Adds text to a field (and to the body with `bodyWeight`, when that is not 0).
    mutating func add(_ text: String, field: Schema.Field, bodyWeight: UInt32) {
        guard case .text(let stemmed) = field.style else {
            addBoolean(text, field: field)
            return
        }
        let tokens = analyzer.tokens(text, stemmed: stemmed)
        guard !tokens.isEmpty else { return }
        let bodyTokens =
            field.prefix.isEmpty || bodyWeight == 0 || stemmed ? tokens : analyzer.tokens(text, stemmed: true)
        let base = position
        var last = base
        for token in tokens {
            let at = base + UInt32(token.position)
            document.add(term: field.prefix + token.text, position: at, wdf: field.prefix.isEmpty ? bodyWeight : 1)
            last = max(last, at)
        }
        if !field.prefix.isEmpty && bodyWeight > 0 {
            for token in bodyTokens {
                document.add(term: token.text, position: base + UInt32(token.position), wdf: bodyWeight)
            }
        }
        position = last + DocumentBuilder.blockGap
    }

    /// Adds a term exactly as given, with no position and no weight.
    func addExact(_ term: String) {
        document.add(term: term, position: 0, wdf: 0)
    }

    /// Adds one exact term with no position and no weight (filters like `kind:paper`).
    func addBoolean(_ value: String, field: Schema.Field?, prefix: String? = nil) {
        guard !value.isEmpty else { return }
        let term = (prefix ?? field?.prefix ?? "") + value.lowercased()
        document.add(term: term, position: 0, wdf: 0)
    }
}
