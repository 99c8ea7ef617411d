import Foundation
import QuarryModel
import QuarryTestSupport
import Synchronization
import Testing

@testable import QuarryIngest

/// PDFs written by the tests: resumes, papers, scans, damaged and locked files.
@Suite("PDF files")
struct PdfTests {
    static let resumePages: [[MinimalPDF.Line]] = [
        [
            .init(text: "Jane Doe", size: 16),
            .init(text: "jane.doe@example.com | +1 555 123 4567"),
            .init(text: "EXPERIENCE"),
            .init(text: "Acme Corp, Senior Data Engineer, 2019 - 2024"),
            .init(text: "- Built the ingestion pipeline for search"),
            .init(text: "- Cut query latency by half"),
            .init(text: "EDUCATION"),
            .init(text: "State University, B.Sc. Computer Science, 2018"),
        ],
        [
            .init(text: "SKILLS"),
            .init(text: "Languages: Swift, Python, C++, SQL"),
        ],
    ]

    static let paperLines: [MinimalPDF.Line] = [
        .init(text: "A Study of Generated Documents", size: 18),
        .init(text: "Alice Smith and Bob Jones", size: 12),
        .init(text: "Example University", size: 12),
        .init(text: "March 2021", size: 10),
        .init(text: "Abstract", size: 12),
        .init(text: "We study documents that tests write by hand. They have a title, two authors and"),
        .init(text: "this abstract, which ends before the introduction."),
        .init(text: "1 Introduction", size: 12),
        .init(text: "Generated files [1] make tests independent of fixtures [2], as Knuth et al. argued."),
        .init(text: "Smith et al. agree [3]. More citations follow [4, 5]."),
        .init(text: "References", size: 12),
        .init(text: "[1] D. Knuth. The Art of Computer Programming."),
    ]

    /// A fresh folder, removed after `body`.
    func withFolder(_ body: (URL) throws -> Void) throws { try DocumentFixtures.withFolder(body) }

    /// The failure parsing `path` throws, or nil when it parses.
    func failure(_ path: String) -> ParseFailure? { DocumentFixtures.failure(of: path, PdfParser.parse(path:)) }

