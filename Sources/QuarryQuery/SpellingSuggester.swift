import QuarryAnalysis
import QuarryIndex

/// "Did you mean": a query's unknown words replaced by the closest words of the index's
/// spelling dictionary (Xapian's, filled at index time with each document's title and text words).
struct SpellingSuggester {
    let analyzer: Analyzer
    let database: XapianDatabase

    /// `node` with each unfielded word the index does not know (as its stem) replaced by the
    /// closest dictionary word within two edits; nil when no word changes. Fielded words, phrases
    /// and everything under NOT, NEAR or a boost stay as they are.
    func corrected(_ node: QueryNode) throws(IndexError) -> QueryNode? {
        var replacements: [String: String] = [:]
        for word in Self.plainWords(node) where replacements[word] == nil {
            let tokens = analyzer.tokens(word, stemmed: true).filter { !$0.isJoined }
            guard tokens.count == 1, try !database.termExists(tokens[0].text) else { continue }
            let typed = word.lowercased()
            if let better = try database.spellingSuggestion(for: typed), better != typed {
                replacements[word] = better
            }
        }
        guard !replacements.isEmpty else { return nil }
        return Self.replacing(replacements, in: node)
    }

    /// The unfielded single words of a query, in order.
    private static func plainWords(_ node: QueryNode) -> [String] {
        switch node {
        case .word(nil, let text): return [text]
        case .and(let children), .or(let children): return children.flatMap(plainWords)
        default: return []
        }
    }

    /// `node` with the unfielded words of `replacements` replaced, where `plainWords` finds them.
    private static func replacing(_ replacements: [String: String], in node: QueryNode) -> QueryNode {
        switch node {
        case .word(nil, let text): return .word(field: nil, text: replacements[text] ?? text)
        case .and(let children): return .and(children.map { replacing(replacements, in: $0) })
        case .or(let children): return .or(children.map { replacing(replacements, in: $0) })
        default: return node
        }
    }
}
