import Foundation

/// Decides what a hyphen at the end of a line is: the break of one word (`distrib-` / `uted` is
/// `distributed`) or the hyphen of a compound (`self-` / `attention` is `self-attention`).
///
/// The document's own words decide first: when it writes the joined word elsewhere (`distributed`)
/// the parts join; when it writes the compound with a hyphen inside a line (`self-attention`) the
/// hyphen stays. Otherwise a word list decides (Debian's `wamerican`, `/usr/share/dict/words`):
/// a joined form that is a word joins. Anything else keeps its hyphen, which loses nothing: the
/// analyzer indexes a hyphenated compound as its parts and as the joined word. A hyphen before
/// `and`, `or` or `nor` is a suspended one (`open-` / `and closed-source`) and is followed by a space.
public struct LineEndHyphens: Sendable {
    /// Where the words come from that decide what the document does not.
    public enum WordList: Sendable {
        /// The system's word list, `/usr/share/dict/words`, when installed (read once, when first needed).
        case system
        /// These words (lower case).
        case words(Set<String>)
        /// None: only the document decides.
        case none
    }

    /// The words the document writes whole, lower-cased (letters only).
    private let words: Set<String>
    /// The compounds the document writes with a hyphen inside a line, lower-cased (`self-attention`).
    private let compounds: Set<String>
    private let wordList: WordList

    /// Learns the vocabulary of `document` (all its text); `wordList` decides what the document does not.
    public init(document: String, wordList: WordList = .system) {
        var words: Set<String> = []
        var compounds: Set<String> = []
        for line in document.split(whereSeparator: \.isNewline) {
            let runs = line.split(whereSeparator: { !($0.isLetter || $0 == "-") })
            for (index, run) in runs.enumerated() {
                let lower = run.lowercased()
                let parts = lower.split(separator: "-", omittingEmptySubsequences: true)
                // A run ending in '-' at the end of a line is a break, not a word of the document.
                if index == runs.count - 1, lower.hasSuffix("-") { continue }
                if parts.count == 1, !lower.hasPrefix("-"), !lower.hasSuffix("-") {
                    words.insert(String(parts[0]))
                } else if parts.count > 1 {
                    compounds.insert(parts.joined(separator: "-"))
                }
            }
        }
        self.words = words
        self.compounds = compounds
        self.wordList = wordList
    }

    /// What to put between `left` (the last word of a line, without its hyphen) and `right` (the
    /// first word of the next line): "" joins them, "-" keeps the compound, "- " a suspended hyphen.
    public func glue(_ left: String, _ right: String) -> String {
        let before = left.lowercased()
        let after = right.lowercased()
        if ["and", "or", "nor"].contains(after) { return "- " }
        let joined = before + after
        if words.contains(joined) { return "" }
        if compounds.contains(before + "-" + after) { return "-" }
        switch wordList {
        case .system: if Self.systemWordList?.contains(joined) == true { return "" }
        case .words(let list): if list.contains(joined) { return "" }
        case .none: break
        }
        return "-"
    }

    /// The words a hyphen breaks at line ends in `text` (a line ending in a letter and `-`, the next
    /// starting with a lower-case letter): the word before the hyphen and the next line's first word.
    public static func breaks(in text: String) -> [(left: String, right: String)] {
        guard ByteText.contains(text, "-\n") || ByteText.contains(text, "-\r") else { return [] }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        return zip(lines, lines.dropFirst()).compactMap { line, next in
            split(line, next).map { ($0.left, $0.right) }
        }
    }

    /// `text` in which a PDF reader glued each of `breaks` into one word (poppler's reading order
    /// does: `self-` / `attention` → `selfattention`), with the hyphen put back where `glue` says
    /// the parts are a compound (`self-attention`) or a suspended hyphen (`open- and`).
    public func restoring(_ breaks: [(left: String, right: String)], in text: String) -> String {
        var text = text
        var done: Set<String> = []
        for (left, right) in breaks where done.insert(left + "\u{0}" + right).inserted {
            let glue = glue(left, right)
            guard !glue.isEmpty else { continue }
            text = Self.replacingWords(left + right, with: left + glue + right, in: text)
        }
        return text
    }

