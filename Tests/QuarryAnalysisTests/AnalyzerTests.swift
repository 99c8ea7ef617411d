import QuarryTestSupport
import Testing

@testable import QuarryAnalysis

/// Renders tokens compactly for table tests: `text@position`, with `*` marking a joined compound.
private func render(_ tokens: [Token]) -> String {
    tokens.map { "\($0.text)@\($0.position)\($0.isJoined ? "*" : "")" }.joined(separator: " ")
}

private func analyze(_ text: String, stemmed: Bool = false) throws -> String {
    try render(Analyzer().tokens(text, stemmed: stemmed))
}

@Suite("Analyzer")
struct AnalyzerTests {
    static let unstemmedCases: [(String, String)] = [
        ("", ""),
        ("   \n\t ", ""),
        ("Hello, World!", "hello@0 world@1"),
        ("H100 GPUs", "h100@0 gpus@1"),
        ("speedups of 1.55x and 2.05x.", "speedups@0 of@1 1.55x@2 and@3 2.05x@4"),
        ("costs 3.35 dollars.", "costs@0 3.35@1 dollars@2"),
        ("The end.", "the@0 end@1"),
        ("1,000 papers and 1,234,567 words", "1000@0 papers@1 and@2 1234567@3 words@4"),
        ("pages 1,2 and 3", "pages@0 1@1 2@2 and@3 3@4"),
        ("version 1.2.3 of e.g. this", "version@0 1.2.3@1 of@2 e@3 g@4 this@5"),
        ("-0.5 and .5", "0.5@0 and@1 5@2"),
        ("Mixture-of-Experts", "mixture@0 of@1 experts@2 mixtureofexperts@0*"),
        ("a Mixture-of-Experts model", "a@0 mixture@1 of@2 experts@3 mixtureofexperts@1* model@4"),
        ("GPT-2", "gpt@0 2@1 gpt2@0*"),
        ("X-MoE", "x@0 moe@1 xmoe@0*"),
        ("state\u{2013}of\u{2013}the\u{2013}art", "state@0 of@1 the@2 art@3 stateoftheart@0*"),
        ("2023\u{2013}2025", "2023@0 2025@1"),
        ("input/output", "input@0 output@1"),
        ("well- known -dash trailing-", "well@0 known@1 dash@2 trailing@3"),
        ("Arm's chips", "arm@0 chips@1"),
        ("Arm\u{2019}s chips", "arm@0 chips@1"),
        ("don't stop", "dont@0 stop@1"),
        ("don\u{2019}t O'Brien", "dont@0 obrien@1"),
        ("the students' work", "the@0 students@1 work@2"),
        ("C++ and C# and F#, g++", "c++@0 and@1 c#@2 and@3 f#@4 g++@5"),
        ("C++11 a+b abc++", "c@0 11@1 a@2 b@3 abc@4"),
        ("Objective-C++", "objective@0 c++@1 objectivec++@0*"),
        ("Balázs Szegedy", "balazs@0 szegedy@1"),
        ("Straße Øresund Łukasz ÆSIR", "strasse@0 oresund@1 lukasz@2 aesir@3"),
        ("Crème brûlée naïve résumé", "creme@0 brulee@1 naive@2 resume@3"),
        ("e\u{301}te\u{301}", "ete@0"),
        ("ΣΟΦΊΑ σοφίας", "σοφια@0 σοφιασ@1"),
        ("Ёлка", "елка@0"),
        ("eﬃcient ﬁne-tuning", "efficient@0 fine@1 tuning@2 finetuning@1*"),
        ("ＡＢＣ ①", "abc@0 1@1"),
        ("effi\u{00AD}cient", "efficient@0"),
        ("深度学习 model", "深@0 度@1 学@2 习@3 model@4"),
        ("AI模型", "ai@0 模@1 型@2"),
        // Issue 10: a run of Hangul is read character by character, as Han is (was one token).
        ("한국어 텍스트", "한@0 국@1 어@2 텍@3 스@4 트@5"),
        ("email: me@x.org http://a.b/c", "email@0 me@1 x@2 org@3 http@4 a@5 b@6 c@7"),
        ("1.23$\\times$ faster", "1.23@0 times@1 faster@2"),
        ("snake_case", "snake@0 case@1"),
        ("🎉 party 👩‍💻 time", "party@0 time@1"),
        ("1\u{FE0F}\u{20E3}", "1@0"),
    ]

    @Test("tokens, folded and unstemmed", arguments: unstemmedCases)
    func unstemmed(input: String, expected: String) throws {
        #expect(try analyze(input) == expected)
    }

    static let stemmedCases: [(String, String)] = [
        ("attention", "attent@0"),
        ("experts", "expert@0"),
        ("running", "run@0"),
        ("Running Experts' attention", "run@0 expert@1 attent@2"),
        ("Mixture-of-Experts", "mixtur@0 of@1 expert@2 mixtureofexpert@0*"),
        // Issue 10: an acronym's plural meets its singular (was `h100s`).
        ("GPT-2 H100s 1.55x", "gpt@0 2@1 gpt2@0* h100@2 1.55x@3"),
        ("C++ classes", "c++@0 class@1"),
        ("Balázs", "balaz@0"),
    ]

    @Test("tokens, stemmed", arguments: stemmedCases)
    func stemmed(input: String, expected: String) throws {
        #expect(try analyze(input, stemmed: true) == expected)
    }

    static let stems: [(String, String)] = [
        ("attention", "attent"), ("experts", "expert"), ("running", "run"), ("studies", "studi"),
        // Issue 10: the plural `s` after a digit goes (was kept: `h100s`, `1990s`).
        ("h100s", "h100"), ("1990s", "1990"), ("c++", "c++"), ("", ""),
    ]

