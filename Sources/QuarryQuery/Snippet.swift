import QuarryAnalysis
import QuarryModel

/// A short passage of a hit with the query's words marked.
public struct Snippet: Sendable, Equatable {
    /// The passage, plain.
    public var text: String
    /// Where the query's words are in `text`.
    public var highlights: [Range<String.Index>]
    /// The page the passage is on (1-based), for PDFs.
    public var page: Int? = nil
    /// Where the passage is in a resume ("Work Experience").
    public var context: String? = nil

    /// The highlights as (start, length) in Unicode code points, for JSON.
    public var highlightOffsets: [[Int]] {
        highlights.map { range in
            let start = text.unicodeScalars.distance(from: text.startIndex, to: range.lowerBound)
            let length = text.unicodeScalars.distance(from: range.lowerBound, to: range.upperBound)
            return [start, length]
        }
    }
}

/// Picks the passage of a text that holds most of the query's words.
///
/// The text is cut into sentences (and lines); each is scored by how many distinct
/// query terms it holds, then by how many matches; the best one (with the next when it
/// is short) is trimmed to about `maxLength` characters around its first match. Only the
/// sentences that `TermScreen` lets through are analyzed: the others hold no query term.
struct SnippetMaker {
    let analyzer: Analyzer
    /// Stemmed query terms to look for.
    let terms: Set<String>
    var maxLength = 240
    /// Screen sentences before analyzing them (false: analyze every one; the same snippets, slower).
    var screened = true
    private let screen: TermScreen

    init(analyzer: Analyzer, terms: Set<String>) {
        self.analyzer = analyzer
        self.terms = terms
        screen = TermScreen(terms: terms)
    }

    /// The stemmed words of a query's positive, free-text parts (unfielded, `title:`, `body:`),
    /// to highlight in snippets.
    static func highlightTerms(of node: QueryNode, analyzer: Analyzer) -> Set<String> {
        switch node {
        case .word(let field, let text), .phrase(let field, let text):
            guard field == nil || field == Schema.title.name || field == Schema.body.name else { return [] }
            return Set(analyzer.tokens(text, stemmed: true).map(\.text))
        case .and(let children), .or(let children), .near(let children, _, _):
            return children.reduce(into: Set<String>()) { $0.formUnion(highlightTerms(of: $1, analyzer: analyzer)) }
        case .boost(let inner, _):
            return highlightTerms(of: inner, analyzer: analyzer)
        case .not, .range, .wildcard:
            return []
        }
    }

    /// The best passage of a hit: a resume's matching bullet with its section, else from its
    /// text, or from its PDF pages when they match better.
    func snippet(of item: IndexedItem) -> Snippet {
        if let resume = item.resume, !terms.isEmpty {
            var bestEntry: (section: String, text: String, score: (Int, Int))? = nil
            for section in resume.sections {
                let choice = best(in: section.bullets + section.lines)
                if choice.score > (bestEntry?.score ?? (0, 0)) {
                    bestEntry = (section.title, choice.segments[choice.index], choice.score)
                }
            }
            if let bestEntry {
                var snippet = snippet(segments: [bestEntry.text], best: 0)
                snippet.context = bestEntry.section.isEmpty ? nil : Self.heading(bestEntry.section)
                return snippet
            }
        }
        let main = best(in: Self.segments(of: item.text))
        var pageChoice: (page: Int, segments: [String], index: Int, score: (Int, Int))? = nil
        for (number, page) in item.pages.enumerated() {
            let segments = Self.segments(of: page)
            let choice = best(in: segments)
            if choice.score > (pageChoice?.score ?? (0, 0)) {
                pageChoice = (number + 1, segments, choice.index, choice.score)
            }
        }
        if let pageChoice, pageChoice.score > main.score || main.segments.isEmpty {
            var snippet = snippet(segments: pageChoice.segments, best: pageChoice.index)
            snippet.page = pageChoice.page
            return snippet
        }
        if main.segments.isEmpty, let first = item.pages.first {
            var snippet = snippet(segments: Self.segments(of: first), best: 0)
            snippet.page = 1
            return snippet
        }
        return snippet(segments: main.segments, best: main.index)
    }

