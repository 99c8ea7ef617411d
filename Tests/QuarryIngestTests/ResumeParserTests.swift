import Foundation
import QuarryModel
import Testing

@testable import QuarryIngest

/// One expected publication of resume 000.
struct ExpectedPublication: Sendable, CustomStringConvertible {
    let index: Int
    let title: String
    let venue: Venue?
    let year: Int?
    let coauthor: String

    var description: String { "#\(index) \(title)" }
}

@Suite("Resumes")
struct ResumeParserTests {
    static let publications: [ExpectedPublication] = [
        .init(
            index: 0, title: "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection",
            venue: nil, year: nil, coauthor: "A. Iyer"),
        .init(
            index: 1, title: "Effective qubit mapping routing and scheduling for Trapped-Ion shuttling architectures",
            venue: nil, year: nil, coauthor: "T. Conte"),
        .init(
            index: 2, title: "Understanding Infinity: Neural Network Models of Becoming a Cardinal Principle Knower",
            venue: Venue(code: nil, name: "CogSci '24"), year: 2024, coauthor: "S. Varma"),
        .init(
            index: 3, title: "Learning to count: a neural network model of the successor function",
            venue: Venue(code: nil, name: "Proceedings of the Annual Meeting of the Cognitive Science Society"),
            year: 2022, coauthor: "S. Varma"),
        .init(
            index: 4, title: "Performance analysis of a visible light vehicle-to-vehicle wireless communication system",
            venue: Venue(
                code: "IMICPW",
                name: "International Conference on Microwave Integrated Circuits, Photonics and Wireless Networks"),
            year: 2019, coauthor: "R. Singhal"),
    ]

    // MARK: 000: a resume with a name, capital headings and a publication list

    @Test func vimaGuptaContactAndSections() throws {
        let parsed = try Corpus.parse("000")
        #expect(parsed.format == "resume")
        let resume = try #require(parsed.resume)
        #expect(resume.person == "Vima Gupta")
        #expect(resume.emails == ["vgupta345@gatech.edu"])
        #expect(resume.links.contains("linkedin.com/in/vima-gupta"))
        #expect(resume.links.contains("vimagupta.github.io"))
        #expect(resume.phones == ["+14703349450"])
        let titles = resume.sections.map(\.title)
        for title in [
            "EDUCATION", "PUBLICATIONS", "RESEARCH EXPERIENCE", "WORK EXPERIENCE",
            "ACHIEVEMENTS AND EXTRA-CURRICULAR ACTIVITIES", "SKILLS AND TEACHING EXPERIENCE",
        ] {
            #expect(titles.contains(title), "\(title)")
        }
        let work = try #require(resume.sections.first { $0.title == "WORK EXPERIENCE" })
        #expect(work.lines.contains("Microsoft Research"))
        #expect(work.bullets.contains { $0.hasPrefix("Converted the block sparse attention graph in BigBird") })
        #expect(!resume.sectionText.contains("**"))
    }

    @Test func vimaGuptaSkills() throws {
        let resume = try #require(try Corpus.parse("000").resume)
        for skill in ["PyTorch", "Python", "C++", "OpenMP", "MATLAB", "Agile practices", "Vtune"] {
            #expect(resume.skills.contains(skill), "\(skill)")
        }
        // Parenthetical notes trimmed, labels and sentences left out, no case-insensitive duplicates.
        #expect(!resume.skills.contains { $0.contains("(") || $0.lowercased().contains("skills") })
        #expect(!resume.skills.contains { $0.contains("Machine Learning") })
        #expect(Set(resume.skills.map { $0.lowercased() }).count == resume.skills.count)
    }

    @Test(arguments: publications)
    func vimaGuptaPublication(_ expected: ExpectedPublication) throws {
        let parsed = try Corpus.parse("000")
        let resume = try #require(parsed.resume)
        try #require(resume.publications.count == Self.publications.count)
        let paper = resume.publications[expected.index]
        #expect(paper.title == expected.title)
        #expect(paper.venue == expected.venue)
        #expect(paper.date?.year == expected.year)
        #expect(paper.authors.first == "Vima Gupta")
        #expect(paper.authors.contains(expected.coauthor))
        #expect(!paper.authors.contains("V. Gupta"))
        #expect(!paper.authors.contains { $0.contains("*") })
        // Each publication is also its own record, after the resume.
        #expect(parsed.records[1 + expected.index] == .paper(paper))
    }