    @Test func resumeBecomesResumeWithSectionsSkillsAndPages() throws {
        try withFolder { folder in
            let path = try MinimalPDF(pages: Self.resumePages).write(to: folder, name: "resume.pdf")
            let parsed = try PdfParser.parse(path: path)
            #expect(parsed.format == "pdf")
            guard case .resume(let resume) = try #require(parsed.records.first) else {
                Issue.record("not a resume: \(parsed.records)")
                return
            }
            #expect(resume.person == "Jane Doe")
            #expect(resume.emails == ["jane.doe@example.com"])
            #expect(resume.sections.map(\.title) == ["", "EXPERIENCE", "EDUCATION", "SKILLS"])
            let experience = try #require(resume.sections.first { $0.title == "EXPERIENCE" })
            #expect(experience.lines == ["Acme Corp, Senior Data Engineer, 2019 - 2024"])
            #expect(experience.bullets == ["Built the ingestion pipeline for search", "Cut query latency by half"])
            #expect(resume.skills == ["Swift", "Python", "C++", "SQL"])
            #expect(resume.category == nil)
            #expect(resume.pages.count == 2)
            #expect(resume.pages[1].contains("SKILLS"))
        }
    }

    @Test func paperBecomesPaperWithTitleAuthorsAbstractAndDate() throws {
        try withFolder { folder in
            let pdf = MinimalPDF(
                pages: [Self.paperLines, [.init(text: "Second page text.")]],
                info: ["Title": "Microsoft Word - paper.doc"])
            let parsed = try PdfParser.parse(path: try pdf.write(to: folder, name: "paper.pdf"))
            #expect(parsed.format == "pdf")
            guard case .paper(let paper) = try #require(parsed.records.first) else {
                Issue.record("not a paper: \(parsed.records)")
                return
            }
            #expect(paper.title == "A Study of Generated Documents")
            #expect(paper.authors == ["Alice Smith", "Bob Jones"])
            #expect(paper.abstract.hasPrefix("We study documents that tests write by hand."))
            #expect(paper.abstract.hasSuffix("ends before the introduction."))
            #expect(paper.date == PartialDate(year: 2021, month: 3))
            #expect(paper.pages.count == 2)
            #expect(paper.pages[1].contains("Second page text."))
        }
    }

    @Test(arguments: [
        ("A Study of Generated Documents", "A Study of Generated Documents"),
        ("Microsoft Word - paper.doc", "A Study of Generated Documents"),
        ("paper.dvi", "A Study of Generated Documents"),
        ("Something Else Entirely", "A Study of Generated Documents"),
        ("", "A Study of Generated Documents"),
    ])
    func metadataTitleIsUsedOnlyWhenPlausible(metadata: String, expected: String) throws {
        try withFolder { folder in
            let pdf = MinimalPDF(pages: [Self.paperLines], info: ["Title": metadata, "Author": "Alice Smith"])
            let parsed = try PdfParser.parse(path: try pdf.write(to: folder, name: "paper.pdf"))
            guard case .paper(let paper) = parsed.records.first else {
                Issue.record("not a paper")
                return
            }
            #expect(paper.title == expected)
        }
    }

    @Test func textWithoutSignalsBecomesPlainDocument() throws {
        try withFolder { folder in
            let pdf = MinimalPDF(pages: [
                [.init(text: "Meeting notes", size: 14), .init(text: "We met and talked about the roadmap.")]
            ])
            let parsed = try PdfParser.parse(path: try pdf.write(to: folder, name: "notes.pdf"))
            #expect(
                parsed.records == [
                    .document(
                        PlainDocument(
                            title: "Meeting notes", text: "Meeting notes\nWe met and talked about the roadmap."))
                ])
        }
    }

    @Test func pageWithoutTextIsAScan() throws {
        try withFolder { folder in
            let path = try MinimalPDF(pages: [[], []]).write(to: folder, name: "scan.pdf")
            #expect(failure(path)?.reason == "no text layer (scanned pdf?); 2 pages, 0 characters of text")
        }
    }

    @Test func lockedPdfIsEncrypted() throws {
        try withFolder { folder in
            let path = try MinimalPDF(pages: Self.resumePages, locked: true).write(to: folder, name: "locked.pdf")
            let reason = failure(path)?.reason ?? ""
            #expect(reason.hasPrefix("encrypted pdf"), "\(reason)")
        }
    }

    @Test(arguments: ["random", "truncated", "empty", "header only"])
    func damagedFilesFail(kind: String) throws {
        try withFolder { folder in
            var generator = SystemRandomNumberGenerator()
            let bytes: Data
            switch kind {
            case "random": bytes = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
            case "truncated": bytes = MinimalPDF(pages: Self.resumePages).data.prefix(200)
            case "empty": bytes = Data()
            default: bytes = Data("%PDF-1.4\n%%EOF\n".utf8)
            }
            let url = folder.appendingPathComponent("\(kind).pdf")
            try bytes.write(to: url)
            let problem = try #require(failure(url.path))
            #expect(problem.path == url.path)
            #expect(problem.reason.hasPrefix("not a readable pdf: "), "\(problem.reason)")
            #expect(problem.reason == problem.reason.lowercased())
        }
    }

    @Test func missingFileFailsNamingIt() {
        let reason = failure("/nonexistent/quarry/file.pdf")?.reason ?? ""
        #expect(reason.hasPrefix("cannot open file"), "\(reason)")
    }

    /// Poppler's complaints about a damaged file go into the failure, not to standard error.
    @Test func popplerStaysOffStandardError() throws {
        try withFolder { folder in
            let url = folder.appendingPathComponent("broken.pdf")
            try Data("%PDF-1.4\n1 0 obj << /Type /Catalog >>\nxref\ngarbage\ntrailer\n".utf8).write(to: url)
            let captured = folder.appendingPathComponent("stderr.txt")
            FileManager.default.createFile(atPath: captured.path, contents: nil)
            let handle = try FileHandle(forWritingTo: captured)
            fflush(nil)
            let saved = dup(2)
            dup2(handle.fileDescriptor, 2)
            let reason = failure(url.path)?.reason
            fflush(nil)
            dup2(saved, 2)
            close(saved)
            try handle.close()
            let written = try String(contentsOf: captured, encoding: .utf8)
            #expect(reason?.hasPrefix("not a readable pdf") == true, "\(reason ?? "")")
            #expect(
                !written.contains("Syntax Error") && !written.contains("Internal Error")
                    && !written.contains("PDF file"), "\(written)")
        }
    }

    // MARK: Pieces

    @Test(arguments: [
        ("Company Name â€“ City", "Company Name – City"),
        ("â€¢ Led the team", "• Led the team"),
        ("Skills:Â Python", "Skills: Python"),
        ("Budget ï¼\u{200B}City", "Budget  City"),
        ("ofﬁce", "office"),
        ("plain text", "plain text"),
        ("a\u{00A0}b\r\nc\u{0C}d\u{01}e", "a b\n\nc\nde"),
        ("x\u{E001}y\u{200B}z\u{AD}w\u{FEFF}", "xyzw"),
        ("\u{FB00} \u{FB03} \u{FB04} \u{FB05} \u{FB06}", "ff ffi ffl st st"),
        ("😀 naïve e\u{301} Ω", "😀 naïve e\u{301} Ω"),
    ])
    func cleaningRepairsExtractionDamage(raw: String, expected: String) {
        #expect(PdfText.clean(raw) == expected)
    }

    @Test(arguments: [
        ("as shown in [12] and [3, 4]", 2),
        ("see [28, 21] or [a]", 1),
        ("no citations", 0),
    ])
    func citations(line: String, count: Int) {
        #expect(PdfParser.citationCount(line) == count)
    }

    @Test(arguments: [
        ("arXiv:1706.03762v5 [cs.CL] 6 Dec 2017", "1706.03762", PartialDate(year: 2017, month: 12, day: 6)),
        ("arXiv:2501.01234 [cs.LG] 3 Jan 2025 more", "2501.01234", PartialDate(year: 2025, month: 1, day: 3)),
    ])
    func arxivStamp(text: String, id: String, date: PartialDate) throws {
        let stamp = try #require(ArxivStamp(in: "Title\n" + text))
        #expect(stamp.id == id)
        #expect(stamp.date == date)
    }

    @Test(arguments: [
        ("(Draft of October 7, 2013)", PartialDate(year: 2013, month: 10, day: 7)),
        ("November 1994", PartialDate(year: 1994, month: 11)),
        ("Stanford University", nil),
    ])
    func headerDate(line: String, expected: PartialDate?) {
        #expect(PdfPaper.date(in: [line]) == expected)
    }

    @Test(arguments: [
        ([String](), [String]()),
        (["", ""], []),
        (["Skills", "Swift, Python,", "Rust"], ["Skills", "Swift, Python, Rust"]),
        (
            ["Led the team that built", "the index", "- A bullet", "Next line"],
            ["Led the team that built the index", "- A bullet", "Next line"]
        ),
        (["Jane Doe", "jane@example.com"], ["Jane Doe", "jane@example.com"]),
        (["First block ends,", "", "Second block"], ["First block ends,", "Second block"]),
    ])
    func unwrappingJoinsWrappedLines(lines: [String], expected: [String]) {
        #expect(LaidOutResume.unwrap(lines) == expected)
    }

    /// Every prefix of a valid file parses or fails cleanly: poppler repairs what it can, nothing crashes.
    @Test func truncatedFilesNeverCrash() throws {
        try withFolder { folder in
            let whole = MinimalPDF(pages: Self.resumePages).data
            for length in stride(from: 0, to: whole.count, by: 37) {
                let url = folder.appendingPathComponent("cut-\(length).pdf")
                try whole.prefix(length).write(to: url)
                let outcome = Result { () throws(ParseFailure) in try PdfParser.parse(path: url.path) }
                switch outcome {
                case .success(let parsed): #expect(!parsed.records.isEmpty)
                case .failure(let problem): #expect(!problem.reason.isEmpty)
                }
            }
        }
    }

    @Test(arguments: [
        ("Jane Smith", false), ("SALES ASSOCIATE", true), ("DIRECTOR OF BUSINESS DEVELOPMENT", true),
        ("Mary Cook", false),
    ])
    func jobTitlesAreNotNames(line: String, isJob: Bool) {
        #expect(LaidOutResume.isJobTitle(line) == isJob)
    }

    /// The reader draws a page once for both orders (cpdf.cpp's `TwoTextDevices`): the text as
    /// drawn that it keeps from a reading-order request equals poppler-cpp's own raw-order pass,
    /// asked first, on generated PDFs and (when ../shared is present) real resumes and papers.
    @Test(arguments: ["generated resume", "generated paper", "shared resumes", "shared papers"])
    func oneDrawingGivesTheRawOrderOfItsOwnPass(source: String) throws {
        try withFolder { folder in
            var paths: [String] = []
            switch source {
            case "generated resume": paths = [try MinimalPDF(pages: Self.resumePages).write(to: folder, name: "r.pdf")]
            case "generated paper": paths = [try MinimalPDF(pages: [Self.paperLines]).write(to: folder, name: "p.pdf")]
            case "shared resumes":
                paths = ["CHEF", "DESIGNER", "ENGINEERING"].flatMap {
                    DocumentFixtures.resumePDFs(category: $0, count: 4)
                }
            default: paths = DocumentFixtures.files(under: SharedData.path("papers")).filter { $0.hasSuffix(".pdf") }
            }
            guard !paths.isEmpty else {
                print("../shared/data is absent: \(source) not checked")
                return
            }
            var pages = 0
            for path in paths {
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                let document = try PdfDocument(bytes: bytes, path: path)
                for index in 0..<document.pageCount {
                    let alone = try document.text(page: index, layout: .raw)
                    let reading = try document.text(page: index)
                    let kept = try document.text(page: index, layout: .raw)
                    #expect(kept == alone, "\(path) page \(index + 1)")
                    #expect(try document.text(page: index) == reading, "\(path) page \(index + 1)")
                    pages += 1
                }
            }
            #expect(pages >= paths.count)
        }
    }
}

