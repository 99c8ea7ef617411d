import QuarryModel
import Testing

@testable import QuarryIngest

/// One expected paper of a profile seed.
struct ExpectedProfilePaper: Sendable, CustomStringConvertible {
    let seed: String
    let index: Int
    let title: String
    let venue: String
    let year: Int?
    let month: Int
    let day: Int

    var description: String { "\(seed)#\(index) \(title)" }
}

@Suite("Profile pages")
struct ProfileParserTests {
    static let expected: [ExpectedProfilePaper] = [
        .init(
            seed: "002", index: 0, title: "VTC: DNN Compilation with Virtual Tensors for Data Movement Elimination",
            venue: "cs.DC", year: nil, month: 2, day: 11),
        .init(
            seed: "002", index: 1,
            title:
                "Understanding the Countably Infinite: Neural Network Models of the Successor Function and its Acquisition",
            venue: "cs.LG", year: 2023, month: 11, day: 26),
        .init(
            seed: "002", index: 2,
            title: "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection",
            venue: "cs.LG", year: 2024, month: 11, day: 13),
        .init(
            seed: "002", index: 3, title: "CHAI: CacHe Attention Inference for text2video",
            venue: "cs.CV", year: nil, month: 2, day: 18),
        .init(
            seed: "004", index: 0, title: "VTC: DNN Compilation with Virtual Tensors for Data Movement Elimination",
            venue: "cs.DC", year: nil, month: 2, day: 11),
        .init(
            seed: "004", index: 1,
            title: "SPLAT: A framework for optimised GPU code-generation for SParse reguLar ATtention",
            venue: "cs.PL", year: 2024, month: 7, day: 23),
        .init(
            seed: "004", index: 2, title: "FLuRKA: Fast and accurate unified Low-Rank & Kernel Attention",
            venue: "cs.LG", year: 2023, month: 6, day: 27),
        .init(
            seed: "004", index: 3,
            title: "MegaFold: System-Level Optimizations for Accelerating Protein Structure Prediction Models",
            venue: "q-bio.BM", year: 2025, month: 6, day: 24),
        .init(
            seed: "004", index: 4,
            title: "X-MoE: Enabling Scalable Training for Emerging Mixture-of-Experts Architectures on HPC Platforms",
            venue: "cs.LG", year: 2025, month: 8, day: 18),
        .init(
            seed: "004", index: 5,
            title: "AutoSP: Unlocking Long-Context LLM Training Via Compiler-Based Sequence Parallelism",
            venue: "cs.LG", year: nil, month: 4, day: 29),
    ]

    @Test(arguments: [("002", 4, "Vima Gupta"), ("004", 6, "Ahan Gupta")])
    func seedHasOnePaperPerEntry(seed: String, count: Int, owner: String) throws {
        let parsed = try Corpus.parse(seed)
        #expect(parsed.format == "profile")
        #expect(parsed.records.count == count)
        let papers = parsed.papers
        #expect(papers.count == count)
        for paper in papers {
            // The owner is on every paper exactly once; "et al." is never a name.
            #expect(paper.authors.filter { $0 == owner }.count == 1, "\(paper.title)")
            #expect(!paper.authors.contains { $0.lowercased().contains("et al") }, "\(paper.title)")
            #expect(!paper.abstract.isEmpty)
            #expect(!paper.abstract.contains("$") && !paper.abstract.contains("\\"))
        }
    }

    @Test(arguments: expected)
    func paperFields(_ expected: ExpectedProfilePaper) throws {
        let papers = try Corpus.parse(expected.seed).papers
        try #require(papers.count > expected.index)
        let paper = papers[expected.index]
        #expect(paper.title == expected.title)
        #expect(paper.venue?.code == expected.venue)
        #expect(paper.date == PartialDate(year: expected.year, month: expected.month, day: expected.day))
    }

