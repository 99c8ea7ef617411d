import Foundation
import QuarryTestSupport
import Testing

/// Several hundred queries as people paste them into a search box — code fragments, error
/// messages, titles, questions, unbalanced quotes and brackets, stray operators, every script —
/// run through `quarry search --json` on a real index: none is refused, none is an internal
/// error, and what was not plain syntax is said in the notices.
@Suite(.serialized) struct PastedQueriesTests {
    /// Queries written by hand, one per line.
    static let written: [String] = """
        php date() nedelands
        19" rack
        *** stop: 0x0000001E (...)
        windows update werkt niet (windows se
        error: cannot find 'foo' in scope
        Segmentation fault (core dumped)
        TypeError: 'NoneType' object is not subscriptable
        fatal error: 'xapian.h' file not found
        Exception in thread "main" java.lang.NullPointerException
        undefined reference to `main'
        ModuleNotFoundError: No module named 'torch'
        RuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB
        git push --force-with-lease origin main
        SELECT * FROM papers WHERE year > 2020;
        for (int i = 0; i < n; i++) { sum += a[i]; }
        def f(x): return x**2
        std::vector<int> v{1, 2, 3};
        printf("%d\\n", x);
        x = [1, 2, 3][::-1]
        a && b || !c
        if (x) { y(); } else { z(); }
        #include <stdio.h>
        $HOME/.config/quarry
        C:\\Users\\me\\Documents\\paper.pdf
        https://arxiv.org/abs/2503.11731v2
        arXiv:2503.11731v2
        doi:10.1145/3341301.3359630
        ISBN 978-0-262-03384-8
        mailto:someone@example.org
        user@example.com
        @inproceedings{gupta2024lynx,
        title={Lynx: Enabling Efficient MoE Inference},
        Attention Is All You Need
        Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection
        GOAL: Global-local Object Alignment
        "Mixture-of-Experts
        mixture of experts"
        "unbalanced "quotes" here
        ((sparse attention)
        sparse attention))
        (((((
        )))))
        ()
        ( )
        [sparse] {attention} <moe>
        AND
        OR OR OR
        NOT NOT
        a AND AND b
        sparse OR
        OR sparse
        NEAR
        moe NEAR
        NEAR/ moe
        ADJ/0 x
        moe ADJ/999 lynx
        moe^
        ^moe
        moe^^2
        moe^-3
        moe^1e9
        -
        --
        - - -
        -moe -lynx
        moe -
        *
        **
        *moe
        m*
        mo**e
        title:
        title: attention
        author:"
        year:
        year:..
        year:abc
        year:2025..2023
        date:yesterday
        date:2024-13-45
        kind:poem
        kind:
        venue:
        auther:gupta
        titel:lynx
        abstract:attention
        nutrition: requirements
        What is the effect of AND gates on circuit noise?
        WHAT ARE THE PROPERTIES OF OR AND NOT GATES
        HOW DO I USE NEAR AND ADJ
        what methods -dash exact or approximate -dash are available for predicting body pressures .
        papers on internal /slip flow/ heat transfer studies .
        (the ?slip? effect) .
        calibrations appear to be,. - (a) significantly different
        is it possible to relate the available pressure distributions for an ogive forebody?
        the crystalline lens in vertebrates, including humans.
        e.g. group theory.
        i.e. the blasius problem with three-point boundary conditions
        LLMs vs. GPUs: who wins?
        GPT-4o, Claude 3.5 & Gemini 1.5 Pro
        C++17/20 coroutines
        C# .NET 8
        F# and OCaml
        Node.js + TypeScript
        ~/.bashrc
        50% off!!!
        $100 USD
        £50 €20 ¥1000
        3.14159
        1e-9
        -1
        -1 python
        +1
        ++
        ==
        !=
        ->
        =>
        ::
        ...
        ???
        !!!
        '
        ''
        ``
        `code`
        ' OR 1=1 --
        <script>alert(1)</script>
        %20%22moe%22
        \\"escaped\\"
        tab\there
        new
        line
        café résumé naïve
        Müller–Lyer illusion
        Ærøskøbing
        Dvořák
        Łódź
        İstanbul
        ﬁne-tuning
        全文検索エンジン
        形態素解析について
        エンジンの性能
        ｴﾝｼﾞﾝ
        深度学习模型
        機械学習とは？
        전문 검색 엔진
        형태소 분석을 설명합니다.
        การค้นหาข้อความ
        ภาษาไทย
        Поиск документов
        ΣΟΦΙΑ
        البحث عن المستندات
        חיפוש מסמכים
        दस्तावेज़ खोज
        নথি অনুসন্ধান
        ஆவணத் தேடல்
        ค้นหา "ข้อความ
        emoji 🎉 search 👩‍💻
        🎉
        ¯\\_(ツ)_/¯
        (╯°□°）╯︵ ┻━┻
        Ω ≈ ∑ ∫ √
        x² + y² = z²
        α-helix β-sheet
        H₂O and CO₂
        ½ ¼ ¾
        ①②③
        """.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)

    /// More of the same kind: each written query with a stray quote, bracket or operator added.
    static let variants: [String] = written.enumerated().map { index, query in
        switch index % 6 {
        case 0: return "\"" + query
        case 1: return query + " ("
        case 2: return ") " + query
        case 3: return query + " OR"
        case 4: return "AND " + query + " -"
        default: return query + "^"
        }
    }

    static let all = written + variants

    static let shared = Result { () throws -> TestCorpus in
        let corpus = try TestCorpus()
        let index = try QuarryBinary.run(["index", "Corpus"], in: corpus.root)
        guard index.status == 0 else { throw CocoaError(.fileReadUnknown) }
        return corpus
    }

    @Test func thereAreSeveralHundred() {
        #expect(Self.all.count >= 300, "\(Self.all.count)")
    }

    /// What a pasted query holds beside its words changes nothing it finds.
    @Test(arguments: [
        ("\"Mixture-of-Experts", "Mixture-of-Experts"), ("((sparse attention)", "sparse attention"),
        ("sparse attention))", "sparse attention"), ("sparse attention OR", "sparse attention"),
        ("AND lynx -", "lynx"), ("*lynx", "lynx"), ("lynx^", "lynx"),
        ("\"expert selection\" (", "\"expert selection\""),
        ("Lynx: Enabling Efficient MoE Inference", "lynx enabling efficient moe inference"),
        ("mixture of experts\"", "mixture of experts"), ("title: lynx", "lynx"),
    ])
    func pastedTextFindsWhatItsWordsFind(pasted: String, words: String) throws {
        let root = try Self.shared.get().root
        let total = { (query: String) throws -> Int? in
            try QuarryBinary.run(["search", "--json", "--", query], in: root).json()["total"] as? Int
        }
        let found = try total(words)
        #expect(found != nil && found! > 0)
        #expect(try total(pasted) == found, "\(pasted)")
    }

    @Test(arguments: all)
    func noneIsRefused(query: String) throws {
        let output = try QuarryBinary.run(
            ["search", "--json", "--limit", "3", "--", query], in: try Self.shared.get().root)
        #expect(output.status == 0, "\(query): \(output.stderr)")
        #expect(output.stderr.isEmpty, "\(query): \(output.stderr)")
        let json = try output.json()
        #expect(json["total"] is Int && json["notices"] is [String], "\(query)")
    }
}