/// The real documents in ../shared/data (skipped when that folder is absent).
@Suite(
    "PDF files from ../shared/data",
    .enabled(if: DocumentFixtures.hasSharedData, "needs ../shared/data/papers and resumes/pdf"))
struct PdfTestsSharedData {
    @Test func scannedPaperHasNoTextLayer() {
        let path = SharedData.path("papers/1985-Flajolet-Probabilistic-counting.pdf")
        do {
            _ = try PdfParser.parse(path: path)
            Issue.record("a scan parsed")
        } catch {
            #expect(error.reason == "no text layer (scanned pdf?); 28 pages, 0 characters of text")
        }
    }

    @Test(arguments: [
        (
            "in-search-of-an-understandable-consensus-algorithm.pdf",
            "In Search of an Understandable Consensus Algorithm", ["Diego Ongaro", "John Ousterhout"]
        ),
        (
            "authoritative-sources-in-a-hyperlinked-environment.pdf",
            "Authoritative Sources in a Hyperlinked Environment", ["Jon M. Kleinberg"]
        ),
        (
            "a-note-on-distributed-computing.pdf", "A Note on Distributed Computing",
            ["Jim Waldo", "Geoff Wyant", "Ann Wollrath", "Sam Kendall"]
        ),
        ("shazam-audio-search-algorithm.pdf", "An Industrial-Strength Audio Search Algorithm", ["Avery Li-Chun Wang"]),
        (
            "the-pagerank-citation-ranking-bringing-order-to-the-web.pdf",
            "The PageRank Citation Ranking: Bringing Order to the Web", []
        ),
        (
            "consistent-hashing-and-random-trees.pdf",
            "Consistent Hashing and Random Trees: Distributed Caching Protocols for Relieving Hot Spots on the World Wide Web",
            ["David Karger", "Eric Lehman"]
        ),
        (
            "the-chubby-lock-service-for-loosely-coupled-distributed-systems.pdf",
            "The Chubby lock service for loosely-coupled distributed systems", ["Mike Burrows"]
        ),
    ])
    func paperTitleAndAuthors(file: String, title: String, authors: [String]) throws {
        let parsed = try PdfParser.parse(path: SharedData.path("papers/" + file))
        guard case .paper(let paper) = try #require(parsed.records.first) else {
            Issue.record("not a paper: \(file)")
            return
        }
        #expect(paper.title == title)
        #expect(paper.authors == authors)
        #expect(paper.abstract.count > 300)
        #expect(paper.pages.count > 1)
    }

    @Test(arguments: ["ACCOUNTANT", "CHEF", "INFORMATION-TECHNOLOGY", "TEACHER", "AVIATION"])
    func resumePDFsAreResumes(category: String) throws {
        let paths = DocumentFixtures.resumePDFs(category: category, count: 5)
        #expect(paths.count == 5)
        for path in paths {
            let parsed = try PdfParser.parse(path: path)
            guard case .resume(let resume) = try #require(parsed.records.first) else {
                Issue.record("not a resume: \(path)")
                continue
            }
            let titles = Set(resume.sections.map { $0.title.lowercased() })
            #expect(titles.count >= 3, "\(path): \(titles)")
            #expect(
                !titles.isDisjoint(with: ["experience", "work history", "professional experience", "work experience"]),
                "\(path): \(titles)")
            #expect(!resume.pages.isEmpty)
            #expect(resume.person == nil, "\(path): anonymised resumes have no name, got \(resume.person ?? "")")
        }
    }

    @Test func resumeSkillsAreFound() throws {
        let paths = DocumentFixtures.resumePDFs(category: "INFORMATION-TECHNOLOGY", count: 10)
        var withSkills = 0
        for path in paths {
            if case .resume(let resume) = try PdfParser.parse(path: path).records.first, !resume.skills.isEmpty {
                withSkills += 1
            }
        }
        #expect(withSkills >= 7)
    }
}

