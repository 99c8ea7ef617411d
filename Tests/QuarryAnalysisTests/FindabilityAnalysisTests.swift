import Testing

@testable import QuarryAnalysis

/// The words issue 10 found the analyzer could not see, each kind a table.
@Suite("Analysis: acronym plurals, scripts without spaces, exact words, line-end hyphens")
struct FindabilityAnalysisTests {
    /// The stems of `text`'s tokens that are not joined forms.
    func stems(_ text: String) throws -> [String] {
        try Analyzer().tokens(text, stemmed: true).filter { !$0.isJoined }.map(\.text)
    }

    /// An acronym's plural stems as its singular, whatever the case (Snowball keeps these `s`).
    @Test(arguments: [
        ("LLMs", "LLM"), ("llms", "llm"), ("GPUs", "GPU"), ("gpus", "gpu"), ("CNNs", "CNN"), ("TPUs", "TPU"),
        ("A100s", "A100"), ("H100s", "H100"), ("FPGAs", "FPGA"), ("SSMs", "SSM"), ("VMs", "VM"), ("RNNs", "RNN"),
        ("MLPs", "MLP"), ("NPUs", "NPU"), ("1990s", "1990"), ("MP3s", "MP3"), ("GANs", "GAN"), ("VAEs", "VAE"),
        ("URLs", "URL"), ("APIs", "API"), ("IDs", "ID"), ("skis", "ski"), ("spas", "spa"), ("pros", "pro"),
    ])
    func acronymPluralMeetsItsSingular(plural: String, singular: String) throws {
        #expect(try stems(plural) == stems(singular), "\(plural)")
    }

    /// Words that only look like acronym plurals keep their own stems (and meet no other word).
    @Test(arguments: [
        ("bus", "bus"), ("gas", "gas"), ("class", "class"), ("corpus", "corpus"), ("status", "status"),
        ("virus", "virus"), ("analysis", "analysi"), ("ss", "ss"), ("s", "s"), ("0s", "0s"), ("x86", "x86"),
        ("plus", "plu"), ("chess", "chess"), ("gps", "gp"),
    ])
    func otherWordsKeepTheirStems(word: String, stem: String) throws {
        #expect(try stems(word) == [stem])
    }

    /// In scripts written without spaces every character is a word, so a word is found inside any run.
    @Test(arguments: [
        ("全文検索エンジンの形態素解析", "エンジン"), ("全文検索エンジンの形態素解析", "全文検索エンジン"),
        ("전문 검색 엔진의 형태소 분석을 설명합니다", "엔진"), ("전문 검색 엔진의 형태소 분석을 설명합니다", "분석"),
        ("ひらがなのテキストです", "テキスト"), ("การค้นหาข้อความภาษาไทย", "ข้อความ"), ("深度学习模型", "学习"),
        ("ｴﾝｼﾞﾝの性能", "エンジン"), ("BERTモデルの学習", "モデル"), ("ພາສາລາວ", "ລາວ"),
    ])
    func aWordIsFoundInsideARun(text: String, word: String) throws {
        let run = try stems(text)
        let query = try stems(word)
        #expect(query.count >= 2 || word.count == 1)
        let found = run.indices.contains { start in
            start + query.count <= run.count && Array(run[start..<(start + query.count)]) == query
        }
        #expect(found, "\(word) in \(text): \(run) vs \(query)")
    }

    /// Half-width katakana and decomposed Hangul fold to the forms people type.
    @Test(arguments: [("ｴﾝｼﾞﾝ", "エ ン ジ ン"), ("\u{1112}\u{1161}\u{11AB}", "한"), ("ガ", "ガ")])
    func charactersFold(text: String, expected: String) throws {
        #expect(try stems(text).joined(separator: " ") == expected)
    }

    /// Stemmed tokens keep the word as written (folded) for exact search; characters of scripts
    /// without spaces have none.
    @Test(arguments: [
        ("Organizations", "organ", "organizations"), ("LLMs", "llm", "llms"), ("Running", "run", "running"),
        ("A100s", "a100", "a100s"), ("Balázs", "balaz", "balazs"),
    ])
    func tokensKeepTheirWord(text: String, stem: String, word: String) throws {
        let token = try #require(try Analyzer().tokens(text, stemmed: true).first)
        #expect(token.text == stem && token.word == word)
    }

    @Test func unsegmentedCharactersHaveNoWord() throws {
        #expect(try Analyzer().tokens("検索", stemmed: true).allSatisfy { $0.word == nil })
    }

    /// A hyphen after a letter at a line end, with a lower-case letter on the next line, joins a
    /// compound: the parts and the joined word are indexed, so either reading is found.
    @Test(arguments: [
        ("is distrib-\nuted across", "is@0 distrib@1 uted@2 distributed@1* across@3"),
        ("our self-\n  attention", "our@0 self@1 attention@2 selfattention@1*"),
        ("multi-\r\nhead", "multi@0 head@1 multihead@0*"),
        ("tail- \nend", "tail@0 end@1 tailend@0*"),
        ("Item -\nnext", "item@0 next@1"),
        ("ends-\nNew", "ends@0 new@1"),
        ("ends-\n\nnext", "ends@0 next@1"),
        ("2024-\nfoo", "2024@0 foo@1"),
    ])
    func lineEndHyphens(text: String, expected: String) throws {
        let tokens = try Analyzer().tokens(text, stemmed: false)
        #expect(tokens.map { "\($0.text)@\($0.position)\($0.isJoined ? "*" : "")" }.joined(separator: " ") == expected)
    }
}
