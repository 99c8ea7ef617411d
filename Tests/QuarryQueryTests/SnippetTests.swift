import QuarryAnalysis
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryQuery

/// Snippets: the passage holding the query's words, with them marked. The snippet maker screens
/// sentences (`TermScreen`) before it analyzes them; screened or not, every snippet is the same.
@Suite struct SnippetTests {
    /// The snippet of `text` for the words of `query`, screened and not, and its marked words.
    static func snippets(_ text: String, query: String) throws -> (screened: Snippet, plain: Snippet, marked: [String])
    {
        let analyzer = try Analyzer()
        let terms = Set(analyzer.tokens(query, stemmed: true).map(\.text))
        var maker = SnippetMaker(analyzer: analyzer, terms: terms)
        let screened = maker.snippet(of: text)
        maker.screened = false
        let plain = maker.snippet(of: text)
        return (screened, plain, screened.highlights.map { String(screened.text[$0]) })
    }

    @Test(arguments: [
        // A match at the start, at the end, in the second sentence only (a short passage takes the
        // sentence after it too).
        (
            "Attention is what we study. More follows.", "attention", "Attention is what we study. More follows.",
            ["Attention"]
        ),
        ("We study sparse models. They rely on attention", "attention", "They rely on attention", ["attention"]),
        ("Nothing here. Graphs appear in this one.", "graph", "Graphs appear in this one.", ["Graphs"]),
        // Inflections and the stemmer's exceptions (`dying` → `die`).
        ("No stars. The star was dying.", "die", "The star was dying.", ["dying"]),
        ("Truth is right. Lying is wrong.", "lies", "Lying is wrong.", ["Lying"]),
        ("Nothing. Using it helps.", "use", "Using it helps.", ["Using"]),
        ("Blue. Happily the skies cleared.", "happily sky", "Happily the skies cleared.", ["Happily", "skies"]),
        // What the tokenizer drops inside a word: apostrophes, hyphens, thousands commas.
        ("Someone else read it. Then O'Neill wrote it.", "oneill", "Then O'Neill wrote it.", ["O'Neill"]),
        ("Letters are rare. We send e-mail daily.", "email", "We send e-mail daily.", ["e-mail"]),
        ("No nodes here. It has 1,000 nodes in all.", "1000", "It has 1,000 nodes in all.", ["1,000"]),
        ("Old code. Written in C++ mostly.", "c++", "Written in C++ mostly.", ["C++"]),
        // Upper case, diacritics and scripts without spaces.
        ("Some text. GRAPH NEURAL NETWORKS WORK.", "neural", "GRAPH NEURAL NETWORKS WORK.", ["NEURAL"]),
        ("Plain words. Die naïve Methode hilft.", "naive", "Die naïve Methode hilft.", ["naïve"]),
        ("序文です。エンジンの設計", "エンジン", "序文です。エンジンの設計", ["エ", "ン", "ジ", "ン"]),
        // The words of a phrase, and a compound that holds them.
        (
            "Dense models. Mixture-of-Experts layers route tokens.", "\"mixture of experts\"",
            "Mixture-of-Experts layers route tokens.", ["Mixture", "of", "Experts"]
        ),
        // No match: the first sentence, nothing marked.
        ("Nothing relevant here. Nor here.", "quantum", "Nothing relevant here. Nor here.", []),
        ("", "quantum", "", []),
    ])
    func snippetHoldsTheQueryWords(text: String, query: String, passage: String, marked: [String]) throws {
        let (screened, plain, found) = try Self.snippets(text, query: query)
        #expect(screened == plain)
        #expect(screened.text == passage)
        #expect(found == marked)
    }

    /// Generated texts of tricky words (apostrophes, hyphens, digits, capitals, accents, the
    /// stemmer's exceptions) and queries of their words: the screen never changes a snippet.
    @Test func screeningNeverChangesASnippet() throws {
        let words = [
            "dying", "die", "Lying", "lie", "tying", "ties", "skies", "sky", "O'Neill", "oneill", "don't", "e-mail",
            "email", "GPT-2", "gpt2", "1,000", "1000", "3.35", "C++", "c#", "naïve", "Naive", "résumé", "resume",
            "LLMs", "llm", "GPUs", "early", "only", "gently", "news", "attention", "Attentive", "x", "a", "I",
            "mixture-of-experts", "Mixture", "experts", "'tis", "rock'n'roll", "U.S.", "e.g.", "Ünïcode", "graph",
            "graphs", "yes", "Yelling", "cry", "cries", "idly", "ugly", "singly",
            "using", "use", "Used", "happily", "happy", "studies", "study", "bayed", "buyers", "relational",
            "relate", "generously", "rationalization", "skiing", "dyed", "eyeing",
        ]
        let ends = [" ", " ", ", ", ". ", "! ", "? ", " - ", "\n"]
        var random = SplitMix64(seed: 20_261_130)
        for _ in 0..<300 {
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &random) {
                text += words.randomElement(using: &random)! + ends.randomElement(using: &random)!
            }
            let query = (0..<Int.random(in: 1...3, using: &random)).map { _ in words.randomElement(using: &random)! }
                .joined(separator: " ")
            let (screened, plain, _) = try Self.snippets(text, query: query)
            #expect(screened == plain, "query \(query) text \(text)")
        }
    }
}
