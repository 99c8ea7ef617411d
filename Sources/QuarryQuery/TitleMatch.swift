import QuarryAnalysis
import QuarryIndex
import QuarryModel

/// Known-item search: a query that reads as a pasted title (three or more plain words) puts the
/// items whose title it is first. BM25 cannot tell a title from a longer title holding the same
/// words (Xapian keeps one length per document, not per field), nor see that a query is a whole
/// title; this can.
///
/// An item's title *is* the query when its words (stems, function words included) are the
/// query's words, or the query's words and one more (a title pasted with one word missing). Such
/// items get a fixed weight above any BM25 score (below an identifier's), twice as much for the
/// whole title, so they come first in that order and BM25 orders each group. The weight only
/// re-ranks what the query matches (AND_MAYBE): the total and the facets stay those of the
/// words as typed.
struct TitleMatch {
    /// The fewest words a query needs to read as a title: one or two words are a topic.
    static let minimumWords = 3
    /// How many titles holding every query word are read, best by BM25 over the title field.
    static let candidates = 200
    /// The weight of an item whose title is the query with one word missing; the whole title
    /// gets twice as much. Far above any BM25 score, far below `Planner.identifierWeight`.
    static let weight = 1e4

    /// Each query word (each part of a compound) as its stems: as typed, and its spelling
    /// correction when it has one.
    let words: [Set<String>]

    /// The words of `node` when it is title-like: unfielded words and phrases joined by AND (a
    /// corrected word is the OR of the word as typed and its correction), at least `minimumWords`.
    init?(_ node: QueryNode, analyzer: Analyzer) {
        let children: [QueryNode]
        if case .and(let all) = node { children = all } else { return nil }
        var words: [Set<String>] = []
        for child in children {
            switch child {
            case .word(nil, let text), .phrase(nil, let text):
                words += Self.stems(text, analyzer: analyzer).map { [$0] }
            case .or(let alternatives):
                // A word and its correction, part by part (`Task-codnitioned`, `Task-conditioned`).
                var parts: [Set<String>] = []
                for alternative in alternatives {
                    guard case .word(nil, let text) = alternative else { return nil }
                    let stems = Self.stems(text, analyzer: analyzer)
                    if parts.isEmpty { parts = Array(repeating: [], count: stems.count) }
                    guard stems.count == parts.count else { return nil }
                    for (index, stem) in stems.enumerated() { parts[index].insert(stem) }
                }
                words += parts
            default:
                return nil
            }
        }
        guard words.count >= Self.minimumWords else { return nil }
        self.words = words
    }

    /// The items whose title holds every query word (in any order), in the title field.
    func candidates() throws(IndexError) -> XapianQuery {
        let parts = try words.map { stems throws(IndexError) -> XapianQuery in
            let terms = try stems.sorted().map { stem throws(IndexError) in
                try XapianQuery.term(Schema.title.term(stem))
            }
            return terms.count == 1 ? terms[0] : try XapianQuery.combine(.or, terms)
        }
        return try XapianQuery.combine(.and, parts)
    }

    /// How many words `title` has beyond the query's; nil when it lacks a query word.
    func extraWords(in title: String, analyzer: Analyzer) -> Int? {
        let stems = Set(Self.stems(title, analyzer: analyzer))
        guard words.allSatisfy({ !$0.isDisjoint(with: stems) }) else { return nil }
        return stems.subtracting(words.reduce(into: Set<String>()) { $0.formUnion($1) }).count
    }

    /// The weight an item with `title` gets: 2 × `weight` for the query's words, `weight` for
    /// one more word, else nil.
    func bonus(for title: String, analyzer: Analyzer) -> Double? {
        switch extraWords(in: title, analyzer: analyzer) {
        case 0: return 2 * Self.weight
        case 1: return Self.weight
        default: return nil
        }
    }

    /// The stems of `text` as the title field keeps them, compounds as their parts.
    private static func stems(_ text: String, analyzer: Analyzer) -> [String] {
        analyzer.tokens(text, stemmed: Schema.title.isStemmed).filter { !$0.isJoined }.map(\.text)
    }
}