/// What must hold for every PDF of ../shared/data (skipped when that folder is absent): a paper
/// with a text layer gives one paper with a title and its pages; a resume gives a resume with
/// sections and pages (then the papers it lists, if any); only the known files without text fail,
/// saying they have no text layer.
@Suite(
    "Every PDF of ../shared/data",
    .enabled(if: DocumentFixtures.hasSharedData, "needs ../shared/data/papers and resumes/pdf"))
struct PdfTestsEveryFile {
    /// The files without a text layer: a scanned paper (28 pages of images) and an empty one-page resume.
    static let withoutText: Set<String> = [
        SharedData.path("papers/1985-Flajolet-Probabilistic-counting.pdf"),
        SharedData.path("resumes/pdf/BUSINESS-DEVELOPMENT/12632728.pdf"),
    ]

    /// The file's outcome through the parser.
    static func parse(_ path: String) -> Result<ParsedFile, ParseFailure> {
        Result { () throws(ParseFailure) in try PdfParser.parse(path: path) }
    }

    @Test func everyPaperWithATextLayerGivesAPaper() {
        let files = DocumentFixtures.paperPDFs
        #expect(files.count >= 10)
        for path in files {
            switch Self.parse(path) {
            case .success(let parsed):
                #expect(!Self.withoutText.contains(path), "\(path) has no text layer, yet parsed")
                guard parsed.records.count == 1, case .paper(let paper) = parsed.records[0] else {
                    Issue.record("\(path): \(parsed.records.map(\.kind)) instead of one paper")
                    continue
                }
                #expect(!paper.title.isEmpty && !paper.pages.isEmpty, "\(path)")
            case .failure(let failure):
                #expect(Self.withoutText.contains(path) && failure.reason.hasPrefix("no text layer"), "\(failure)")
            }
        }
    }

