import QuarryAnalysis
import QuarryIndex
import QuarryModel

/// A query that parsed but cannot be run (a bad range, an unknown kind), naming the value.
public struct QueryPlanError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    /// The typed text the error is about (`kind:poem`, `year:`), by which its column is found in
    /// the query (`column(in:)`); nil when it is about the whole query.
    public var fragment: String? = nil
    public var description: String { message }

    public init(message: String, fragment: String? = nil) {
        self.message = message
        self.fragment = fragment
    }

    /// The 1-based column of `fragment` in `query` (case folded; else of the field name and colon
    /// it starts with); nil when neither is there.
    public func column(in query: String) -> Int? {
        guard let fragment else { return nil }
        let field = fragment.firstIndex(of: ":").map { String(fragment[...$0]) }
        for needle in [fragment, field].compactMap({ $0 }) where !needle.isEmpty {
            if let range = query.range(of: needle, options: .caseInsensitive) {
                return query.distance(from: query.startIndex, to: range.lowerBound) + 1
            }
        }
        return nil
    }
}

/// Turns a query AST into a Xapian query, analyzing every word with the indexer's analyzer
/// and field rules from the schema table, so a query term always meets the indexed term.
///
/// Planning reads nothing from the index: the people of each `authored:(Q)` part are looked
/// up before (`authoredParts`, `papers(authoring:)`) and handed over in `people`.
public struct Planner {
    private let analyzer: Analyzer

    /// Groups of words that also match each other.
    private let synonyms: Synonyms

    /// The person keys of the authors of the papers matching each `authored:(Q)` part, by the
    /// part's inner query `Q`. A part missing here is no constraint (its inner query has no words).
    public var people: [QueryNode: [String]] = [:]

    /// The terms each wildcard expands to, by its prefix term (`Satten` for `title:atten*`), looked
    /// up before planning (`wildcardPrefixes(of:)`). A wildcard missing here is expanded by Xapian
    /// when the query runs, to every matching term (it cannot then sit inside NEAR or ADJ).
    public var expansions: [String: [String]] = [:]

    /// Strict: a value the schema refuses (`kind:poem`, `year:soon`, `year:2025..2023`) is a
    /// `QueryPlanError`. Lenient (the default): it is read as text, or as the range it must mean,
    /// with a notice.
    public var strict = false

    /// What planning did that the user should know (values read as text, words ignored, synonyms
    /// added), each once, in the order met; shared by copies of this planner.
    public var notices: [QueryNotice] { log.notices }
    private let log = NoticeLog()

    /// A planner that analyzes with `analyzer` (the same kind the indexer uses).
    public init(analyzer: Analyzer, synonyms: Synonyms = Synonyms()) {
        self.analyzer = analyzer
        self.synonyms = synonyms
    }

    /// How the words of a query combine.
    public enum Match: String, Sendable, CaseIterable {
        /// Every word must match.
        case all
        /// Any word may match; more matching words rank higher (natural-language questions).
        case any
    }

    /// How natural-language (`.any`) queries are ranked beyond plain BM25.
    public struct Ranking: Sendable, Equatable {
        /// Ignore English function words when the query has other words.
        public var dropStopwords: Bool
        /// Weight of the evidence that neighbouring query words appear near each other (0: off).
        public var proximityWeight: Double
        /// How many positions "near" spans.
        public var proximityWindow: Int

        /// The defaults, measured with `quarry eval` (docs/RELEVANCE.md): query stopwords dropped,
        /// no proximity bonus (it did not help on Cranfield, ADI or MED).
        public init(dropStopwords: Bool = true, proximityWeight: Double = 0, proximityWindow: Int = 8) {
            self.dropStopwords = dropStopwords
            self.proximityWeight = proximityWeight
            self.proximityWindow = proximityWindow
        }
    }