    /// The passage of a plain text.
    func snippet(of text: String) -> Snippet {
        let choice = best(in: Self.segments(of: text))
        return snippet(segments: choice.segments, best: choice.index)
    }

    /// The segment holding most distinct query terms, then most matches.
    private func best(in segments: [String]) -> (segments: [String], index: Int, score: (Int, Int)) {
        var best = 0
        var bestScore = (0, 0)
        for (index, segment) in segments.enumerated() where !screened || screen.mayHold(segment) {
            let matched = analyzer.tokens(segment, stemmed: true).filter { terms.contains($0.text) }
            let score = (Set(matched.map(\.text)).count, matched.count)
            if score > bestScore {
                best = index
                bestScore = score
            }
        }
        return (segments, best, bestScore)
    }

    private func snippet(segments: [String], best: Int) -> Snippet {
        guard !segments.isEmpty else { return Snippet(text: "", highlights: []) }
        var passage = segments[best]
        if passage.count < maxLength / 2, best + 1 < segments.count {
            passage += " " + segments[best + 1]
        }
        passage = trim(passage)
        let highlights = analyzer.tokens(passage, stemmed: true).filter { terms.contains($0.text) }.map(\.range)
        return Snippet(text: passage, highlights: highlights)
    }

    /// Cuts the passage to `maxLength` characters, keeping the first match in view.
    private func trim(_ passage: String) -> String {
        guard passage.count > maxLength else { return passage }
        let first = analyzer.tokens(passage, stemmed: true).first { terms.contains($0.text) }
        let matchOffset = first.map { passage.distance(from: passage.startIndex, to: $0.range.lowerBound) } ?? 0
        let startOffset = max(0, min(matchOffset - maxLength / 4, passage.count - maxLength))
        let start = passage.index(passage.startIndex, offsetBy: startOffset)
        let end = passage.index(start, offsetBy: maxLength)
        var cut = String(passage[start..<end])
        // End and start on word boundaries.
        if end < passage.endIndex, let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        if startOffset > 0, let space = cut.firstIndex(of: " ") { cut = String(cut[cut.index(after: space)...]) }
        return (startOffset > 0 ? "…" : "") + cut + (end < passage.endIndex ? "…" : "")
    }

    /// A section heading as a reader wants it: "WORK EXPERIENCE" → "Work Experience".
    static func heading(_ title: String) -> String {
        guard title == title.uppercased() else { return title }
        return title.lowercased().split(separator: " ").map { word in
            ["and", "of", "in", "for"].contains(word) ? String(word) : word.prefix(1).uppercased() + word.dropFirst()
        }.joined(separator: " ")
    }