    /// All the resumes, parsed on two threads at once (poppler and the parsers share no state);
    /// every 25th is parsed again on one thread and must give the same records.
    @Test func everyResumeGivesAResume() {
        let files = DocumentFixtures.resumePDFs
        #expect(files.count >= 1_000)
        let results = Mutex([Result<ParsedFile, ParseFailure>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            for index in stride(from: half, to: files.count, by: 2) {
                let result = Self.parse(files[index])
                results.withLock { $0[index] = result }
            }
        }
        let outcomes = results.withLock { $0 }
        for (path, outcome) in zip(files, outcomes) {
            if Self.withoutText.contains(path), case .failure(let failure) = outcome {
                #expect(failure.reason.hasPrefix("no text layer"), "\(failure)")
                continue
            }
            guard case .success(let parsed) = outcome, case .resume(let resume) = parsed.records.first,
                parsed.records.dropFirst().allSatisfy({ $0.kind == .paper })
            else {
                let got = outcome.map { outcome in
                    switch outcome {
                    case .success(let parsed): "\(parsed.records.map(\.kind))"
                    case .failure(let failure): failure.reason
                    }
                }
                Issue.record("\(path): \(got ?? "nothing") instead of a resume and its papers")
                continue
            }
            #expect(!resume.sections.isEmpty && !resume.pages.isEmpty, "\(path)")
        }
        for index in stride(from: 0, to: files.count, by: 25) {
            let again = try? Self.parse(files[index]).get().records
            #expect(again == (try? outcomes[index]?.get().records), "\(files[index])")
        }
    }
}

/// Years of research PDFs: from the first page's copyright and venue lines, the file's date last.
@Suite("PDF paper years")
struct PdfYearTests {
    @Test(
        arguments: [
            (
                ["Proceedings of the ACM-SIAM Symposium on Discrete", "Algorithms, 1998, and as IBM Research Report"],
                1998
            ),
            (["© 2006 ACM 1-59593-510-8/06/0008"], 2006),
            (["Copyright 1997 by the author"], 1997),
            (["In Proceedings of OSDI '06, Seattle"], 2006),
            (["SIGIR '97 Philadelphia PA USA"], 1997),
            (["We ran 1024 queries on 4096 nodes", "in 2000 seconds"], nil),
            (["Page 1910 of the report"], nil),
        ] as [([String], Int?)])
    func yearsFromTheText(lines: [String], year: Int?) {
        #expect(PdfPaper.publicationYear(in: lines)?.year == year)
    }

    @Test(
        arguments: [
            ("D:20130528120000Z", 2013), ("D:20160115155545-05'00'", 2016), ("D:191000728231743", nil), ("", nil),
            ("garbage", nil),
        ] as [(String, Int?)])
    func yearsFromTheFileDate(text: String, year: Int?) {
        #expect(PdfPaper.metadataYear(text) == year)
    }
}