    /// The Xapian query for `node`; with `.any`, the top-level words combine with OR, ranked
    /// as `ranking` says.
    public func plan(_ node: QueryNode, match: Match = .all, ranking: Ranking = Ranking()) throws -> XapianQuery {
        let given: [QueryNode]
        switch (match, node) {
        case (.any, .and(let children)): given = children
        case (.any, .word(nil, _)) where compoundParts(node).count > 1: given = [node]
        default: return try planNode(node) ?? noWords()
        }
        // A word the analyzer splits counts as its words in a question (`shock-sound` and `e.g.`
        // as `shock sound` and `e g`), as typed without the punctuation; any of them may match.
        var children = given.flatMap(compoundParts)
        var weightless: [QueryNode] = []
        if ranking.dropStopwords {
            let content = children.filter { !isStopword($0) }
            if content.contains(where: { if case .word(nil, _) = $0 { true } else { false } }),
                content.count < children.count
            {
                weightless = children.filter(isStopword)
                log.add(
                    QueryNotice(
                        "common words ignored: " + Self.uniqued(weightless.map(\.queryText)).joined(separator: ", ")))
                children = content
            }
        }
        guard var base = try combine(children, positive: .or) else { return try noWords() }
        // Function words still match, at no weight, in the same OR: the match set (the total, the
        // facets) is every word typed. Not with AND_MAYBE: Xapian 1.4.22 gives a phrase on its
        // right side (a corrected compound, a quoted phrase) its weight in documents where the
        // phrase is not (7 of the 81 hits of ADI's query 4).
        if let function = try combine(weightless, positive: .or) {
            base = try XapianQuery.combine(.or, [base, try function.scaled(by: 0)])
        }
        guard ranking.proximityWeight > 0 else { return base }
        // Neighbouring words found close together are evidence the document is about the phrase
        // they make (a sequential-dependence idea): a NEAR pair per neighbour pair, as a bonus.
        var pairs: [XapianQuery] = []
        var previous: String? = nil
        for child in children {
            guard case .word(nil, let text) = child else {
                previous = nil
                continue
            }
            let tokens = analyzer.tokens(text, stemmed: true).filter { !$0.isJoined }
            guard tokens.count == 1 else {
                previous = nil
                continue
            }
            if let previous, previous != tokens[0].text {
                pairs.append(
                    try XapianQuery.combine(
                        .near, [XapianQuery.term(previous), XapianQuery.term(tokens[0].text)],
                        parameter: UInt32(ranking.proximityWindow)))
            }
            previous = tokens[0].text
        }
        guard !pairs.isEmpty else { return base }
        let bonus = try XapianQuery.combine(.or, pairs).scaled(by: ranking.proximityWeight)
        return try XapianQuery.combine(.andMaybe, [base, bonus])
    }

    /// The words of an unfielded word the analyzer splits (`shock-sound` → `shock`, `sound`;
    /// `e.g.` → `e`, `g`); any other node, and a run of a script without spaces, as it is.
    private func compoundParts(_ node: QueryNode) -> [QueryNode] {
        guard case .word(nil, let text) = node else { return [node] }
        let parts = analyzer.tokens(text, stemmed: false).filter { !$0.isJoined }
        guard parts.count > 1, parts.allSatisfy({ $0.word != nil }) else { return [node] }
        return parts.map { .word(field: nil, text: $0.text) }
    }

    /// True for an unfielded single word that is an English function word.
    private func isStopword(_ node: QueryNode) -> Bool {
        guard case .word(nil, let text) = node else { return false }
        let tokens = analyzer.tokens(text, stemmed: false)
        return tokens.count == 1 && Stopwords.english.contains(tokens[0].text)
    }

    /// Plans a node; nil means "no constraint" (a word with no indexable characters).
    private func planNode(_ node: QueryNode) throws -> XapianQuery? {
        if let inner = Self.strip(field: Schema.authored.name, from: node) { return try people(authoring: inner) }
        switch node {
        case .word(nil, let text):
            let plain = try words(text, field: Schema.body, phrase: false)
            guard let (field, value) = Identifier.field(of: text) else { return plain }
            return try identified(field: field, value: value, or: plain)
        case .word(let field, let text):
            return try words(text, field: try resolve(field), phrase: false)
        case .phrase(let field, let text):
            return try words(text, field: try resolve(field), phrase: true)
        case .range(let name, let low, let high):
            return try range(field: try resolve(name), low: low, high: high)
        case .not(let inner):
            guard let excluded = try planNode(inner) else { return nil }
            return try XapianQuery.combine(.andNot, [XapianQuery.matchAll(), excluded])
        case .or(let children):
            let parts = try Self.merged(children.compactMap { try planNode($0) })
            if parts.isEmpty { return nil }
            return parts.count == 1 ? parts[0] : try XapianQuery.combine(.or, parts)
        case .and(let children):
            return try combine(children, positive: .and)
        case .wildcard(let field, let prefix):
            return try wildcard(prefix, field: try resolve(field))
        case .boost(let inner, let factor):
            return try planNode(inner)?.scaled(by: factor)
        case .near(let children, let distance, let ordered):
            return try near(children, distance: distance, ordered: ordered)
        }
    }