    @Test("stem() of one folded word", arguments: stems)
    func stem(word: String, expected: String) throws {
        let analyzer = try Analyzer()
        #expect(analyzer.stem(word) == expected)
        #expect(analyzer.stem(word) == expected)  // second time from the cache
    }

    @Test("an unknown language throws a clear error")
    func unknownLanguage() {
        #expect {
            _ = try Analyzer(language: "klingon")
        } throws: { error in
            guard let error = error as? AnalysisError, case .unknownLanguage(let name, let available) = error else {
                return false
            }
            return name == "klingon" && available.contains("english")
                && error.description.hasPrefix("libstemmer has no stemmer for language 'klingon' (available: ")
        }
    }

    @Test("other libstemmer languages work", arguments: ["french", "german", "russian"])
    func otherLanguages(language: String) throws {
        let analyzer = try Analyzer(language: language)
        #expect(!analyzer.tokens("Übersetzungen régulières переводы", stemmed: true).isEmpty)
    }

    static let rangeSamples = [
        "A Mixture-of-Experts (MoE) model on H100 GPUs gives 1.55x and 2.05x speedups; Arm's C++ code.",
        "Balázs Szegedy, Crème brûlée, e\u{301}te\u{301}, 深度学习 and 한국어 — don’t 1,000 times.",
        "मैं हिन्दी में लिखता हूँ। GPT-2 vs X-MoE.",
        "  leading spaces, trailing hyphen- and state\u{2013}of\u{2013}the\u{2013}art  ",
    ]

    /// Every token's range, analyzed on its own, gives the token back (joined tokens: among the results).
    @Test("ranges map back to the source text", arguments: rangeSamples)
    func rangesMapBack(text: String) throws {
        let analyzer = try Analyzer()
        let tokens = analyzer.tokens(text, stemmed: false)
        #expect(!tokens.isEmpty)
        for token in tokens {
            #expect(token.range.lowerBound >= text.startIndex && token.range.upperBound <= text.endIndex)
            let source = String(text.unicodeScalars[token.range])
            let again = analyzer.tokens(source, stemmed: false)
            if token.isJoined {
                #expect(again.contains { $0.isJoined && $0.text == token.text }, "\(source)")
            } else {
                #expect(again.first?.text == token.text, "\(source)")
            }
        }
    }

    @Test(
        "plain ranges slice the words out",
        arguments: [
            ("H100 GPUs.", ["H100", "GPUs"]), ("GPT-2", ["GPT", "2", "GPT-2"]), ("Arm's C++", ["Arm's", "C++"]),
        ])
    func rangeSlices(text: String, expected: [String]) throws {
        let tokens = try Analyzer().tokens(text, stemmed: false)
        #expect(tokens.map { String(text[$0.range]) } == expected)
    }

    @Test("positions: consecutive words increase by one, joined forms do not advance")
    func positions() throws {
        let text = "Sparse Mixture-of-Experts on GPT-2 with 深度 and 1,000 H100s, Arm's C++ kernels."
        let tokens = try Analyzer().tokens(text, stemmed: true)
        let plain = tokens.filter { !$0.isJoined }
        #expect(plain.map(\.position) == Array(0..<plain.count))
        for joined in tokens where joined.isJoined {
            #expect(plain.contains { $0.position == joined.position && joined.text.hasPrefix($0.text.prefix(1)) })
        }
    }

    @Test("Devanagari keeps its vowel signs and does not crash")
    func devanagari() throws {
        let analyzer = try Analyzer()
        let tokens = analyzer.tokens("मैं हिन्दी में लिखता हूँ।", stemmed: true)
        #expect(tokens.map(\.text) == ["मैं", "हिन्दी", "में", "लिखता", "हूँ"])
        #expect(tokens.map(\.position) == [0, 1, 2, 3, 4])
    }

    @Test("random input never crashes and keeps the invariants")
    func fuzz() throws {
        let analyzer = try Analyzer()
        var random = SplitMix64(seed: 0x5EED_CAFE)
        // Scalars that exercise the rules: connectors, marks, joiners, digits, several scripts.
        let interesting: [Unicode.Scalar] = [
            "a", "Z", "s", "0", "9", ".", ",", "-", "'", "\u{2019}", "\u{02BC}", "+", "#", " ", "\n",
            "\u{2013}", "\u{2010}", "\u{00AD}", "\u{0301}", "\u{20E3}", "\u{FE0F}", "\u{200D}", "\u{200C}",
            "é", "ß", "İ", "Σ", "ς", "ﬃ", "①", "½", "²", "深", "\u{F900}", "한", "\u{1112}", "\u{1161}",
            "क", "\u{093F}", "\u{094D}", "\u{0958}", "ก", "\u{0E31}", "🎉", "\u{1F469}", "\u{E000}",
            "\u{10FFFF}", "\u{0345}", "ǅ", "\u{0000}",
        ]
        for round in 0..<3000 {
            let text: String
            if round.isMultiple(of: 2) {
                let bytes = (0..<Int(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                text = String(decoding: bytes, as: UTF8.self)
            } else {
                var scalars = String.UnicodeScalarView()
                for _ in 0..<Int(random.next() % 48) {
                    scalars.append(interesting[Int(random.next() % UInt64(interesting.count))])
                }
                text = String(scalars)
            }
            for stemmed in [false, true] {
                let tokens = analyzer.tokens(text, stemmed: stemmed)
                var expected = 0
                for token in tokens {
                    #expect(!token.text.isEmpty)
                    #expect(token.range.lowerBound >= text.startIndex && token.range.upperBound <= text.endIndex)
                    if !token.isJoined {
                        #expect(token.position == expected)
                        expected += 1
                    }
                }
            }
        }
    }
}
