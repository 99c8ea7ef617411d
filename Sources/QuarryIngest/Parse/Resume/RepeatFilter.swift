/// Drops text that a bad PDF extraction repeated, keeping its first occurrence, so repeated
/// words cannot dominate ranking.
///
/// Each piece of text (a line, bullet or table cell), in document order, is cut into sentences
/// and each sentence into word 4-grams; a 4-gram counts as seen when it occurred before, in text
/// already kept or earlier in the same sentence. Then:
/// 1. a run of 8 or more words whose 4-grams were all seen is cut out of the sentence
///    ("… score of 53% on test data for BigBird paper's reported score of 53% on test data …");
/// 2. what remains of a sentence of four words or more is dropped when at least 70 % of its
///    4-grams were seen (a shuffled copy of earlier text).
/// Only kept text adds its 4-grams to what has been seen, so a garbled copy that is dropped
/// never hides a later clean one. Sentences under four words are always kept, but the remnant
/// of a sentence cut by rule 1 must keep four words.
///
/// A clean document repeats about 1–3 % of its 4-grams (a title in two sections); the filter is
/// meant for damaged ones (the corpus resume 003 repeats 60 %), see `isDamaged`.
struct RepeatFilter {
    static let gramSize = 4
    static let shortestRepeat = 8
    static let dropShare = 0.7
    /// The share of repeated 4-grams above which a document counts as damaged.
    static let damagedShare = 0.1

    /// Whether the texts repeat enough of their 4-grams to need filtering.
    static func isDamaged(_ texts: [String]) -> Bool {
        var total = 0
        // Each distinct key is numbered; a 4-gram is its four numbers.
        var numbers: [String: Int32] = [:]
        var distinct: Set<SIMD4<Int32>> = []
        for text in texts {
            let keys = self.keys(of: text)
            guard keys.count >= gramSize else { continue }
            let ids = keys.map { key in
                if let id = numbers[key] { return id }
                let id = Int32(numbers.count)
                numbers[key] = id
                return id
            }
            for start in 0...(ids.count - gramSize) {
                distinct.insert(SIMD4(ids[start], ids[start + 1], ids[start + 2], ids[start + 3]))
                total += 1
            }
        }
        return total > 0 && Double(total - distinct.count) >= damagedShare * Double(total)
    }

    /// The keys of the words of `text` split at white space, as `wordKeys` makes them.
    static func keys(of text: String) -> [String] {
        asciiKeys(of: text) ?? wordKeys(ByteText.whitespaceTokens(of: text)).map(\.key)
    }

    /// `keys(of:)` byte by byte for ASCII text (its white space is tab to carriage return and the
    /// space; its letters and digits are A–Z, a–z and 0–9); nil for any other text.
    static func asciiKeys(of text: String) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var keys: [String] = []
            var key: [UInt8] = []
            for byte in bytes {
                switch byte {
                case 0x80...: return nil
                case 0x09...0x0D, 0x20:
                    if !key.isEmpty {
                        keys.append(String(decoding: key, as: UTF8.self))
                        key.removeAll(keepingCapacity: true)
                    }
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.append(byte)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 0x20)
                default: continue
                }
            }
            if !key.isEmpty { keys.append(String(decoding: key, as: UTF8.self)) }
            return keys
        }
    }

    /// The tokens holding letters or digits, with their index and a lower-case key without punctuation.
    static func wordKeys(_ tokens: [Substring]) -> [(token: Int, key: String)] {
        tokens.indices.compactMap { index in
            let key = asciiKey(of: tokens[index]) ?? tokens[index].lowercased().filter { $0.isLetter || $0.isNumber }
            return key.isEmpty ? nil : (index, key)
        }
    }

    /// The key of an ASCII token byte by byte (its letters and digits, lower-cased), or nil for another token.
    static func asciiKey(of token: Substring) -> String? {
        var key: [UInt8] = []
        for byte in token.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): key.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): key.append(byte + 0x20)
            default: continue
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// Abbreviations whose trailing dot does not end a sentence.
    static let abbreviations: Set<String> = [
        "dr", "mr", "mrs", "ms", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "no", "vol",
        "al", "fig", "eq", "inc", "ltd", "co", "approx", "resp", "cf",
    ]

    private var seen: Set<String> = []

    /// The part of `text` worth keeping, or nil when all of it was seen before.
    mutating func filter(_ text: String) -> String? {
        let tokens = ByteText.whitespaceTokens(of: text)
        var kept: [Substring] = []
        for sentence in RepeatFilter.sentences(tokens) {
            kept += keptTokens(of: sentence)
        }
        return kept.isEmpty ? nil : kept.joined(separator: " ")
    }

    /// The tokens of one sentence that survive both rules.
    private mutating func keptTokens(of sentence: ArraySlice<Substring>) -> [Substring] {
        let tokens = Array(sentence)
        let words = RepeatFilter.wordKeys(tokens)
        let size = RepeatFilter.gramSize
        guard words.count >= size else { return tokens }

        var grams: [String] = []
        var wasSeen: [Bool] = []
        var local: Set<String> = []
        for start in 0...(words.count - size) {
            let gram = words[start..<(start + size)].map(\.key).joined(separator: " ")
            wasSeen.append(seen.contains(gram) || local.contains(gram))
            local.insert(gram)
            grams.append(gram)
        }

        // Rule 1: cut runs of seen 4-grams covering `shortestRepeat` words or more.
        var removedWord = [Bool](repeating: false, count: words.count)
        var start = 0
        while start < wasSeen.count {
            guard wasSeen[start] else {
                start += 1
                continue
            }
            var end = start
            while end + 1 < wasSeen.count && wasSeen[end + 1] { end += 1 }
            if end - start + size >= RepeatFilter.shortestRepeat {
                for word in start...(end + size - 1) { removedWord[word] = true }
            }
            start = end + 1
        }

        // Rule 2: drop the rest when most of its 4-grams were seen anyway.
        let remaining = grams.indices.filter { gram in !(gram..<(gram + size)).contains { removedWord[$0] } }
        let remainingSeen = remaining.filter { wasSeen[$0] }.count
        if !remaining.isEmpty && Double(remainingSeen) >= RepeatFilter.dropShare * Double(remaining.count) {
            return []
        }
        seen.formUnion(grams)

        guard removedWord.contains(true) else { return tokens }
        guard removedWord.filter({ !$0 }).count >= size else { return [] }
        var removedToken = [Bool](repeating: false, count: tokens.count)
        var index = 0
        while index < words.count {
            guard removedWord[index] else {
                index += 1
                continue
            }
            var last = index
            while last + 1 < words.count && removedWord[last + 1] { last += 1 }
            for token in words[index].token...words[last].token { removedToken[token] = true }
            index = last + 1
        }
        return tokens.indices.filter { !removedToken[$0] }.map { tokens[$0] }
    }

    /// Tokens grouped into sentences: a token ending in `.`, `!` or `?` ends one, unless it is an
    /// abbreviation ("Dr.") or an initial ("V.").
    static func sentences(_ tokens: [Substring]) -> [ArraySlice<Substring>] {
        var result: [ArraySlice<Substring>] = []
        var start = 0
        for (index, token) in tokens.enumerated() {
            guard let last = token.last, ".!?".contains(last) else { continue }
            let stem = token.dropLast().lowercased().filter { $0 != "(" }
            let isInitial = stem.count == 1 && stem.first?.isLetter == true
            if last == "." && (isInitial || abbreviations.contains(stem)) { continue }
            result.append(tokens[start...index])
            start = index + 1
        }
        if start < tokens.count { result.append(tokens[start...]) }
        return result
    }
}