    @Test func vimaGuptaRecordsInOrder() throws {
        let parsed = try Corpus.parse("000")
        #expect(parsed.records.count == 6)
        #expect(parsed.records.first?.kind == .resume)
        #expect(parsed.records.dropFirst().allSatisfy { $0.kind == .paper })
        let lynx = parsed.papers[0]
        #expect(lynx.authors == ["Vima Gupta", "K. Sinha", "A. Gavrilovska", "A. Iyer"])
        #expect(parsed.papers[1].authors == ["Vima Gupta", "A. Austin", "E. Pinto", "J. Young", "T. Conte"])
    }

    @Test func cleanResumeKeepsTextRepeatedAcrossSections() throws {
        // The Lynx title is both a publication and a research project; a clean resume is not filtered.
        let resume = try #require(try Corpus.parse("000").resume)
        let research = try #require(resume.sections.first { $0.title == "RESEARCH EXPERIENCE" })
        #expect(
            research.lines.first
                == "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection")
    }

    // MARK: 003: no name, table rows, a Devanagari line and long repeated runs

    @Test func vasudevGuptaContact() throws {
        let parsed = try Corpus.parse("003")
        #expect(parsed.format == "resume")
        #expect(parsed.records.count == 1)
        let resume = try #require(parsed.resume)
        #expect(resume.person == nil)
        #expect(resume.emails == ["7vasudevgupta@gmail.com"])
        #expect(resume.links.contains("github.com/thevasudevgupta"))
        #expect(resume.links.contains("linkedin.com/in/thevasudevgupta"))
        #expect(resume.links.contains("thevasudevgupta.github.io"))
        #expect(resume.phones == ["+91 9992526231"])
        let titles = resume.sections.map(\.title)
        for title in ["Education", "Achievements and Honors", "Professional Experience", "Extracurricular Activities"] {
            #expect(titles.contains(title), "\(title)")
        }
        #expect(resume.sectionText.contains("निविध्यंति"))
    }

    @Test func vasudevGuptaSkills() throws {
        let resume = try #require(try Corpus.parse("003").resume)
        for skill in ["PyTorch", "JAX", "Triton", "Streamlit", "Python", "Rust", "C++", "LaTeX"] {
            #expect(resume.skills.contains(skill), "\(skill)")
        }
        #expect(!resume.skills.contains { $0.contains("Languages") || $0.contains("Tools") })
    }

    @Test func vasudevGuptaTableCellsAndBullets() throws {
        let resume = try #require(try Corpus.parse("003").resume)
        let education = try #require(resume.sections.first { $0.title == "Education" })
        #expect(education.lines.contains("Indian Institute of Technology, Madras"))
        #expect(!education.lines.contains { $0.contains("|") || $0.hasPrefix("--") })
        let experience = try #require(resume.sections.first { $0.title == "Professional Experience" })
        // "- a. • b." on one line gives two bullets.
        #expect(
            experience.bullets.contains {
                $0.hasPrefix("Scaled BehaviorGPT pre-training") && $0.hasSuffix("as model size increased.")
            })
        #expect(experience.bullets.contains { $0.hasPrefix("Iteratively optimized training data") })
        #expect(!resume.sectionText.contains("•"))
    }

    @Test(arguments: [
        ("BigBird paper's reported score of 53%", 1),
        ("Reduced memory footprint of deployment by over 76%", 1),
        ("Optimizing Adapters for Neural Machine Translation", 1),
    ])
    func repeatedRunsAreKeptOnce(phrase: String, expected: Int) throws {
        let raw = try String(contentsOfFile: Corpus.path("003"), encoding: .utf8)
        #expect(occurrences(of: phrase, in: raw) > 3)
        let resume = try #require(try Corpus.parse("003").resume)
        #expect(occurrences(of: phrase, in: resume.sectionText) == expected)
    }

    @Test func repeatedTextNoLongerDominates() throws {
        let raw = try String(contentsOfFile: Corpus.path("003"), encoding: .utf8)
        let text = try #require(try Corpus.parse("003").resume).sectionText
        #expect(occurrences(of: "BigBird", in: raw) > 60)
        #expect((1...12).contains(occurrences(of: "BigBird", in: text)))
        // Every distinct sentence survives once.
        for phrase in [
            "Pre-trained BigBird on 42M articles from PubMed", "Block Sparse Attention",
            "Implemented GPT-2 model in Triton", "Contributed ModelHubMixin",
            "Implemented BigBird model in PyTorch and JAX", "Selected by Google to mentor",
        ] {
            #expect(occurrences(of: phrase, in: text) >= 1, "\(phrase)")
        }
    }

    // MARK: Synthetic resumes

    @Test func markdownResumeWithLabelledSkills() throws {
        let text = """
            Jane Q. Doe
            jane@example.org | (555) 123-4567 | https://janedoe.dev

            ## Experience
            * Built things at ACME • Shipped more things
            o Kept a system alive

            ## Skills
            Languages: Python, Swift (5 years), python, Go
            Rust, Zig, OCaml

            ## Publications
            - **J. Doe** and A. Smith, "A Study of Things," in Proceedings of Things 2021, pp. 1-10. [PDF]
            - A. Smith, J. Doe et al., “Preprint Work” (arXiv preprint)
            """
        let parsed = FileParser().parse(text: text, path: "/cv/jane.md")
        #expect(parsed.format == "resume")
        let resume = try #require(parsed.resume)
        #expect(resume.person == "Jane Q. Doe")
        #expect(resume.emails == ["jane@example.org"])
        #expect(resume.links == ["https://janedoe.dev"])
        #expect(resume.phones == ["(555) 123-4567"])
        #expect(resume.sections.map(\.title) == ["", "Experience", "Skills", "Publications"])
        #expect(resume.sections[1].bullets == ["Built things at ACME", "Shipped more things", "Kept a system alive"])
        #expect(resume.skills == ["Python", "Swift", "Go", "Rust", "Zig", "OCaml"])

        let papers = parsed.papers
        #expect(papers.count == 2)
        #expect(papers.first?.title == "A Study of Things")
        #expect(papers.first?.authors == ["Jane Q. Doe", "A. Smith"])
        #expect(papers.first?.venue?.name == "Proceedings of Things 2021")
        #expect(papers.first?.date?.year == 2021)
        // Without bold, the first matching name is the owner; "et al." only marks truncation.
        #expect(papers.last?.authors == ["A. Smith", "Jane Q. Doe"])
        #expect(papers.last?.authorsTruncated == true)
        #expect(papers.last?.venue == Venue(name: "arXiv preprint"))
    }

    @Test func resumeWithoutNameLeavesPersonEmpty() throws {
        let text = """
            Email: someone@example.com
            github.com/someone

            EDUCATION
            B.Sc. Physics, Some University, 2019

            WORK EXPERIENCE
            - Wrote software
            """
        let parsed = FileParser().parse(text: text, path: "/cv/anon.txt")
        let resume = try #require(parsed.resume)
        #expect(resume.person == nil)
        #expect(resume.links == ["github.com/someone"])
        #expect(resume.publications.isEmpty)
    }

    @Test(
        arguments: [
            (" (CogSci '24) [Paper]", Venue(name: "CogSci '24"), 2024),
            (" (Under submission) [Paper]", nil, nil),
            (" (**Best Paper Award**) [Paper]", nil, nil),
            (
                " Proceedings of the Annual Meeting of the Cognitive Science Society, vol. 44, 2022. [Poster]",
                Venue(name: "Proceedings of the Annual Meeting of the Cognitive Science Society"), 2022
            ),
            (" NeurIPS 2023", Venue(name: "NeurIPS 2023"), 2023),
        ] as [(String, Venue?, Int?)])
    func publicationVenues(text: String, venue: Venue?, year: Int?) {
        let (foundVenue, foundYear) = PublicationParser.venueAndYear(text)
        #expect(foundVenue == venue)
        #expect(foundYear == year)
    }

    /// A resume line is a paper only with a quoted title and person names before it; otherwise it stays text.
    @Test(arguments: [
        ("**J. Doe** and A. Smith, “A Study of Things” (CogSci '24)", true),
        ("Hans van der Berg, J. Doe, “Tidal Routing” NeurIPS 2023", true),
        ("Presented “Tidal Routing” at the lab meeting", false),
        ("Improved accuracy by 20% in “Project Falcon” (internal)", false),
        ("Led the team that shipped “Glacier”, a video cache", false),
        ("Course project: “A Compiler for Toys”", false),
        ("“Untitled Work” (arXiv preprint)", false),
        ("Awarded the “Best Student Paper” prize", false),
    ])
    func onlyPublicationsBecomePapers(line: String, isPaper: Bool) {
        #expect((PublicationParser.paper(from: line, owner: "Jane Doe") != nil) == isPaper)
    }

    private func occurrences(of phrase: String, in text: String) -> Int {
        text.lowercased().components(separatedBy: phrase.lowercased()).count - 1
    }
}