    /// The answer to a query in which nothing is left to search for (`?`, `🚀`, `-…`: no letters
    /// or digits, no filter): no match, with the notice an empty query gets, rather than every item.
    private func noWords() throws -> XapianQuery {
        log.add(QueryNotice("the query has no words to search for"))
        return try XapianQuery.matchNothing()
    }

    /// `atten*`: every indexed term of the field that starts with the folded prefix, as the
    /// expansion looked up before planning says (one weight for all: Xapian's synonym operator),
    /// or, inside NEAR and ADJ (`inProximity`), as an OR of the terms. Nil (lenient) when the
    /// prefix has no letters or digits.
    private func wildcard(_ prefix: String, field: Schema.Field, inProximity: Bool = false) throws -> XapianQuery? {
        guard let term = wildcardTerm(prefix, field: field) else {
            try refuse("wildcard '\(prefix)*' has no letters or digits", reading: "ignored", at: prefix + "*")
            return nil
        }
        guard let terms = expansions[term] else {
            if inProximity { throw QueryPlanError(message: "wildcard '\(prefix)*' was not looked up before planning") }
            return try XapianQuery.wildcard(term)
        }
        if terms.isEmpty { return try XapianQuery.matchNothing() }
        let parts = try terms.map { term throws -> XapianQuery in try XapianQuery.term(term) }
        if parts.count == 1 { return parts[0] }
        return try XapianQuery.combine(inProximity ? .or : .synonym, parts)
    }

    /// The prefix term a wildcard expands from (`Satten`), or nil when the prefix folds to nothing.
    private func wildcardTerm(_ prefix: String, field: Schema.Field) -> String? {
        let folded: String
        switch field.style {
        case .boolean, .range: folded = prefix.lowercased()
        case .text, .people:
            folded = analyzer.tokens(prefix, stemmed: false).filter { !$0.isJoined }.map(\.text).joined()
        }
        return folded.isEmpty ? nil : field.term(folded)
    }

    /// The prefix terms of the wildcards of `node` (`Satten` for `title:atten*`), each once: what
    /// must be expanded (into `expansions`) before `node` is planned, with the wildcard as typed.
    public func wildcardPrefixes(of node: QueryNode) -> [(term: String, typed: String)] {
        var found: [(term: String, typed: String)] = []
        func visit(_ node: QueryNode) {
            switch node {
            case .wildcard(let name, let prefix):
                guard let field = Schema.field(named: name ?? Schema.body.name), field.style != .people,
                    let term = wildcardTerm(prefix, field: field), !found.contains(where: { $0.term == term })
                else { return }
                found.append((term, node.queryText))
            case .and(let children), .or(let children), .near(let children, _, _):
                children.forEach(visit)
            case .not(let child), .boost(let child, _):
                visit(child)
            case .word, .phrase, .range:
                return
            }
        }
        visit(node)
        authoredParts(of: node).forEach(visit)
        return found
    }

    /// `a NEAR/3 b` (any order) or `a ADJ/3 b` (in order): each neighbour at most `distance`
    /// words apart, as one Xapian NEAR or PHRASE window over all the words.
    private func near(_ children: [QueryNode], distance: Int, ordered: Bool) throws -> XapianQuery? {
        var parts: [XapianQuery] = []
        var quoted: [(words: [Token], field: Schema.Field)] = []
        var extra = 0
        for child in children {
            switch child {
            case .word(let name, let text), .phrase(let name, let text):
                let field = try resolve(name)
                let stemmed = field.isStemmed
                let tokens = analyzer.tokens(text, stemmed: stemmed).filter { !$0.isJoined }
                extra += max(0, tokens.count - 1)
                for token in tokens { parts.append(try XapianQuery.term(field.term(token.text))) }
                if case .phrase = child, stemmed { quoted.append((tokens, field)) }
            case .wildcard(let name, let prefix):
                let field = try resolve(name)
                if let term = wildcardTerm(prefix, field: field), expansions[term]?.isEmpty == true {
                    return try XapianQuery.matchNothing()  // a wildcard that matches no word
                }
                guard let part = try wildcard(prefix, field: field, inProximity: true) else { continue }
                parts.append(part)
            default:
                throw QueryPlanError(message: "NEAR and ADJ join words, phrases and wildcards")
            }
        }
        guard parts.count >= 2 else { return parts.first }
        let window = UInt32(distance * (children.count - 1) + 1 + extra)
        var query = try XapianQuery.combine(ordered ? .phrase : .near, parts, parameter: window)
        for (words, field) in quoted { query = try exactly(query, words: words, field: field) }
        return query
    }

