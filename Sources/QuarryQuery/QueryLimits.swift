import QuarryAnalysis

/// The most one query may ask of the index, so that no request runs for long or grows without
/// bound, whatever a user or a script sends (`quarry search`, `serve --stdio`, `/api/search`).
///
/// A query over `bytes`, `terms` or `wildcards` is refused with `SearchError.tooLarge` (exit
/// status 64, a JSON error from `serve`); wildcards are cut, with a notice: each to its
/// `wildcardLimit` most frequent words (`SearchOptions.wildcardLimit`), and all of a query's
/// together to `wildcardWords`; the `authored:(Q)` parts of a query together to `authoredPeople`
/// (each the people with the most papers matching its Q). How long queries at these limits take on the 74,728 arXiv
/// records is measured in docs/HOSTILE.md.
public enum QueryLimits {
    /// The longest query text, in UTF-8 bytes (a pasted abstract fits).
    public static let bytes = 10_000
    /// The most words in one query: each word, each word of a phrase, wildcard and range counts one.
    public static let terms = 1_000
    /// The most wildcards in one query (each occurrence counts): every wildcard is a wide OR.
    public static let wildcards = 100
    /// The most words all the wildcards of one query expand to together, each getting an equal
    /// share: as many as one wildcard alone (`SearchOptions.defaultWildcardLimit`), so a query
    /// costs at most what its words and one wildcard at the limit cost.
    public static let wildcardWords = 10_000
    /// The most people the `authored:(Q)` parts of one query stand for, in equal shares: for each
    /// part, those with the most papers matching Q (a notice says when Q's papers have more
    /// authors). Each person is a term of a wide OR, and Xapian's cost of an OR grows faster than
    /// its width: 5,000 people cost ~0.06 s per match pass on the 74,728 arXiv records, all
    /// 175,166 of them over a minute.
    public static let authoredPeople = 5_000
    /// The longest request line `serve --stdio` reads, in bytes (the query, its filters and
    /// options); a longer line is answered with an error and skipped, never held in memory.
    public static let requestBytes = 1 << 20
    /// The largest `limit` or `offset` of a page (hits, not pages).
    public static let count = 1_000_000_000

    /// Throws `.tooLarge` when `text` is longer than `bytes`.
    static func check(text: String) throws(SearchError) {
        let length = text.utf8.count
        guard length <= bytes else {
            throw .tooLarge("\(length) bytes (the limit is \(bytes) bytes)")
        }
    }

    /// Throws `.tooLarge` when `node` holds more than `terms` words (as the analyzer splits them)
    /// or more than `wildcards` wildcards.
    static func check(_ node: QueryNode, analyzer: Analyzer) throws(SearchError) {
        var count = 0
        func visit(_ node: QueryNode) {
            guard count <= terms else { return }
            switch node {
            case .word(_, let text), .phrase(_, let text):
                count += max(1, analyzer.tokens(text, stemmed: false).filter { !$0.isJoined }.count)
            case .wildcard, .range:
                count += 1
            case .and(let children), .or(let children), .near(let children, _, _):
                children.forEach(visit)
            case .not(let child), .boost(let child, _):
                visit(child)
            }
        }
        visit(node)
        guard count <= terms else {
            throw .tooLarge("more than \(terms) words (the limit)")
        }
        let wildcardCount = wildcards(in: node)
        guard wildcardCount <= wildcards else {
            throw .tooLarge("\(wildcardCount) wildcards (the limit is \(wildcards))")
        }
    }

    /// How many wildcards `node` holds, each occurrence counted.
    static func wildcards(in node: QueryNode) -> Int {
        switch node {
        case .wildcard: return 1
        case .word, .phrase, .range: return 0
        case .and(let children), .or(let children), .near(let children, _, _):
            return children.reduce(0) { $0 + wildcards(in: $1) }
        case .not(let child), .boost(let child, _): return wildcards(in: child)
        }
    }

    /// Throws `.badOption` when a page's `limit`, `offset`, the facet limit or the feedback
    /// documents are negative or over `count`.
    static func check(_ options: SearchOptions) throws(SearchError) {
        for (name, value) in [
            ("limit", options.limit), ("offset", options.offset), ("facet limit", options.facetLimit),
            ("feedback", options.feedback.documents),
        ]
        where value < 0 || value > count {
            throw .badOption("\(name) must be a whole number from 0 to \(count): \(value)")
        }
    }
}
