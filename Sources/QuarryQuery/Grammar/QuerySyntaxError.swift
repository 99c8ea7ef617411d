import Foundation

/// A query that cannot be parsed, with the 1-based character column where the problem is.
public struct QuerySyntaxError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// What is wrong, in lower case: "unclosed quote", "missing ')'", "unknown field 'foo' (fields: ...)".
    public var message: String
    /// The 1-based column, counted in characters, that the message is about.
    public var column: Int

    /// Makes an error.
    public init(message: String, column: Int) {
        self.message = message
        self.column = column
    }

    /// `column 7: unclosed quote`.
    public var description: String { "column \(column): \(message)" }

    /// The same text as `description`, for `LocalizedError`.
    public var errorDescription: String? { description }
}