    /// Children joined by `op` (AND, or OR for `--match any`). Negated children become
    /// AND_NOT of the rest, so `a -b` ranks by a alone; under OR, filters (`kind:paper`,
    /// `year:2024..`) still restrict every hit.
    private func combine(_ children: [QueryNode], positive op: XapianQuery.Operator) throws -> XapianQuery? {
        var positive: [XapianQuery] = []
        var filters: [XapianQuery] = []
        var negative: [XapianQuery] = []
        var children = children[...]
        while let first = children.first {
            // Unquoted words that spell a multi-word synonym (`large language model`) match it or its
            // group: under AND the run is replaced; under OR its group is one more alternative.
            if let (length, query) = try synonymRun(children) {
                positive.append(query)
                if op == .and {
                    children = children.dropFirst(length)
                    continue
                }
            }
            children = children.dropFirst()
            let child = first
            // The name of an identifier's kind just before it (`ISBN 978-0-262-03384-8`, `arXiv
            // 2503.11731`) labels it, as `isbn:` would: the word is not searched for.
            if Self.labels(child, next: children.first) { continue }
            if case .not(let inner) = child {
                if let excluded = try planNode(inner) { negative.append(excluded) }
            } else if let part = try planNode(child) {
                if op == .or && isFilter(child) { filters.append(part) } else { positive.append(part) }
            }
        }
        if positive.isEmpty && filters.isEmpty && negative.isEmpty { return nil }
        positive = try Self.merged(positive)
        var base =
            positive.isEmpty
            ? try XapianQuery.matchAll()
            : positive.count == 1 ? positive[0] : try XapianQuery.combine(op, positive)
        if !filters.isEmpty { base = try XapianQuery.combine(.filter, [base] + filters) }
        if negative.isEmpty { return base }
        let excluded = negative.count == 1 ? negative[0] : try XapianQuery.combine(.or, negative)
        return try XapianQuery.combine(.andNot, [base, excluded])
    }

    /// `parts` of one AND or OR with each part that occurs more than once kept once, its weight
    /// scaled by how often it occurs: the same matches and scores (AND and OR add their parts'
    /// weights), and a pasted text that repeats its words (`learning` 20 times in an abstract)
    /// costs Xapian one posting list per distinct word, not per occurrence.
    static func merged(_ parts: [XapianQuery]) throws -> [XapianQuery] {
        guard parts.count > 1 else { return parts }
        var counts: [String: Int] = [:]
        var order: [(key: String, query: XapianQuery)] = []
        for (index, part) in parts.enumerated() {
            let description = part.description
            let key = description.isEmpty ? "\u{0}\(index)" : description
            if counts[key] == nil { order.append((key, part)) }
            counts[key, default: 0] += 1
        }
        guard order.count < parts.count else { return parts }
        return try order.map { key, query in
            let count = counts[key]!
            return count == 1 ? query : try query.scaled(by: Double(count))
        }
    }

    /// The longest run (2 to 5) of unfielded words at the start of `nodes` that is a
    /// synonym-group member, with the query for the run or its group; nil when none.
    private func synonymRun(_ nodes: ArraySlice<QueryNode>) throws -> (Int, XapianQuery)? {
        guard !synonyms.isEmpty else { return nil }
        var words: [String] = []
        for node in nodes.prefix(5) {
            guard case .word(nil, let text) = node else { break }
            words.append(text)
        }
        guard words.count >= 2 else { return nil }
        for length in stride(from: words.count, through: 2, by: -1) {
            let text = words.prefix(length).joined(separator: " ")
            let others = synonyms.alternatives(for: text, analyzer: analyzer)
            guard !others.isEmpty, let main = try fieldTerms(text, field: Schema.body, phrase: true) else { continue }
            let alternatives = try others.compactMap { try fieldTerms($0, field: Schema.body, phrase: true) }
            noteSynonyms(of: text, others)
            return (length, try XapianQuery.combine(.or, [main] + alternatives))
        }
        return nil
    }

