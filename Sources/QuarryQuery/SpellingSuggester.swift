import QuarryAnalysis
import QuarryIndex

/// Typed words the index does not know, and the words it does: each unknown word's closest word
/// in the index's spelling dictionary (Xapian's, filled at index time with each document's title
/// and text words). The searcher searches a corrected word beside the word as typed and says so;
/// the corrected query is also its "did you mean".
struct SpellingSuggester {
    let analyzer: Analyzer
    let database: XapianDatabase

    /// How many times more documents a correction must hold than a word the index does know, for
    /// that word to count as a typo: two orders of magnitude, the gap between a slip of the keys
    /// that made it into a document or two and the word those documents meant. A word as rare
    /// as that next to a common neighbour is searched as typed and as its neighbour, so a real
    /// rare word still finds its documents first (it is the rarer, heavier term).
    static let rarity = 100

    /// How far a correction may be from the typed word: one edit (a letter inserted, left out,
    /// replaced, or two neighbours swapped), the slip that most misspellings are (Damerau, 1964).
    /// Two edits reach other real words too (`verbal` → `serial`, `extent` → `patent`).
    static let maxEdits: UInt32 = 1

    /// The fewest characters a word the index does know needs to be taken for a typo: five, the
    /// length from which Meilisearch allows one typo. Shorter known words are mostly acronyms and
    /// short words one edit from a commoner one (`usr`/`use`, `pill`/`fill`, `da3`/`day`, `slt`/`set`):
    /// widening them matched 4 to 30 times the documents that hold them on the arXiv records.
    /// A word the index does not know at all (`wiht`) is corrected at any length: it finds nothing
    /// as typed.
    static let minimumKnownTypoLength = 5

    /// One typed word and the dictionary word it is also searched as.
    struct Correction: Equatable {
        var typed: String
        var corrected: String
    }

    /// The corrections of `node`'s unfielded words, in query order, each word once. A word (or
    /// each part of a compound, `Task-codnitioned`) is corrected when no document holds its stem,
    /// or it is `rarity` times rarer than its correction's stem, and its closest dictionary word
    /// (within `maxEdits`) has another stem; a function word as typed, and a known word shorter
    /// than `minimumKnownTypoLength`, are left alone. Fielded words, phrases and everything under NOT,
    /// NEAR or a boost stay as they are.
    func corrections(_ node: QueryNode) throws(IndexError) -> [Correction] {
        var found: [Correction] = []
        var seen: Set<String> = []
        for word in Self.plainWords(node) where seen.insert(word).inserted {
            var corrected = ""
            var rest = word.startIndex
            for part in analyzer.tokens(word, stemmed: true) where !part.isJoined {
                guard let better = try correction(of: part) else { continue }
                corrected += word[rest..<part.range.lowerBound] + better
                rest = part.range.upperBound
            }
            if rest != word.startIndex { found.append(Correction(typed: word, corrected: corrected + word[rest...])) }
        }
        return found
    }

    /// The dictionary word that one analyzed word (a token) is a typo of, or nil.
    private func correction(of token: Token) throws(IndexError) -> String? {
        // A function word typed (`how`, `much`) is meant: it is never a typo (`wiht` may be one of `with`).
        guard let typed = token.word, !Stopwords.english.contains(typed) else { return nil }
        let typedFrequency = try database.termFrequency(token.text)
        // Only a word rare enough that a correction could be `rarity` times as frequent.
        if typedFrequency > 0, typed.count < Self.minimumKnownTypoLength { return nil }
        if typedFrequency > 0, try typedFrequency * Self.rarity > database.documentCount() { return nil }
        guard let better = try database.spellingSuggestion(for: typed, maxEdits: Self.maxEdits), better != typed
        else { return nil }
        let stems = analyzer.tokens(better, stemmed: true).filter { !$0.isJoined }
        guard stems.count == 1, stems[0].text != token.text else { return nil }
        if typedFrequency > 0, try database.termFrequency(stems[0].text) < typedFrequency * Self.rarity { return nil }
        return better
    }

    /// `node` with each corrected word replaced by its correction: the "did you mean" query.
    static func corrected(_ node: QueryNode, by corrections: [Correction]) -> QueryNode {
        rewriting(node, corrections) { .word(field: nil, text: $0.corrected) }
    }

    /// `node` with each corrected word searched as typed or as its correction (an OR of both).
    static func widened(_ node: QueryNode, by corrections: [Correction]) -> QueryNode {
        rewriting(node, corrections) {
            .or([.word(field: nil, text: $0.typed), .word(field: nil, text: $0.corrected)])
        }
    }

    /// The notice that says what was searched: "searched 'attention' for 'atention'".
    static func notice(_ correction: Correction) -> QueryNotice {
        QueryNotice("searched '\(correction.corrected)' for '\(correction.typed)'")
    }

    /// The unfielded single words of a query, in order.
    private static func plainWords(_ node: QueryNode) -> [String] {
        switch node {
        case .word(nil, let text): return [text]
        case .and(let children), .or(let children): return children.flatMap(plainWords)
        default: return []
        }
    }

    /// `node` with the unfielded words that `plainWords` finds and `corrections` names rewritten.
    private static func rewriting(
        _ node: QueryNode, _ corrections: [Correction], _ rewrite: (Correction) -> QueryNode
    ) -> QueryNode {
        switch node {
        case .word(nil, let text):
            guard let correction = corrections.first(where: { $0.typed == text }) else { return node }
            return rewrite(correction)
        case .and(let children): return .and(children.map { rewriting($0, corrections, rewrite) })
        case .or(let children): return .or(children.map { rewriting($0, corrections, rewrite) })
        default: return node
        }
    }
}