    /// Sentences and lines of a text, trimmed, non-empty: a line is cut after `.`, `?` or `!`
    /// followed by a space and an upper-case letter or a digit. Scans UTF-8 bytes once (fast on
    /// long texts): no grapheme breaking, no Foundation.
    static func segments(of text: String) -> [String] {
        var segments: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var index = 0
            func cut(_ end: Int) {
                var from = start
                var to = end
                while from < to, isSpace(bytes[from]) { from += 1 }
                while to > from, isSpace(bytes[to - 1]) { to -= 1 }
                if to > from {
                    segments.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self))
                }
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C {
                    cut(index)
                    start = index + 1
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "!"),
                    index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: " "),
                    Self.startsSentence(bytes[index + 2])
                {
                    cut(index + 1)
                    start = index + 2
                    index += 2
                    continue
                }
                index += 1
            }
            cut(bytes.count)
        }
        return segments
    }

    /// Spaces and tabs (what a segment is trimmed of; line breaks cut segments).
    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// True for an ASCII upper-case letter or digit.
    private static func startsSentence(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

/// A cheap test that a sentence may hold a stemmed term: false only when analyzing it would find
/// none of `terms`, so the snippet maker analyzes (tokenizes and stems) far fewer sentences.
///
/// What it relies on: a token of ASCII text is ASCII, lower-cased, and starts with the letters
/// its source starts with, less the apostrophes, hyphens and commas the tokenizer drops inside a
/// word (`o'neill` → `oneill`, `e-mail` → `email`, `1,000` → `1000`); the English stemmer keeps a
/// word's first two letters, and the first three when the stem has four or more, but for a `y`
/// it turns into `i` (`dying` → `die`, `using` → `use` and `skies` → `sky` have three). Checked
/// with Snowball's English stemmer on 2 million words (a dictionary, the synthetic corpus and
/// their inflections). So a sentence holding a term has a word starting with the term's first
/// two bytes, or three for a term of four bytes or more (a `y` where the term has an `i`), those
/// marks left out; a one-byte term, its byte. Text with any non-ASCII byte (folded, marks,
/// other scripts) is always analyzed.
struct TermScreen {
    /// The bytes of one-byte terms.
    private var singles = [Bool](repeating: false, count: 256)
    /// The first two bytes of two- and three-byte terms, as `first << 8 | second`: a bit each.
    private var shortPairs = [UInt64](repeating: 0, count: 1024)
    /// The first two bytes of longer terms, a bit each, and their first three.
    private var longPairs = [UInt64](repeating: 0, count: 1024)
    private var longTriples: Set<UInt32> = []

    init(terms: Set<String>) {
        for term in terms {
            let bytes = Array(term.utf8)
            switch bytes.count {
            case 0: continue
            case 1: singles[Int(bytes[0])] = true
            case 2, 3:
                for second in Self.sources(of: bytes[1]) { Self.insert(bytes[0], second, into: &shortPairs) }
            default:
                for second in Self.sources(of: bytes[1]) {
                    Self.insert(bytes[0], second, into: &longPairs)
                    for third in Self.sources(of: bytes[2]) {
                        longTriples.insert(UInt32(bytes[0]) << 16 | UInt32(second) << 8 | UInt32(third))
                    }
                }
            }
        }
    }

    /// The bytes a stem's byte may come from: itself, and `y` for an `i`.
    private static func sources(of byte: UInt8) -> [UInt8] {
        byte == UInt8(ascii: "i") ? [byte, UInt8(ascii: "y")] : [byte]
    }

    private static func insert(_ first: UInt8, _ second: UInt8, into bits: inout [UInt64]) {
        let pair = Int(first) << 8 | Int(second)
        bits[pair >> 6] |= 1 << UInt64(pair & 63)
    }

    private static func holds(_ bits: [UInt64], _ first: UInt8, _ second: UInt8) -> Bool {
        let pair = Int(first) << 8 | Int(second)
        return bits[pair >> 6] & (1 << UInt64(pair & 63)) != 0
    }

    /// False when `text` cannot hold any of the terms; true when it may. Tokens start where a letter
    /// or digit follows what is neither, so only the first bytes of such runs are compared.
    func mayHold(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            // The token byte after `index`: past the marks the tokenizer drops inside a word.
            func next(after index: Int) -> Int? {
                var next = index + 1
                while next < bytes.count, Self.isDropped(bytes[next]) { next += 1 }
                return next < bytes.count ? next : nil
            }
            var inWord = false
            for index in bytes.indices {
                let byte = bytes[index]
                if byte >= 0x80 { return true }
                let isWordByte = Self.isAlphanumeric(byte)
                defer { inWord = isWordByte }
                guard isWordByte, !inWord else { continue }
                let first = Self.lowered(byte)
                if singles[Int(first)] { return true }
                guard let at = next(after: index) else { continue }
                if bytes[at] >= 0x80 { return true }
                let second = Self.lowered(bytes[at])
                if Self.holds(shortPairs, first, second) { return true }
                guard Self.holds(longPairs, first, second), let last = next(after: at) else { continue }
                if bytes[last] >= 0x80 { return true }
                let triple = UInt32(first) << 16 | UInt32(second) << 8 | UInt32(Self.lowered(bytes[last]))
                if longTriples.contains(triple) { return true }
            }
            return false
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func lowered(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
    }

    /// An apostrophe, a hyphen or a comma: dropped inside a word (`o'neill`, `e-mail`, `1,000`).
    private static func isDropped(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "'") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",")
    }
}
