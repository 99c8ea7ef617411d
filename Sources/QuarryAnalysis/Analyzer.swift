import CStemmer

/// Tokenizes, folds and stems. Not thread-safe: one per thread (owns a libstemmer handle, freed in deinit).
///
/// The indexer and the query planner must both use this class, with the same `stemmed` choice
/// per field, so that a query term always meets the indexed term.
public final class Analyzer {
    /// The libstemmer algorithm name this analyzer stems with.
    public let language: String

    /// The version of the analysis rules (tokenizing, folding, compounds, stemming): bump it when
    /// they change what terms a text gives, so indexes written before ask to be rebuilt.
    public static let rulesVersion = 2

    /// What an index must have been written with to be searched with this analyzer
    /// (`english, rules 1`); kept in the index's metadata.
    public var settings: String { "\(language), rules \(Self.rulesVersion)" }

    private let stemmer: OpaquePointer
    private var stemCache: [String: String] = [:]
    private var tokenizer = Tokenizer()

    /// Entries kept in the stem cache before it is emptied and refilled.
    private static let stemCacheLimit = 50_000
    /// Words longer than this (in UTF-8 bytes) are stemmed but not cached.
    private static let cacheableWordBytes = 48

    /// Makes an analyzer; throws `AnalysisError.unknownLanguage` if libstemmer lacks the language.
    public init(language: String = "english") throws(AnalysisError) {
        guard let stemmer = sb_stemmer_new(language, "UTF_8") else {
            throw .unknownLanguage(language, available: Analyzer.availableLanguages)
        }
        self.language = language
        self.stemmer = stemmer
        stemCache.reserveCapacity(4096)
    }

    deinit {
        sb_stemmer_delete(stemmer)
    }

    /// The stemming languages libstemmer offers, in its order.
    public static var availableLanguages: [String] {
        var names: [String] = []
        guard let list = sb_stemmer_list() else { return names }
        var index = 0
        while let name = list[index] {
            names.append(String(cString: name))
            index += 1
        }
        return names
    }

    /// The words of `text`, lower-cased and folded, stemmed when `stemmed` is true; see `Tokenizer`
    /// for the rules. Stemmed tokens keep their unstemmed form in `word` (nil for the characters of
    /// scripts written without spaces).
    public func tokens(_ text: String, stemmed: Bool) -> [Token] {
        var found = tokenizer.tokenize(text)
        guard stemmed else { return found.map(\.token) }
        var result: [Token] = []
        result.reserveCapacity(found.count)
        for index in found.indices {
            if found[index].token.word != nil {
                found[index].token.text = stem(found[index].token.text, stemmable: found[index].stemmable)
            }
            result.append(found[index].token)
        }
        return result
    }

    /// The stem of one word that is already lower-cased and folded; words with digits, `+` or `#`
    /// come back unchanged but for a plural `s` after a digit (`a100s` → `a100`).
    public func stem(_ word: String) -> String {
        for scalar in word.unicodeScalars where scalar == "+" || scalar == "#" || scalar.properties.numericType != nil {
            return stem(word, stemmable: false)
        }
        return stem(word, stemmable: true)
    }

    /// The stem of a folded word, or the word itself when it is not `stemmable`; the plural of an
    /// acronym (`llms`, `gpus`, `a100s`) stems as its singular (`AcronymPlural`).
    private func stem(_ word: String, stemmable: Bool) -> String {
        guard stemmable else { return AcronymPlural.singular(of: word) ?? word }
        return cachedStem(word)
    }

    /// Stems through the bounded cache (emptied when full: cheap, and hot words come straight back).
    private func cachedStem(_ word: String) -> String {
        if let hit = stemCache[word] { return hit }
        let result = rawStem(AcronymPlural.singular(of: word) ?? word)
        if word.utf8.count <= Self.cacheableWordBytes {
            if stemCache.count >= Self.stemCacheLimit { stemCache.removeAll(keepingCapacity: true) }
            stemCache[word] = result
        }
        return result
    }

    /// Calls libstemmer; returns the word itself if it is empty or libstemmer fails (out of memory).
    private func rawStem(_ word: String) -> String {
        var word = word
        return word.withUTF8 { bytes -> String in
            guard let base = bytes.baseAddress, !bytes.isEmpty, bytes.count <= Int(Int32.max),
                let output = sb_stemmer_stem(stemmer, base, Int32(bytes.count))
            else { return String(decoding: bytes, as: UTF8.self) }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: output, count: max(0, length)), as: UTF8.self)
        }
    }
}
