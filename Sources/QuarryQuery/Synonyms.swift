import QuarryAnalysis

/// Groups of words and phrases that mean the same (`moe = mixture of experts`), read from a
/// user-editable file and applied at query time: a query word in a group also matches the others.
public struct Synonyms: Sendable, Equatable {
    /// Normalised phrase (its stems joined by spaces) → the other members of its group, as typed.
    private var alternatives: [String: [String]] = [:]

    /// No synonyms.
    public init() {}

    /// Parses the file format: one group per line, members separated by `=` or `,`;
    /// `#` starts a comment. Lines with fewer than two members are ignored.
    public init(text: String, analyzer: Analyzer) {
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let members = content.split(whereSeparator: { $0 == "=" || $0 == "," })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard members.count >= 2 else { continue }
            for member in members {
                let key = Self.key(member, analyzer: analyzer)
                guard !key.isEmpty else { continue }
                let others = members.filter { Self.key($0, analyzer: analyzer) != key }
                alternatives[key, default: []].append(
                    contentsOf: others.filter { !alternatives[key, default: []].contains($0) })
            }
        }
    }

    /// The other members of the group of `text`, or none.
    public func alternatives(for text: String, analyzer: Analyzer) -> [String] {
        alternatives[Self.key(text, analyzer: analyzer)] ?? []
    }

    /// True when there are no groups.
    public var isEmpty: Bool { alternatives.isEmpty }

    /// The stems of `text`'s words, so that inflections (`large language models`) and acronym
    /// plurals (`llms`) find the group of the form written in the file.
    private static func key(_ text: String, analyzer: Analyzer) -> String {
        analyzer.tokens(text, stemmed: true).filter { !$0.isJoined }.map(\.text).joined(separator: " ")
    }

    /// The file `quarry index` writes into a new index, for users to edit.
    public static let defaultFile = """
        # Quarry synonyms: one group per line; members separated by '=' or ','.
        # A query word or phrase in a group also matches the other members.
        # Edit freely; it is read at every search.
        moe = mixture of experts = mixture-of-experts
        llm = large language model, large language models
        nlp = natural language processing
        ml = machine learning
        dnn = deep neural network
        gpu = graphics processing unit
        rl = reinforcement learning
        ir = information retrieval
        kv cache = key-value cache
        """
}
