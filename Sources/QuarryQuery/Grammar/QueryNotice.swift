/// Something the user should know about how a query was read or run: a piece of text read
/// leniently (an unclosed quote read as plain words), an unknown field, a wildcard cut to its most
/// frequent words, the function words a natural-language query ignored.
public struct QueryNotice: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// What happened and how it was read, in lower case: "unclosed quote: read as plain words".
    public var message: String
    /// The 1-based character column of the query text it is about, when it is about one place.
    public var column: Int?

    /// Makes a notice.
    public init(_ message: String, column: Int? = nil) {
        self.message = message
        self.column = column
    }

    /// The most notices a result carries: a pasted query of 3,000 quotes gave 1,500 lines.
    public static let limit = 20

    /// The first `limit` of `notices`, and one that says how many more there were.
    public static func capped(_ notices: [QueryNotice]) -> [QueryNotice] {
        guard notices.count > limit else { return notices }
        return Array(notices.prefix(limit)) + [QueryNotice("… and \(notices.count - limit) more notices")]
    }

    /// `column 7: unclosed quote: read as plain words`, or the message alone.
    public var description: String {
        guard let column else { return message }
        return "column \(column): \(message)"
    }
}

/// Query text read into a tree, with notices about how it was read.
public struct ReadQuery: Sendable, Equatable {
    /// The tree; nil when the text holds nothing to search for (empty, or only punctuation).
    public var node: QueryNode?
    /// How the text was read where it was not plain query syntax, in the order met.
    public var notices: [QueryNotice]

    /// Makes a reading.
    public init(node: QueryNode?, notices: [QueryNotice] = []) {
        self.node = node
        self.notices = notices
    }
}