    /// A drill-down filter on `field` (a facet): its exact facet value, or the value matched as
    /// the field matches it in a query (`--filter venue:LG` finds what `venue:LG` finds).
    public func filter(field: Schema.Field, value: String) throws -> XapianQuery {
        var parts: [XapianQuery] = []
        if let term = field.facetTerm(value) { parts.append(try XapianQuery.term(term)) }
        if field.isFreeText, let words = try fieldTerms(value, field: field, phrase: true) { parts.append(words) }
        if parts.isEmpty { return try XapianQuery.matchNothing() }
        return parts.count == 1 ? parts[0] : try XapianQuery.combine(.or, parts)
    }

    /// True for parts that only select (a boolean field, a range or a label), never rank.
    private func isFilter(_ node: QueryNode) -> Bool {
        switch node {
        case .range: return true
        case .wildcard(let field, _), .word(let field, _), .phrase(let field, _):
            guard let field = field.flatMap(Schema.field(named:)) else { return false }
            return field.style == .boolean || field.style == .range || !field.ranks
        default: return false
        }
    }

    /// `node` without `field` when every word and phrase in it has that field, else nil:
    /// `authored:(mixture of experts)` is the query `mixture of experts` about authors.
    static func strip(field: String, from node: QueryNode) -> QueryNode? {
        switch node {
        case .word(let name, let text): return name == field ? .word(field: nil, text: text) : nil
        case .phrase(let name, let text): return name == field ? .phrase(field: nil, text: text) : nil
        case .range: return nil
        case .not(let child): return strip(field: field, from: child).map { .not($0) }
        case .and(let children):
            let stripped = children.compactMap { strip(field: field, from: $0) }
            return stripped.count == children.count ? .and(stripped) : nil
        case .or(let children):
            let stripped = children.compactMap { strip(field: field, from: $0) }
            return stripped.count == children.count ? .or(stripped) : nil
        case .wildcard(let name, let prefix): return name == field ? .wildcard(field: nil, prefix: prefix) : nil
        case .boost(let inner, let factor): return strip(field: field, from: inner).map { .boost($0, factor) }
        case .near(let children, let distance, let ordered):
            let stripped = children.compactMap { strip(field: field, from: $0) }
            return stripped.count == children.count
                ? .near(children: stripped, distance: distance, ordered: ordered) : nil
        }
    }

    /// `node` with the `authored:` words and phrases of each AND or OR gathered into one part
    /// (`kind:resume authored:(mixture of experts)`: people who wrote a paper matching all three
    /// words, not a paper for each word). The grammar flattens a field group into the AND or OR
    /// around it; this puts the group back, so that each `authored:(Q)` is one Q.
    public static func gatheringAuthored(_ node: QueryNode) -> QueryNode {
        let field = Schema.authored.name
        func gather(_ children: [QueryNode], _ make: ([QueryNode]) -> QueryNode) -> QueryNode {
            let children = children.map(gatheringAuthored)
            let authored = children.filter { strip(field: field, from: $0) != nil }
            guard authored.count > 1, authored.count < children.count else { return make(children) }
            return make(children.filter { strip(field: field, from: $0) == nil } + [make(authored)])
        }
        switch node {
        case .and(let children): return gather(children, QueryNode.and)
        case .or(let children): return gather(children, QueryNode.or)
        case .not(let child): return .not(gatheringAuthored(child))
        case .boost(let child, let factor): return .boost(gatheringAuthored(child), factor)
        case .word, .phrase, .range, .wildcard, .near: return node
        }
    }

    /// The inner queries of the `authored:(Q)` parts of `node`, outermost first, as the planner
    /// meets them: what must be looked up in `people` before `node` is planned.
    public func authoredParts(of node: QueryNode) -> [QueryNode] {
        if let inner = Self.strip(field: Schema.authored.name, from: node) { return [inner] + authoredParts(of: inner) }
        switch node {
        case .and(let children), .or(let children): return children.flatMap(authoredParts(of:))
        case .not(let child), .boost(let child, _): return authoredParts(of: child)
        case .word, .phrase, .range, .wildcard, .near: return []
        }
    }

    /// The papers matching `inner`, the inner query of an `authored:` part; nil when it has no words.
    public func papers(authoring inner: QueryNode) throws -> XapianQuery? {
        guard let papersQuery = try planNode(inner) else { return nil }
        return try XapianQuery.combine(
            .filter, [papersQuery, XapianQuery.term(Schema.kind.booleanTerm(Kind.paper.rawValue))])
    }