    /// `text` with each whole-word occurrence of `word` (no letter on either side) replaced.
    private static func replacingWords(_ word: String, with replacement: String, in text: String) -> String {
        var output = ""
        var rest = text[...]
        while let found = rest.range(of: word) {
            let before = found.lowerBound > rest.startIndex ? rest[rest.index(before: found.lowerBound)] : nil
            let after = found.upperBound < rest.endIndex ? rest[found.upperBound] : nil
            output += rest[..<found.lowerBound]
            output += before?.isLetter == true || after?.isLetter == true ? String(rest[found]) : replacement
            rest = rest[found.upperBound...]
        }
        return output + rest
    }

    /// Lines joined into running text: a line ending in a hyphen after a letter meets the next
    /// line's lower-case word as `glue` says; other lines join with a space.
    public func join(_ lines: [String]) -> String {
        var result = ""
        for line in lines where !line.isEmpty {
            if result.isEmpty {
                result = line
            } else if let glued = joining(result, line) {
                result = glued
            } else {
                result += " " + line
            }
        }
        return result
    }

    /// `line` and `next` as one line when `line` ends in a hyphen after a letter (trailing spaces
    /// aside) and `next` starts with a lower-case letter; nil otherwise.
    private func joining(_ line: String, _ next: String) -> String? {
        guard let (left, right, rest) = Self.split(line, next) else { return nil }
        var head = Substring(line)
        while head.last == " " || head.last == "\t" { head = head.dropLast() }
        return String(head.dropLast()) + glue(String(left), right) + right + rest
    }

    /// For a line ending in a hyphen after a letter and a next line starting with a lower-case
    /// letter: the word before the hyphen, the next line's first word and what follows it.
    private static func split(_ line: String, _ next: String) -> (left: String, right: String, rest: String)? {
        var head = Substring(line)
        while head.last == " " || head.last == "\t" { head = head.dropLast() }
        let tail = next.drop { $0 == " " || $0 == "\t" }
        guard head.hasSuffix("-"), head.dropLast().last?.isLetter == true, tail.first?.isLowercase == true else {
            return nil
        }
        let left = String(head.dropLast().reversed().prefix(while: \.isLetter).reversed())
        let right = tail.prefix(while: \.isLetter)
        return (left, String(right), String(tail.dropFirst(right.count)))
    }

    /// The system word list (`/usr/share/dict/words`), lower-cased, letters-only entries; read once.
    public static let systemWordList: Set<String>? = {
        guard let bytes = FileManager.default.contents(atPath: "/usr/share/dict/words") else { return nil }
        let words = wordList(Array(bytes))
        return words.isEmpty ? nil : words
    }()

    /// The lines of a word list (UTF-8, perhaps after a byte order mark) that are all letters,
    /// lower-cased: `generalWordList` of its text, with ASCII lines read byte by byte. Invalid
    /// UTF-8 gives none, as reading the file as a `String` fails.
    static func wordList(_ bytes: [UInt8]) -> Set<String> {
        guard String(validating: bytes, as: UTF8.self) != nil else { return [] }
        let bytes = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var words: Set<String> = []
        words.reserveCapacity(bytes.count / 8)
        bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                var end = start
                var ascii = true
                var letters = true
                var lower = true
                // Lines end at \n, \v, \f or \r; U+0085, U+2028 and U+2029 only occur in non-ASCII lines.
                while end < all.count, !(0x0A...0x0D).contains(all[end]) {
                    let byte = all[end]
                    if byte >= 0x80 { ascii = false }
                    if !ByteText.isASCIILetter(byte) { letters = false }
                    if (0x41...0x5A).contains(byte) { lower = false }
                    end += 1
                }
                if end > start {
                    let line = UnsafeBufferPointer(rebasing: all[start..<end])
                    if !ascii {
                        words.formUnion(generalWordList(String(decoding: line, as: UTF8.self)))
                    } else if letters {
                        words.insert(
                            lower
                                ? String(decoding: line, as: UTF8.self)
                                : String(decoding: line.map { $0 | 0x20 }, as: UTF8.self))
                    }
                }
                start = end + 1
            }
        }
        return words
    }

    /// The lines of `text` that are all letters, lower-cased, by Unicode's rules.
    static func generalWordList(_ text: String) -> Set<String> {
        var words: Set<String> = []
        for line in text.split(whereSeparator: \.isNewline) where line.allSatisfy(\.isLetter) {
            words.insert(line.lowercased())
        }
        return words
    }
}
