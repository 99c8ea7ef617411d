import Foundation
import QuarryTestSupport
import Testing

/// An index document's data is the item's stored form: what a hit shows, without the full texts
/// (a PDF's pages, a resume's sections), which the catalog holds. Snippets, `show` and a
/// re-index read the whole item as before.
@Suite struct StoredFormTests {
    /// A two-page paper whose second page alone has `pageWord`, a resume, and a JSON Lines paper.
    static func fill(_ folder: URL, pageWord: String) throws {
        let paper = MinimalPDF(
            pages: [
                [
                    .init(text: "Facet Counting for Ranked Search", size: 20), .init(text: "Mia Abe, Olu Berg"),
                    .init(text: "Abstract", size: 12),
                    .init(text: "We study postings and facet counting for ranked search."),
                    .init(text: "1 Introduction", size: 12), .init(text: "Inverted indexes [1] and BM25 [2]."),
                ],
                [.init(text: "Appendix", size: 12), .init(text: "The \(pageWord) case is left open.")],
            ], info: ["Title": "Facet Counting for Ranked Search", "Author": "Mia Abe"])
        _ = try paper.write(to: folder, name: "paper.pdf")
        let resume = MinimalPDF(pages: [
            [
                .init(text: "Person Number", size: 18), .init(text: "person@example.com"),
                .init(text: "Experience", size: 14), .init(text: "Engineer at Company, 2019 - 2024"),
                .init(text: "Built search for reviewers with Xapian"), .init(text: "Skills", size: 14),
                .init(text: "Xapian, Linux, Testing"), .init(text: "Education", size: 14),
                .init(text: "BSc Computer Science, University, 2018"),
            ]
        ])
        _ = try resume.write(to: folder, name: "resume.pdf")
        try """
        {"id": "2501.00001", "title": "Sparse Retrieval at Scale", "authors": "Ada Lovelace", \
        "abstract": "We index postings for sparse retrieval.", "categories": "cs.IR"}

        """.write(to: folder.appendingPathComponent("papers.jsonl"), atomically: true, encoding: .utf8)
    }

    static func quarry(_ arguments: [String], in directory: URL) throws -> QuarryBinary.Output {
        let output = try QuarryBinary.run(arguments, in: directory)
        #expect(output.status == 0, "quarry \(arguments.joined(separator: " ")): \(output.stderr)")
        return output
    }

    /// The one hit of `query`, as `search --json` writes it.
    static func hit(_ query: String, index: String, in directory: URL) throws -> [String: Any]? {
        let result = try quarry(["search", query, "--index", index, "--json"], in: directory).json()
        let hits = result["hits"] as? [[String: Any]] ?? []
        #expect(hits.count == 1, "\(query): \(hits.map { $0["title"] ?? "" })")
        return hits.first
    }

    @Test func fullTextsStayInTheCatalogAndEveryReaderGetsThemWhole() throws {
        let directory = try TestCorpus(copyCorpus: false)
        let folder = directory.root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.fill(folder, pageWord: "quasiperiodic")
        let index = directory.root.appendingPathComponent("index").path
        _ = try Self.quarry(["index", folder.path, "--index", index, "--quiet"], in: directory.root)

        // The stored data: no page text, no sections; the JSON Lines paper left nothing out.
        let data = try Self.quarry(["dump", "--index", index], in: directory.root).stdout
            .split(separator: "\n").filter { $0.hasPrefix("  data ") }
        #expect(data.count == 3)
        #expect(!data.contains { $0.contains("quasiperiodic") })
        #expect(!data.contains { $0.contains("\"sections\":[{") })
        #expect(data.filter { $0.contains("\"catalogKey\"") }.count == 2)

        // Snippets are cut from the whole item: the paper's second page, the resume's section.
        let paper = try #require(try Self.hit("quasiperiodic", index: index, in: directory.root))
        #expect(paper["page"] as? Int == 2)
        #expect((paper["snippet"] as? String)?.contains("quasiperiodic") == true)
        let resume = try #require(try Self.hit("reviewers", index: index, in: directory.root))
        #expect(resume["kind"] as? String == "resume")
        #expect(resume["context"] as? String == "Experience")

        // `show` gives the whole item.
        let shownPaper = try Self.quarry(
            ["show", try #require(paper["id"] as? String), "--index", index, "--json"], in: directory.root
        ).json()
        let pages = shownPaper["pages"] as? [String] ?? []
        #expect(pages.count == 2 && pages[1].contains("quasiperiodic"))
        let shownResume = try Self.quarry(
            ["show", try #require(resume["id"] as? String), "--index", index, "--json"], in: directory.root
        ).json()
        let sections = (shownResume["resume"] as? [String: Any])?["sections"] as? [[String: Any]] ?? []
        #expect(sections.contains { $0["title"] as? String == "Experience" })

        // A changed page: the old word is gone, the new one found on its page, the index consistent.
        try Self.fill(folder, pageWord: "aperiodic")
        _ = try Self.quarry(["index", folder.path, "--index", index, "--quiet"], in: directory.root)
        let gone = try Self.quarry(["search", "quasiperiodic", "--index", index, "--json"], in: directory.root).json()
        #expect(gone["total"] as? Int == 0)
        #expect(try Self.hit("aperiodic", index: index, in: directory.root)?["page"] as? Int == 2)
        let check = try QuarryBinary.run(["check", "--index", index], in: directory.root)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
