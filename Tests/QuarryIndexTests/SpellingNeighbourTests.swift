import Foundation
import QuarryTestSupport
import Testing

@testable import QuarryIndex

/// A spelling suggestion within one edit is the dictionary word one edit away that most documents
/// hold: every one-edit neighbour of the typed word counts, wherever the edit is. Xapian's own
/// suggestion finds its candidates through shared trigrams and missed some (`send` → `wend`,
/// `slabs` → `stabs` on the synthetic 10k set).
@Suite struct SpellingNeighbourTests {
    /// Dictionary words and how many documents hold each.
    static let dictionary: [String: Int] = [
        "attention": 10, "retention": 3, "stabs": 5, "slabs": 2, "send": 2, "wend": 3, "bend": 1, "liter": 4,
        "tier": 2, "fluky": 3, "flaky": 1, "cat": 3, "hat": 3, "cut": 1, "floppy": 4, "flippy": 2,
    ]

    /// Typed word → the suggestion (nil: none).
    static let cases: [(String, String?)] = [
        ("atention", "attention"),  // a letter left out
        ("attentoin", "attention"),  // two neighbours swapped
        ("attenttion", "attention"),  // a letter doubled
        ("xttention", "attention"),  // the first letter replaced
        ("slabs", "stabs"),  // a known word next to a commoner one
        ("send", "wend"),  // the commoner of two neighbours, the edit at the start
        ("ltier", "liter"),  // swapped at the start (`tier` is one edit away too, and rarer)
        ("flaky", "fluky"),
        ("flippy", "floppy"),
        ("bat", "cat"),  // `cat` and `hat` tie: the first in byte order
        ("stabs", nil),  // a word commoner than each neighbour is left alone
        ("atentin", nil),  // two edits
        ("zzzz", nil),
        (String(repeating: "attention", count: 8), nil),  // 72 letters: Xapian's own suggestion
        ("a", nil),
    ]

    @Test func theCommonestOneEditNeighbourIsSuggested() throws {
        let folder = try TestCorpus(copyCorpus: false)
        let path = folder.root.appendingPathComponent("xapian").path
        let writer = try XapianDatabase(path: path, writable: true)
        let words = Self.dictionary.keys.sorted()
        try writer.adjustSpellings(words, by: words.map { Self.dictionary[$0]! })
        try writer.commit()
        let reader = try XapianDatabase(path: path, writable: false)
        for (typed, expected) in Self.cases {
            #expect(try reader.spellingSuggestion(for: typed, maxEdits: 1) == expected, "'\(typed)'")
        }
    }
}