    /// Papers and resumes of the people who wrote a paper matching `inner`, from `people`.
    private func people(authoring inner: QueryNode) throws -> XapianQuery? {
        guard let keys = people[inner] else { return nil }
        guard !keys.isEmpty else { return try XapianQuery.matchNothing() }
        let terms = try keys.map { key throws -> XapianQuery in try XapianQuery.term(Schema.personTerm(key: key)) }
        // The person terms only select: every matching person scores the same.
        return try XapianQuery.combine(.or, terms).scaled(by: 0)
    }

    private func resolve(_ name: String?) throws -> Schema.Field {
        guard let name else { return Schema.body }
        guard let field = Schema.field(named: name) else {
            throw QueryPlanError(message: "unknown field '\(name)'")
        }
        return field
    }

    /// A word or phrase in a text field, or (unquoted) any of its synonyms; a quoted phrase is exact.
    private func words(_ text: String, field: Schema.Field, phrase: Bool) throws -> XapianQuery? {
        guard case .text = field.style, !phrase else {
            return try fieldTerms(text, field: field, phrase: phrase, exact: phrase)
        }
        guard let main = try fieldTerms(text, field: field, phrase: phrase) else { return nil }
        let alternatives = synonyms.alternatives(for: text, analyzer: analyzer)
        let others = try alternatives.compactMap { try fieldTerms($0, field: field, phrase: true) }
        guard !others.isEmpty else { return main }
        noteSynonyms(of: text, alternatives)
        return try XapianQuery.combine(.or, [main] + others)
    }

    /// A word or phrase in a field: one term, or a phrase when analysis yields several
    /// (`GPT-2`, `mixture-of-experts`), also matching the joined form (`gpt2`). With `exact` (a
    /// quoted word or phrase) in a stemmed field, each word must also be in the document as it is
    /// (`"organ"` does not find `organization`): the stems rank, the exact words filter.
    private func fieldTerms(_ text: String, field: Schema.Field, phrase: Bool, exact: Bool = false) throws
        -> XapianQuery?
    {
        switch field.style {
        case .people:
            return try people(authoring: phrase ? .phrase(field: nil, text: text) : .word(field: nil, text: text))
        case .range:
            // A duration alone (`date:6months`) means since then, until today.
            if RelativeDate.resolve(text)?.isDuration == true {
                return try range(field: field, low: text, high: "today")
            }
            return try range(field: field, low: text, high: text)
        case .boolean:
            if let problem = field.problem(with: text) {
                try refuse(problem, reading: "searched as text", at: "\(field.name):\(text)")
                return try fieldTerms(text, field: Schema.body, phrase: phrase, exact: exact)
            }
            return try XapianQuery.term(field.booleanTerm(Identifier.normalized(text, field: field)))
        case .text(let stemmed):
            let tokens = analyzer.tokens(text, stemmed: stemmed)
            let parts = tokens.filter { !$0.isJoined }
            let joined = tokens.filter(\.isJoined)
            guard !parts.isEmpty else { return nil }
            let matched: XapianQuery
            if parts.count == 1 {
                matched = try XapianQuery.term(field.term(parts[0].text), position: 1)
            } else {
                let terms = try parts.map { token throws -> XapianQuery in
                    try XapianQuery.term(field.term(token.text), position: UInt32(token.position + 1))
                }
                let window = UInt32((parts.last?.position ?? 0) - (parts.first?.position ?? 0) + 1)
                let sequence = try XapianQuery.combine(.phrase, terms, parameter: window)
                if !phrase, joined.count == 1, let compound = joined.first {
                    matched = try XapianQuery.combine(.or, [sequence, XapianQuery.term(field.term(compound.text))])
                } else {
                    matched = sequence
                }
            }
            guard exact, stemmed else { return matched }
            return try exactly(matched, words: parts, field: field)
        }
    }

    /// True when `node` is the unfielded word `isbn`, `doi` or `arxiv` (any case) and `next` a word
    /// that reads as that kind of identifier.
    static func labels(_ node: QueryNode, next: QueryNode?) -> Bool {
        guard case .word(nil, let label) = node, case .word(nil, let word)? = next,
            let (field, _) = Identifier.field(of: word)
        else { return false }
        return label.lowercased() == field.name
    }

