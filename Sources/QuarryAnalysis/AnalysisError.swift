import Foundation

/// Why an analyzer could not be made.
public enum AnalysisError: Error, Equatable, Sendable, LocalizedError, CustomStringConvertible {
    /// libstemmer has no stemmer for the language; `available` lists the ones it has.
    case unknownLanguage(String, available: [String])

    /// A lower-case message naming the language and the available ones.
    public var description: String {
        switch self {
        case .unknownLanguage(let language, let available):
            return
                "libstemmer has no stemmer for language '\(language)' (available: \(available.joined(separator: ", ")))"
        }
    }

    /// The same text as `description`, for `LocalizedError`.
    public var errorDescription: String? { description }
}
