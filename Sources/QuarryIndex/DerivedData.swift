import QuarryModel

/// What the index holds besides its documents, derived from them, kept equal to what a clean
/// build of the same files gives: Xapian's spelling table and the display spellings of keyed
/// facet values.
///
/// Both are reference counts over the documents, changed in the same Xapian commit as the
/// documents themselves (so a crash cannot leave them apart):
/// - the spelling table holds each word with the number of documents whose title and text hold
///   it (`DocumentBuilder.spellingWords`): a new document adds one to each of its words, a
///   replaced or deleted one takes one off (a word that reaches 0 leaves the table);
/// - each keyed facet value (a person, a skill) keeps in the index metadata how many documents
///   give each of its spellings (`Schema.spellingCountsKey`), and its display spelling
///   (`Schema.displayKey`, which searches read) is the best of those still counted: the highest
///   `Normalize.displayQuality` (diacritics, mixed case), then the most documents, then the
///   first in code-point order. A value no document gives any more loses both keys.
///
/// A rebuild of a key first takes off what its old documents gave (read back from their stored
/// forms where the new ones are built: `ParallelBuild.old`), then adds what the new ones give;
/// `apply` writes the net change.
final class DerivedData {
    /// Word → change of its document frequency.
    private var words: [String: Int] = [:]
    /// Keyed value → spelling → change of its document count.
    private var spellings: [DocumentBuilder.KeyedValue: [String: Int]] = [:]

    /// What one document gives the derived data: its spelling words and the display spellings of
    /// its keyed facet values. Computed where the document is built (any thread), counted by the writer.
    struct Contribution {
        var words: [String]
        var spellings: [DocumentBuilder.KeyedValue: Set<String>]

        init(of item: IndexedItem, builder: DocumentBuilder) {
            self.init(of: item, spellingWords: builder.spellingWords(of: item))
        }

        /// The contribution of `item` whose spelling words were found as its document was built
        /// (`DocumentBuilder.documentAndSpellingWords`).
        init(of item: IndexedItem, spellingWords: [String]) {
            words = spellingWords
            spellings = DocumentBuilder.displaySpellings(of: item)
        }
    }

    /// Counts a document's contribution (`by` 1 when it is added, -1 when it goes).
    func count(_ contribution: Contribution, by change: Int) {
        for word in contribution.words { words[word, default: 0] += change }
        for (value, forms) in contribution.spellings {
            for form in forms { spellings[value, default: [:]][form, default: 0] += change }
        }
    }

    /// Writes the net changes into `database` (to be committed with the documents) and starts over.
    func apply(to database: XapianDatabase) throws(IndexError) {
        defer {
            words.removeAll(keepingCapacity: true)
            spellings.removeAll(keepingCapacity: true)
        }
        let changed = words.filter { $0.value != 0 }.sorted { $0.key < $1.key }
        try database.adjustSpellings(changed.map(\.key), by: changed.map(\.value))
        for (value, changes) in spellings {
            var counts = Self.parseCounts(try database.metadata(value.countsKey))
            for (form, change) in changes { counts[form, default: 0] += change }
            counts = counts.filter { $0.value > 0 }
            try database.setMetadata(value.countsKey, Self.formatCounts(counts))
            try database.setMetadata(value.displayKey, Self.best(counts) ?? "")
        }
    }

    /// The display spelling among counted spellings: best quality, then most documents, then code-point order.
    static func best(_ counts: [String: Int]) -> String? {
        counts.min { a, b in
            let qa = Normalize.displayQuality(a.key)
            let qb = Normalize.displayQuality(b.key)
            if qa != qb { return qa > qb }
            if a.value != b.value { return a.value > b.value }
            return a.key.unicodeScalars.lexicographicallyPrecedes(b.key.unicodeScalars)
        }?.key
    }

    /// Reads `count\tspelling` lines.
    static func parseCounts(_ text: String) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t"), let count = Int(line[..<tab]) else { continue }
            counts[String(line[line.index(after: tab)...]), default: 0] += count
        }
        return counts
    }

    /// Writes `count\tspelling` lines in spelling order ("" for none).
    static func formatCounts(_ counts: [String: Int]) -> String {
        counts.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
            .map { "\($0.value)\t\($0.key)" }.joined(separator: "\n")
    }
}
