import Foundation
import QuarryQuery
import Testing

/// Known-item search (issue 10): a pasted title finds its paper first, beside papers whose longer
/// titles hold the same words and whose abstracts repeat them (which BM25 alone ranks higher); a
/// misspelt word is searched as its correction too, with a notice, and the word as typed still
/// counts.
@Suite struct KnownItemTests {
    /// Papers in one arXiv JSON Lines file: short titles inside longer ones, and abstracts that
    /// favour the longer titles under BM25.
    static let shared = Result { () throws -> TextIndex in
        let papers: [(id: String, title: String, abstract: String)] = [
            ("2501.00001", "Sparse Attention Kernels", "We measure memory traffic on accelerators."),
            (
                "2501.00002", "Sparse Attention Kernels for Long Context Transformers",
                "Sparse attention kernels make sparse attention fast; our sparse attention kernels beat dense ones."
            ),
            (
                "2501.00003", "Fast Sparse Attention Kernels",
                "Sparse attention kernels, sparse attention kernels and more sparse attention."
            ),
            ("2501.00004", "Graph Neural Networks", "A survey of message passing."),
            (
                "2501.00005", "Scalable Graph Neural Networks for Molecules",
                "Graph neural networks on molecules: graph neural networks scale, graph networks learn."
            ),
            (
                "2501.00006", "Graph Neural Networks: A Review of Graph Neural Network Methods",
                "Graph neural networks reviewed; neural networks on graphs."
            ),
            (
                "2501.00007", "Learning Object Focused Attention",
                "Objects guide where a vision transformer looks."
            ),
            (
                "2501.00008", "Object Focused Attention Learning for Video Transformers",
                "Attention focused on objects: object focused attention learning, learning attention, attention."
            ),
            (
                "2501.00009", "Transformer Models of Protein Folding",
                "A transformer model predicts protein structure; transformer layers fold proteins."
            ),
            ("2501.00010", "Retrieval Augmented Generation in Practice", "Retrieval for generation with transformers."),
            ("2501.00011", "Task-Conditioned Mixtures of Experts", "Experts conditioned on the task at hand."),
            (
                "2501.00012", "Scalable Task-Conditioned Mixtures of Experts for Pre-Training",
                "Task-conditioned mixtures of experts: mixtures of experts conditioned on tasks, experts for pre-training."
            ),
        ]
        let lines = papers.map { paper in
            let record: [String: String] = [
                "id": paper.id, "title": paper.title, "abstract": paper.abstract, "authors": "A. Author",
                "categories": "cs.LG", "update_date": "2025-01-15",
            ]
            let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        return try TextIndex(["papers.jsonl": lines.joined(separator: "\n") + "\n"])
    }
    var index: TextIndex { get throws { try Self.shared.get() } }

    /// The first hit's arXiv id.
    func first(_ query: String) throws -> String? {
        try index.search(query).hits.first?.item.arxivID
    }

    /// A pasted title (as it is, in other case, with punctuation, or with one word left out) finds
    /// its paper first, also when longer titles hold all its words.
    @Test(arguments: [
        ("Sparse Attention Kernels", "2501.00001"),
        ("sparse attention kernels.", "2501.00001"),
        ("Fast Sparse Attention Kernels", "2501.00003"),
        ("Sparse Attention Kernels for Long Context Transformers", "2501.00002"),
        ("Sparse Attention Kernels for Long Transformers", "2501.00002"),
        ("Graph Neural Networks", "2501.00004"),
        ("Graph Neural Networks: A Review of Graph Neural Network Methods", "2501.00006"),
        ("Scalable Graph Neural Networks Molecules", "2501.00005"),
        ("Learning Object Focused Attention", "2501.00007"),
        ("Object Focused Attention Learning for Video Transformers", "2501.00008"),
        ("Transformer Models of Protein Folding", "2501.00009"),
        ("Task-Conditioned Mixtures of Experts", "2501.00011"),
        ("Task Conditioned Mixtures of Experts", "2501.00011"),
    ])
    func aPastedTitleFindsItsPaperFirst(query: String, id: String) throws {
        #expect(try first(query) == id)
    }

    /// Without the title rule BM25 puts the longer titles first: the cases above can fail.
    @Test func theLongerTitlesWinOnWordsAlone() throws {
        let result = try index.search("sparse attention kernels kind:paper")
        #expect(result.hits.first?.item.arxivID != "2501.00001")
        #expect(result.total == 3)
    }

    /// The title rule re-ranks only: the total and the facets are those of the words as typed.
    @Test(arguments: ["Sparse Attention Kernels", "Graph Neural Networks", "Learning Object Focused Attention"])
    func theTitleRuleKeepsTheMatchSet(query: String) throws {
        let ranked = try index.search(query)
        let byDate = try index.search(query) { $0.sort = .newest }
        #expect(ranked.total == byDate.total)
        #expect(ranked.facets.map(\.counts) == byDate.facets.map(\.counts))
    }

    /// A misspelt word (two letters swapped, one left out; a part of a compound) is searched as its
    /// correction too: the right paper first, a notice naming both words, the correction as the
    /// suggestion.
    @Test(arguments: [
        ("Sparse Atetntion Kernels", "2501.00001", "Atetntion", "attention"),
        ("Learning Obejct Focused Attention", "2501.00007", "Obejct", "object"),
        ("Transformer Models of Protein Fodling", "2501.00009", "Fodling", "folding"),
        ("protien folding", "2501.00009", "protien", "protein"),
        ("Retrieval Augmented Genration in Practice", "2501.00010", "Genration", "generation"),
        ("Graph Neural Netwroks", "2501.00004", "Netwroks", "networks"),
        ("retrieval augmented generation wiht transformers", "2501.00010", "wiht", "with"),
        ("Task-Codnitioned Mixtures of Experts", "2501.00011", "Task-Codnitioned", "Task-conditioned"),
        (
            "Scalable Task-Conditioned Mixtures of Experts for rPe-Training", "2501.00012", "rPe-Training",
            "pre-Training"
        ),
    ])
    func aMisspeltWordIsSearchedAsItsCorrection(query: String, id: String, typed: String, corrected: String) throws {
        let result = try index.search(query)
        #expect(result.hits.first?.item.arxivID == id)
        #expect(result.notices.map(\.message).contains("searched '\(corrected)' for '\(typed)'"))
        #expect(result.suggestion?.contains(corrected) == true)
        #expect(!result.relaxed)
    }

    /// A quoted word is that word: searched only as typed, never corrected.
    @Test(arguments: ["\"protien\"", "\"Atetntion\"", "title:protien", "title:Atetntion"])
    func quotedAndFieldedWordsAreNotCorrected(query: String) throws {
        let result = try index.search(query)
        #expect(!result.notices.contains { $0.message.hasPrefix("searched ") })
        #expect(result.hits.isEmpty)
    }

    /// Words the index knows are never corrected, however close to another word.
    @Test(arguments: ["sparse attention", "graph networks", "protein folding", "object focused"])
    func knownWordsAreNotCorrected(query: String) throws {
        let result = try index.search(query)
        #expect(!result.notices.contains { $0.message.hasPrefix("searched ") })
        #expect(result.suggestion == nil)
    }
}
