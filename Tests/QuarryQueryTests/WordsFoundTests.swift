import Foundation
import QuarryQuery
import Testing

/// Every word findable (issue 10 §1), end to end over real indexes: acronym plurals meet their
/// singular, words inside runs of scripts without spaces, a quoted word is that word, words
/// broken at line ends.
@Suite struct WordsFoundTests {
    static let shared = Result { () throws -> TextIndex in
        try TextIndex([
            "a.txt": "Serving LLMs on shared GPUs with FPGAs nearby.",
            "b.txt": "One LLM on one GPU and eight H100s; a CNN is not used.",
            "c.txt": "CNNs on TPUs and an A100 for the 1990s.",
            "organ.txt": "The organ plays.", "organization.txt": "The organization meets.",
            "organs.txt": "Organs and tissues.", "universe.txt": "The universe expands.",
            "university.txt": "The university opens.", "model.txt": "One model of running water.",
            "models.txt": "Several models; the runner runs.",
            "ja.txt": "全文検索エンジンの形態素解析について説明します。", "ko.txt": "전문 검색 엔진의 형태소 분석을 설명합니다.",
            "zh.txt": "深度学习模型的训练方法", "th.txt": "การค้นหาข้อความภาษาไทย", "kana.txt": "ひらがなとカタカナのテキスト",
            "wrapped.txt":
                "The scheme is distrib-\nuted across nodes and uses self-\nattention with multi-\nhead blocks.",
        ])
    }
    var index: TextIndex { get throws { try Self.shared.get() } }

    /// Case 21's kind: the plural and the singular find the same files, in any case.
    @Test(arguments: [
        ("LLM", ["a.txt", "b.txt"]), ("LLMs", ["a.txt", "b.txt"]), ("llms", ["a.txt", "b.txt"]),
        ("GPU", ["a.txt", "b.txt"]), ("gpus", ["a.txt", "b.txt"]), ("CNN", ["b.txt", "c.txt"]),
        ("CNNs", ["b.txt", "c.txt"]), ("TPU", ["c.txt"]), ("FPGA", ["a.txt"]), ("H100", ["b.txt"]),
        ("A100s", ["c.txt"]), ("1990", ["c.txt"]),
    ])
    func acronymPlurals(query: String, files: [String]) throws {
        #expect(try index.files(query) == files)
    }

    /// Case 15's kind: a quoted word is that word; unquoted words stay stemmed.
    @Test(arguments: [
        ("\"organ\"", ["organ.txt"]), ("\"organization\"", ["organization.txt"]), ("\"organs\"", ["organs.txt"]),
        ("organ", ["organ.txt", "organization.txt", "organs.txt"]), ("\"universe\"", ["universe.txt"]),
        ("\"university\"", ["university.txt"]), ("universe", ["universe.txt", "university.txt"]),
        ("\"model\"", ["model.txt"]), ("\"models\"", ["models.txt"]), ("model", ["model.txt", "models.txt"]),
        ("\"running water\"", ["model.txt"]), ("\"runs\"", ["models.txt"]), ("\"LLMs\"", ["a.txt"]),
        ("\"LLM\"", ["b.txt"]), ("\"organ plays\"", ["organ.txt"]), ("title:\"organ\"", ["organ.txt"]),
        ("\"organ\" OR \"universe\"", ["organ.txt", "universe.txt"]), ("\"one model\" NEAR/3 water", ["model.txt"]),
    ])
    func quotedWords(query: String, files: [String]) throws {
        #expect(try index.files(query) == files)
    }

    /// Case 13's kind: a word inside a run of Japanese, Korean, Chinese or Thai.
    @Test(arguments: [
        ("エンジン", ["ja.txt"]), ("全文検索エンジン", ["ja.txt"]), ("形態素解析", ["ja.txt"]), ("엔진", ["ko.txt"]),
        ("분석", ["ko.txt"]), ("형태소", ["ko.txt"]), ("学习", ["zh.txt"]), ("训练方法", ["zh.txt"]),
        ("ข้อความ", ["th.txt"]), ("カタカナ", ["kana.txt"]), ("テキスト", ["kana.txt"]), ("\"エンジン\"", ["ja.txt"]),
        ("ｴﾝｼﾞﾝ", ["ja.txt"]),
    ])
    func wordsInsideRuns(query: String, files: [String]) throws {
        #expect(try index.files(query) == files)
    }

    /// Case 08's kind in a text file: each part and the joined word find it.
    @Test(arguments: ["distributed", "attention", "self-attention", "\"self attention\"", "head", "multi-head"])
    func wordsBrokenAtLineEnds(query: String) throws {
        #expect(try index.files(query) == ["wrapped.txt"])
    }
}
