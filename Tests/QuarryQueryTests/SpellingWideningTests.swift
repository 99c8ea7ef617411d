import Foundation
import QuarryQuery
import Testing

/// A word the index knows is widened to a commoner neighbour only when it is long enough to be a
/// typo (issue 8, the arXiv match totals): `pill` is not searched as `fill`, nor `usr` as `use`,
/// while `slung` may still be searched as `lung`, as a five-letter word gets one typo in Meilisearch.
@Suite struct SpellingWideningTests {
    /// 120 records that all hold the common words, and one record for each rare word.
    static let rareWords = ["pill", "slt", "da3", "usr", "slung"]
    static let shared = Result { () throws -> TextIndex in
        var lines: [String] = []
        for number in 0..<(120 + rareWords.count) {
            let rare = number < rareWords.count ? rareWords[number] + " " : ""
            let object: [String: Any] = [
                "id": String(format: "2502.%05d", number + 1), "title": "Paper \(number) on \(rare)measurements",
                "abstract": "We fill the set on day \(number) with lung use.", "authors": "Ana Park",
                "categories": "cs.IR", "update_date": "2025-01-01",
            ]
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
        }
        return try TextIndex(["papers.jsonl": lines.joined(separator: "\n") + "\n"])
    }

    @Test(
        arguments: [
            ("pill", nil), ("slt", nil), ("da3", nil), ("usr", nil), ("pill measurements", nil),
            ("slung", "lung"),
        ] as [(String, String?)])
    func aKnownWordIsWidenedOnlyFromFiveLetters(query: String, corrected: String?) throws {
        let index = try Self.shared.get()
        let result = try index.search(query) {
            $0.match = .any
            $0.relax = false
        }
        let widened = result.notices.map(\.message).filter { $0.hasPrefix("searched ") }
        if let corrected {
            #expect(widened == ["searched '\(corrected)' for '\(query)'"])
            #expect(result.total > 1)
        } else {
            #expect(widened.isEmpty, "\(widened)")
            #expect(result.total == (query.contains(" ") ? 125 : 1), "'\(query)': \(result.total)")
        }
    }
}