/// The 4-gram keys of `RepeatFilter` made byte by byte for ASCII text are those of the general
/// path (split at white space, lower-cased, letters and digits only); other text takes the general path.
@Suite struct RepeatFilterKeyTests {
    @Test(arguments: [
        ("Built the ingestion pipeline, cut latency by 50% (p95).", true),
        ("  C++/Python\tSQL\r\nJava-Script  --  e.g. ML/AI; v2.0\u{0B}x\u{0C}y  ", true),
        ("--- *** ---", true),
        ("", true),
        ("MS\u{1F}Excel UPPER lower MiXeD 123abc", true),
        ("Café naïve résumé • managed 12 people", false),
        ("Ｆｕｌｌ width ２０２４ and a\u{00A0}no-break space", false),
        ("Straße İstanbul ΣΊΣΥΦΟΣ e\u{301}", false),
    ])
    func asciiKeysAreTheGeneralKeys(text: String, isASCII: Bool) {
        let general = RepeatFilter.wordKeys(text.split(whereSeparator: \.isWhitespace)).map(\.key)
        #expect((RepeatFilter.asciiKeys(of: text) != nil) == isASCII)
        if let ascii = RepeatFilter.asciiKeys(of: text) { #expect(ascii == general) }
        #expect(RepeatFilter.keys(of: text) == general)
    }

    /// A document repeating a sentence is damaged; one that does not is not.
    @Test func repeatedTextIsDamaged() {
        let sentence = "managed a team of twelve engineers building the search pipeline"
        #expect(RepeatFilter.isDamaged([sentence, "shipped the release on time", sentence + " again"]))
        #expect(!RepeatFilter.isDamaged([sentence, "shipped the release on time", "café naïve résumé wrote docs"]))
    }
}

/// `LaidOutResume.isContact` with its byte screen gives what Foundation's searches alone give.
@Suite struct ContactLineTests {
    @Test(arguments: [
        "jane.doe@example.com", "see https://example.com/cv", "www.example.org", "Managed 12 people",
        "Skills: Swift, Python", "Ｗｗｗ．example", "café @ naïve", "wwẘ.example", "ftp:/ /host", "",
        "• Led the www team: 5 people", "e\u{301}@x", "Phone: +1 555 123 4567",
    ])
    func byteScreenKeepsFoundationsAnswer(line: String) {
        let foundation = line.contains("@") || line.contains("://") || line.contains("www.")
        #expect(LaidOutResume.isContact(line) == foundation)
    }
}

/// `ResumeParser.bulletItems` splits at "•" by Characters only in text holding its last byte;
/// the items are those of splitting every line.
@Suite struct BulletItemTests {
    @Test(arguments: [
        "• Led the team • Cut costs", "- Built the pipeline", "Plain line of text", "", "•", "-",
        "Skills • Swift •• Python •", "Price ¢5 • café", "•\u{301} not a bullet • real one", "  •  ",
        "* starred item", "Ωmega naïve résumé",
    ])
    func byteScreenGivesTheSplitItems(line: String) {
        var text = line
        var isBullet = false
        if let marker = ResumeParser.bulletMarkers.first(where: { line.hasPrefix($0) }) {
            text = String(line.dropFirst(marker.count))
            isBullet = true
        }
        var expected: [(text: String, isBullet: Bool)] = []
        if line != "-" && line != "•" || isBullet {
            for (index, part) in text.split(separator: "•").enumerated() where !part.trimmed.isEmpty {
                expected.append((part.trimmed, isBullet || index > 0))
            }
        }
        let items = ResumeParser.bulletItems(line)
        #expect(items.map(\.text) == expected.map(\.text))
        #expect(items.map(\.isBullet) == expected.map(\.isBullet))
    }
}
