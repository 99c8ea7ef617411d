/// A word found in text: its normalised form, its position and where it came from.
public struct Token: Equatable, Sendable {
    /// The word lower-cased and with diacritics folded (stemmed when the analyzer was asked to).
    public var text: String
    /// The word's position, 0-based, for phrase search; a joined compound shares its first part's position.
    public var position: Int
    /// Where the word is in the source string, on Unicode scalar boundaries (for snippets and highlighting).
    public var range: Range<String.Index>
    /// True for the extra joined form of a hyphenated compound (`mixtureofexperts`).
    public var isJoined: Bool
    /// The word lower-cased and folded but not stemmed (`organization` where `text` is `organ`),
    /// which the index keeps for exact (quoted) search; nil for a character of a script written
    /// without spaces (Han, kana, Hangul, Thai, ...), which no rule changes.
    public var word: String?

    /// Makes a token.
    public init(
        text: String, position: Int, range: Range<String.Index>, isJoined: Bool = false, word: String? = nil
    ) {
        self.text = text
        self.position = position
        self.range = range
        self.isJoined = isJoined
        self.word = word
    }
}