    @Test func vtcAuthorsInVimaGuptasProfile() throws {
        let vtc = try #require(try Corpus.parse("002").papers.first)
        #expect(vtc.authors == ["Muyan Hu", "Ahan Gupta", "Jiachen Yuan", "Vima Gupta"])
        #expect(vtc.authorsTruncated)
        #expect(vtc.venue == Venue(code: "cs.DC", name: "Distributed, Parallel, and Cluster Computing"))
    }

    @Test func countablyInfiniteListsAllAuthors() throws {
        let paper = try Corpus.parse("002").papers[1]
        #expect(paper.authors == ["Vima Gupta", "Sashank Varma"])
        #expect(!paper.authorsTruncated)
    }

    @Test func texIsReducedToWords() throws {
        let papers = try Corpus.parse("004").papers
        let flurka = try #require(papers.first { $0.title.hasPrefix("FLuRKA") })
        #expect(!flurka.abstract.contains("$"))
        #expect(!flurka.abstract.contains("\\textit"))
        #expect(flurka.abstract.contains("Many efficient approximate self-attention techniques"))
        #expect(flurka.abstract.contains("FLuRKA (Fast Low-Rank & Kernel Attention)"))
        let megaFold = try #require(papers.first { $0.title.hasPrefix("MegaFold") })
        #expect(megaFold.abstract.contains("by up to 1.23× and"))
        #expect(!megaFold.title.hasSuffix("Code"))
    }

    @Test(
        arguments: [
            ("DCFeb 11", "DC", nil, 2, 11, nil, false),
            ("LGNov 26, 2023", "LG", 2023, 11, 26, nil, false),
            ("BMJun 24, 2025Code", "BM", 2025, 6, 24, nil, true),
            ("69.4LGApr 29", "LG", nil, 4, 29, 69.4, false),
            ("CVSept 3, 2021", "CV", 2021, 9, 3, nil, false),
        ] as [(String, String, Int?, Int, Int, Double?, Bool)])
    func entryHeaders(line: String, code: String, year: Int?, month: Int, day: Int, score: Double?, hasCode: Bool)
        throws
    {
        let header = try #require(EntryHeader(line))
        #expect(header.code == code)
        #expect(header.date == PartialDate(year: year, month: month, day: day))
        #expect(header.score == score)
        #expect(header.hasCode == hasCode)
    }

    @Test(arguments: [
        "LG", "Feb 11", "Novelty67%", "h-index12", "LGXyz 11", "LGNov 26, 2023 and more", "LGNov 32",
        "Hello World", "VTC: DNN Compilation", "LGNov 26, 23", "",
    ])
    func notEntryHeaders(line: String) {
        #expect(EntryHeader(line) == nil)
    }

    @Test func unknownCodeKeepsTheCodeAsVenue() {
        let text = """
            Ada Lovelace
            h-index9
            ZZMar 3, 2020
            A Paper With an Odd Category
            Ada Lovelace, Charles Babbage
            An abstract.
            """
        let parsed = FileParser().parse(text: text, path: "/x/profile.txt")
        #expect(parsed.format == "profile")
        let paper = parsed.papers.first
        #expect(paper?.venue == Venue(code: "ZZ", name: "ZZ"))
        #expect(paper?.authors == ["Ada Lovelace", "Charles Babbage"])
        #expect(paper?.abstract == "An abstract.")
    }

    @Test(arguments: [
        ("$\\textit{approximate}$ methods", "approximate methods"),
        ("up to 1.23$\\times$ faster", "up to 1.23× faster"),
        ("($\\textbf{F}$ast $\\textbf{L}$ow-$\\textbf{R}$ank)", "(Fast Low-Rank)"),
        ("Kernel$ \\textbf{A}$ttention", "Kernel Attention"),
        ("costs \\$3 and 5\\%", "costs $3 and 5%"),
        ("no markup {here}", "no markup {here}"),
    ])
    func texReduction(input: String, output: String) {
        #expect(TeX.reduce(input) == output)
    }
}
