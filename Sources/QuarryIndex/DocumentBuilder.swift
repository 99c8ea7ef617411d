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

    /// Builds the document for `item`.
    func document(for item: IndexedItem) throws(IndexError) -> XapianDocument {
        let document = XapianDocument()
        var sink = TermSink(document: document, analyzer: analyzer)

        sink.add(item.title, field: Schema.title, bodyWeight: Self.titleWeight)
        for author in item.authors {
            sink.add(author, field: Schema.author, bodyWeight: 1)
        }
        if let venue = item.venue {
            sink.add([venue.code, venue.name].compactMap { $0 }.joined(separator: " "), field: Schema.venue, bodyWeight: 0)
            if let code = venue.code, let dot = code.firstIndex(of: ".") {
                sink.add(String(code[code.index(after: dot)...]), field: Schema.venue, bodyWeight: 0)
            }
        }
        sink.addBoolean(item.kind.rawValue, field: Schema.kind)
        if let year = item.year { sink.addBoolean(String(year), field: Schema.year) }
        if let resume = item.resume {
            for section in resume.sections {
                sink.add(section.title, field: Schema.section, bodyWeight: 1)
                for line in section.lines + section.bullets { sink.add(line, field: Schema.body, bodyWeight: 1) }
            }
            for skill in resume.skills { sink.add(skill, field: Schema.skill, bodyWeight: 1) }
            for contact in resume.emails + resume.links { sink.add(contact, field: Schema.body, bodyWeight: 1) }
        } else {
            sink.add(item.text, field: Schema.body, bodyWeight: 1)
        }
        sink.addBoolean(item.id, field: nil, prefix: Schema.idPrefix)
        try document.flush()

        try document.setValue(facetValue(item.authors), slot: Schema.Slot.authorFacet)
        if let venue = item.venue { try document.setValue(venue.facetValue, slot: Schema.Slot.venueFacet) }
        try document.setValue(item.kind.rawValue, slot: Schema.Slot.kindFacet)
        if let year = item.year {
            try document.setValue(String(year), slot: Schema.Slot.yearFacet)
            try document.setValue(bytes: XapianQuery.sortable(Double(year)), slot: Schema.Slot.yearNumber)
        }
        if let date = item.date, let year = date.year {
            let number = Double(year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0))
            try document.setValue(bytes: XapianQuery.sortable(number), slot: Schema.Slot.dateNumber)
        }
        do {
            try document.setData(try encoder.encode(item))
        } catch let error as IndexError {
            throw error
        } catch {
            throw .xapian(operation: "encode item \(item.id)", detail: "\(error)")
        }
        return document
    }

    /// Author names for the facet slot, one spelling per person.
    private func facetValue(_ names: [String]) -> String {
        var seen: Set<String> = []
        let unique = names.filter { seen.insert(Normalize.personKey($0)).inserted }
        return unique.joined(separator: String(Schema.valueSeparator))
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

    /// Adds one exact term with no position and no weight (filters like `kind:paper`).
    func addBoolean(_ value: String, field: Schema.Field?, prefix: String? = nil) {
        let term = (prefix ?? field?.prefix ?? "") + value.lowercased()
        document.add(term: term, position: 0, wdf: 0)
    }
}