    /// The weight that puts an item whose identifier is typed as a query word above every other hit.
    static let identifierWeight = 1e6

    /// A word that reads as an identifier (`2503.11731`, `10.1145/x`): the item holding it first,
    /// then what the word finds as text (`plain`).
    private func identified(field: Schema.Field, value: String, or plain: XapianQuery?) throws -> XapianQuery {
        let item = try XapianQuery.combine(
            .filter, [XapianQuery.fixedWeight(Self.identifierWeight), XapianQuery.term(field.booleanTerm(value))])
        guard let plain else { return item }
        return try XapianQuery.combine(.or, [item, plain])
    }

    /// `query` restricted to the documents holding each of `words` unstemmed in `field` (the
    /// index keeps those exact terms without positions and weight, `Schema.Field.exactTerm`).
    private func exactly(_ query: XapianQuery, words: [Token], field: Schema.Field) throws -> XapianQuery {
        var seen: Set<String> = []
        let exact = try words.compactMap(\.word).filter { seen.insert($0).inserted }.map {
            word throws -> XapianQuery in try XapianQuery.term(field.exactTerm(word))
        }
        guard !exact.isEmpty else { return query }
        let all = exact.count == 1 ? exact[0] : try XapianQuery.combine(.and, exact)
        return try XapianQuery.combine(.filter, [query, all])
    }

    /// `year:2023..2025` or `date:2024-06..2025-01` over the field's sortable value slot;
    /// either end may be open. Dates may give a year, a month or a day: a start means its
    /// first day, an end its last, so `date:2024-06..2024-06` is all of June 2024.
    /// Lenient, a bound that is no year or date makes the value text, and a start after the end
    /// is read the other way round.
    private func range(field: Schema.Field, low: String?, high: String?) throws -> XapianQuery? {
        let asText = low == high ? (low ?? "") : [low, high].compactMap { $0 }.joined(separator: "..")
        let text = "\(field.name):\(low ?? "")..\(high ?? "")"
        guard let range = field.range else {
            try refuse(
                "field '\(field.name)' has no ranges (year and date do)", reading: "searched as text",
                at: field.name + ":")
            return try words(asText, field: field.isFreeText ? field : Schema.body, phrase: false)
        }
        var invalid: String? = nil
        func bound(_ value: String?, end: Bool) -> Double? {
            guard let value, !value.isEmpty else { return nil }
            guard let number = range.sortable.bound(value, end: end) else {
                if invalid == nil { invalid = "'\(value)' in \(text) is not \(range.sortable.expected)" }
                return nil
            }
            return Double(number)
        }
        var lowValue = bound(low, end: false)
        var highValue = bound(high, end: true)
        if let invalid {
            try refuse(invalid, reading: "searched as text", at: field.name + ":")
            return try words(asText, field: Schema.body, phrase: false)
        }
        if let start = lowValue, let end = highValue, start > end {
            try refuse(
                "empty range \(text): the start is after the end",
                reading: "read as \(field.name):\(high ?? "")..\(low ?? "")", at: text)
            lowValue = bound(high, end: false)
            highValue = bound(low, end: true)
        }
        return try XapianQuery.valueRange(
            slot: range.slot, low: try lowValue.map { try XapianQuery.sortable($0) },
            high: try highValue.map { try XapianQuery.sortable($0) })
    }

    /// Strict: throws `message` as a `QueryPlanError` about the typed `fragment`. Lenient: notes it
    /// with how it was read.
    private func refuse(_ message: String, reading: String, at fragment: String) throws {
        if strict { throw QueryPlanError(message: message, fragment: fragment) }
        log.add(QueryNotice(message + ": " + reading))
    }

    /// Notes that unquoted `text` also matched its synonyms.
    private func noteSynonyms(of text: String, _ alternatives: [String]) {
        log.add(QueryNotice("'\(text)' also matches \(alternatives.joined(separator: ", ")) (synonyms.txt)"))
    }

    /// `items` without repeats, in order.
    private static func uniqued(_ items: [String]) -> [String] {
        var seen: Set<String> = []
        return items.filter { seen.insert($0).inserted }
    }
}

/// Notices gathered while planning, each once, in order; a class so that copies of a planner share it.
private final class NoticeLog {
    private(set) var notices: [QueryNotice] = []

    func add(_ notice: QueryNotice) {
        if !notices.contains(notice) { notices.append(notice) }
    }
}
