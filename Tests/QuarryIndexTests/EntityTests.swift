import QuarryModel
import Testing

@testable import QuarryIndex

/// The entity merge rules, on the records of one merge key as the catalog holds them: which
/// listings become one item (one hit, counted once in facets) and what its author list is.
@Suite struct EntityTests {
    /// Records under one key, and the items they must give: each item's paths and authors.
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var records: [(path: String, paper: Paper)]
        var items: [(paths: [String], authors: [String])]
    }

    static let title = "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection"

    @Test(arguments: [
        Case(
            description: "the same title in two files is one paper",
            records: [
                ("/c/002.txt", Paper(title: title, authors: ["Vima Gupta", "Kartik Sinha"])),
                ("/c/000.txt", Paper(title: title, authors: ["Vima Gupta"])),
            ],
            items: [(["/c/002.txt", "/c/000.txt"], ["Vima Gupta", "Kartik Sinha"])]),
        Case(
            description: "different arXiv ids never merge",
            records: [
                (
                    "/c/a.jsonl",
                    Paper(title: "Attention Is All You Need", authors: ["A. Vaswani"], arxivID: "1706.03762")
                ),
                (
                    "/c/b.jsonl",
                    Paper(title: "Attention Is All You Need", authors: ["A. Vaswani"], arxivID: "1706.99999")
                ),
            ],
            items: [(["/c/a.jsonl"], ["A. Vaswani"]), (["/c/b.jsonl"], ["A. Vaswani"])]),
        Case(
            description: "one arXiv id is one paper, whatever else a listing lacks",
            records: [
                (
                    "/c/a.jsonl",
                    Paper(title: "Attention Is All You Need", authors: ["Ashish Vaswani"], arxivID: "1706.03762")
                ),
                ("/c/b.txt", Paper(title: "Attention is all you need", authors: ["A. Vaswani"], arxivID: "1706.03762")),
            ],
            items: [(["/c/a.jsonl", "/c/b.txt"], ["Ashish Vaswani"])]),
        Case(
            description: "a short title needs an author in common",
            records: [
                ("/c/a.txt", Paper(title: "Introduction", authors: ["Tamer Ozsu"])),
                ("/c/b.txt", Paper(title: "Introduction", authors: ["Hanan Samet"])),
            ],
            items: [(["/c/a.txt"], ["Tamer Ozsu"]), (["/c/b.txt"], ["Hanan Samet"])]),
        Case(
            description: "a short title with an author in common is one paper",
            records: [
                ("/c/a.txt", Paper(title: "Introduction", authors: ["Tamer Ozsu"])),
                ("/c/b.txt", Paper(title: "Introduction", authors: ["T. Ozsu", "Hanan Samet"])),
            ],
            items: [(["/c/a.txt", "/c/b.txt"], ["Tamer Ozsu", "Hanan Samet"])]),
        Case(
            description: "initials-only spellings of one author collapse within one paper, the fuller kept",
            records: [
                ("/c/a.txt", Paper(title: title, authors: ["V. Gupta", "K. Sinha", "Ahan Gupta"])),
                ("/c/b.txt", Paper(title: title, authors: ["Vima Gupta", "Kartik Sinha"])),
            ],
            items: [(["/c/a.txt", "/c/b.txt"], ["Vima Gupta", "Kartik Sinha", "Ahan Gupta"])]),
        Case(
            description: "two entries of one bibliography are two papers",
            records: [
                ("/c/refs.bib", Paper(title: "Editor's Notes", authors: ["Ling Liu"], citationKey: "liu2002a")),
                ("/c/refs.bib", Paper(title: "Editor's Notes", authors: ["Ling Liu"], citationKey: "liu2002b")),
            ],
            items: [(["/c/refs.bib"], ["Ling Liu"]), (["/c/refs.bib"], ["Ling Liu"])]),
    ])
    func mergeRules(_ rule: Case) {
        let key = MergeKey.paper(titleKey: Normalize.titleKey(rule.records[0].paper.title))
        let stored = rule.records.enumerated().map { index, record in
            Catalog.StoredRecord(path: record.path, ordinal: index, record: .paper(record.paper))
        }
        let items = Entity.items(key: key, records: stored, roots: ["/c"])
        #expect(items.count == rule.items.count, "\(rule)")
        for (item, expected) in zip(items, rule.items) {
            #expect(item.paths == expected.paths, "\(rule)")
            #expect(item.authors == expected.authors, "\(rule)")
        }
        #expect(Set(items.map(\.id)).count == items.count, "each item has its own id")
    }

    /// A resume without a person's name is titled by its file, and a dataset's row by its category
    /// and row too: every row of a CSV dataset was `Resume (UpdatedResumeDataSet.csv)`.
    @Test(arguments: [
        (
            Resume(category: "Data Science", datasetRow: "csv:abc:962:12"), "/c/d.csv",
            "Data Science resume (d.csv, row 12)"
        ),
        (Resume(datasetRow: "csv:abc:962:7"), "/c/d.csv", "Resume (d.csv, row 7)"),
        (Resume(), "/c/cv.pdf", "Resume (cv.pdf)"),
        (Resume(person: "Mei Lin", category: "HR", datasetRow: "csv:abc:962:3"), "/c/d.csv", "Mei Lin"),
    ])
    func aResumeIsTitledByItsPersonElseItsFileAndRow(resume: Resume, path: String, title: String) {
        let key = Entity.key(for: .resume(resume), path: path, ordinal: 0)
        let items = Entity.items(
            key: key, records: [Catalog.StoredRecord(path: path, ordinal: 0, record: .resume(resume))], roots: ["/c"])
        #expect(items.map(\.title) == [title])
    }

    /// Many listings under one key (a file of one record copied, a common short title) are grouped
    /// in linear time by identifier: 200,000 copies of one arXiv record took more than 24 GB and
    /// were killed, as every pair was compared and scored.
    @Test func manyListingsUnderOneKeyAreGroupedByIdentifier() {
        let count = PaperSketch.pairwiseLimit * 20
        let stored = (0..<count).map { index in
            Catalog.StoredRecord(
                path: "/c/bomb.jsonl", ordinal: index,
                record: .paper(
                    Paper(title: "Bomb", authors: ["Mei Lin"], arxivID: index % 2 == 0 ? "2401.00077" : nil)))
        }
        let items = Entity.items(key: .paper(titleKey: "bomb"), records: stored, roots: ["/c"])
        #expect(items.count == 2)
        #expect(items.allSatisfy { $0.paths == ["/c/bomb.jsonl"] && $0.authors == ["Mei Lin"] })
    }
}
