import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryIngest

/// Parses `text` as a file named `name` through `FileParser`, the path `quarry index` takes.
private func parseFile(_ name: String, _ text: String) throws -> ParsedFile {
    var parsed: ParsedFile?
    try TemporaryFolder.with { folder in
        let path = try folder.write(name, text: text)
        parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
    }
    return try #require(parsed)
}

private func entries(_ parsed: ParsedFile) -> [Paper] {
    parsed.records.compactMap { record in
        if case .paper(let paper) = record { return paper }
        return nil
    }
}

@Suite("BibTeX through libbtparse")
struct BibTeXTests {
    /// Accents and braces as exporters write them, and the text a reader sees.
    @Test(
        arguments: [
            (#"M{\"u}ller"#, "Müller"),
            (#"\'{E}cole"#, "École"),
            (#"{\O}resund"#, "Øresund"),
            (#"Bal\'azs"#, "Balázs"),
            (#"{\c{C}}elik"#, "Çelik"),
            (#"Stra{\ss}e"#, "Straße"),
            (#"{SQL}: The {Complete} Reference"#, "SQL: The Complete Reference"),
            (##"Lud\&\#228;scher"##, "Ludäscher"),
            (#"Data \&mdash; Bases"#, "Data — Bases"),
            ("pages 10--20", "pages 10–20"),
            ("Fast~Joins", "Fast Joins"),
            (#"$\lambda$-calculus"#, "λ-calculus"),
        ] as [(String, String)])
    func textIsCleaned(raw: String, clean: String) {
        #expect(BibText.clean(raw) == clean)
    }

    /// Author lists in both name orders, corporate names, `others`, particles and suffixes.
    @Test(arguments: [
        ("Juno Pell and Wren Alcott", ["Juno Pell", "Wren Alcott"], false),
        ("Pell, Juno and Alcott, Wren", ["Juno Pell", "Wren Alcott"], false),
        ("{Acme Research and Sons} and Juno Pell", ["Acme Research and Sons", "Juno Pell"], false),
        ("van der Berg, Jr., Hans and others", ["Hans van der Berg Jr."], true),
        (#"M{\"u}ller, J{\"o}rg AND Ida Lind"#, ["Jörg Müller", "Ida Lind"], false),
        ("Sandra Andersen and Leander Andrews", ["Sandra Andersen", "Leander Andrews"], false),
    ])
    func authorsAreSplitByBtparse(field: String, names: [String], truncated: Bool) throws {
        let parsed = try parseFile("a.bib", "@article{k, author = {\(field)}, title = {T}, year = 2020}\n")
        let paper = try #require(entries(parsed).first)
        #expect(paper.authors == names)
        #expect(paper.authorsTruncated == truncated)
    }

    /// A file with no entry btparse parses is no paper, and no crash (btparse's clean-up call,
    /// made with nothing parsed, aborted the process).
    @Test(arguments: ["", "  \n\n", "% only a comment\n", "garbage text\n", "@\n", "@article\n", "@string{x = {y}}"])
    func aFileWithoutAnEntryHasNoPapers(text: String) throws {
        #expect(entries(try parseFile("none.bib", text)).isEmpty)
    }

    @Test func macrosMonthsAndConcatenation() throws {
        let parsed = try parseFile(
            "m.bib",
            """
            @string{vldb = "Proceedings of the Very Large Data Bases Conference"}
            @STRING(sig = {SIGMOD})
            @inproceedings{a, title = {One}, booktitle = vldb # " (VLDB)", year = 1999, month = mar}
            @inproceedings{b, title = {Two}, booktitle = sig, year = "2001", month = {September}}
            @article{c, title = {Three}, journal = {J}, year = {2003}, month = 11}
            """)
        let list = entries(parsed)
        #expect(
            list.map(\.venue?.name) == ["Proceedings of the Very Large Data Bases Conference (VLDB)", "SIGMOD", "J"])
        #expect(
            list.map(\.date) == [
                PartialDate(year: 1999, month: 3), PartialDate(year: 2001, month: 9),
                PartialDate(year: 2003, month: 11),
            ])
        #expect(parsed.problems.isEmpty)
        #expect(parsed.format == "bibtex")
    }

    @Test func crossrefFillsMissingFieldsAndTheVolumeIsNoPaper() throws {
        let parsed = try parseFile(
            "x.bib",
            """
            @inproceedings{child,
              author = {Juno Pell},
              title = {Tidal Routing},
              crossref = {proc24}
            }
            @proceedings{proc24,
              title = {Proceedings of the 50th VLDB},
              year = 2024,
              publisher = {VLDB Endowment}
            }
            @book{standalone, title = {A Book}, year = 2010}
            """)
        let list = entries(parsed)
        #expect(list.map(\.title) == ["Tidal Routing", "A Book"])
        #expect(list[0].venue?.name == "Proceedings of the 50th VLDB")
        #expect(list[0].date?.year == 2024)
    }

    @Test func identifiersAndOtherFields() throws {
        let parsed = try parseFile(
            "i.bib",
            #"""
            @misc{pell2024tidal,
              author = {Pell, Juno},
              title = {Tidal Routing for Sparse Experts},
              year = {2024},
              eprint = {2403.01234v2},
              archivePrefix = {arXiv},
              primaryClass = {cs.LG},
              doi = {https://doi.org/10.48550/ARXIV.2403.01234},
              url = {https://example.org/tidal},
              abstract = {We route tokens with a {\em tidal} schedule.},
              keywords = {mixture of experts; routing, sparsity}
            }
            @article{j, title = {In a Journal}, journal = {arXiv preprint arXiv:2101.00001}, year = 2021}
            """#)
        let list = entries(parsed)
        let paper = try #require(list.first)
        #expect(paper.citationKey == "pell2024tidal")
        #expect(paper.arxivID == "2403.01234")
        #expect(paper.doi == "10.48550/arxiv.2403.01234")
        #expect(paper.url == "https://example.org/tidal")
        #expect(paper.abstract == "We route tokens with a tidal schedule.")
        #expect(paper.keywords == ["mixture of experts", "routing", "sparsity"])
        #expect(list[1].arxivID == "2101.00001")
    }

    /// A broken entry is a problem with its line; the entries after it are all read.
    @Test func brokenEntriesAreReportedAndTheRestIsRead() throws {
        let text = """
            % a comment before the first entry
            @article{first, title = {First}, year = 2001}

            @article{unclosed,
              title = {Never closed,
              year = 2002
            }
            @article{second, title = {Second}, year = 2003}
            @misc{nocomma title = {x}}
            @article{third, title = {Third}, year = 2004}
            @article{untitled, year = 2005}
            """
        let parsed = try parseFile("broken.bib", text)
        #expect(entries(parsed).map(\.title) == ["First", "Second", "Third"])
        #expect(parsed.problems.map(\.line) == [7, 9, 11])
        #expect(parsed.problems[0].reason.contains("syntax error"))
        #expect(!parsed.problems[0].reason.contains("skipping"))
        #expect(parsed.problems[2].reason == "entry \"untitled\" has no title")
    }

    /// btparse prints to stderr: nothing of it reaches the real stream.
    @Test func btparseMessagesAreCaptured() throws {
        let pipe = Pipe()
        let saved = dup(2)
        dup2(pipe.fileHandleForWriting.fileDescriptor, 2)
        _ = BibTeXParser.parse(text: "@article{a, title = {x}, month = nosuchmacro}\n@misc{b title}\n", path: "q.bib")
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        try pipe.fileHandleForWriting.close()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!said.contains("q.bib"))
    }

    @Test func macrosDoNotLeakBetweenFiles() {
        _ = BibTeXParser.parse(text: "@string{v = {Leaky}}\n@article{a, title = {x}, journal = v}\n", path: "1.bib")
        let second = BibTeXParser.parse(text: "@article{b, title = {y}, journal = v}\n", path: "2.bib")
        #expect(entries(second).first?.venue == nil)
    }

    /// The real DBLP and ACM bibliographies (when ../shared is here): every entry read, no problems.
    @Test(arguments: [("dblp.bib", 2616), ("acm.bib", 2294)])
    func sharedBibliographies(name: String, count: Int) throws {
        let path = SharedData.path("bib/" + name)
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipped: \(path) is absent")
            return
        }
        let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
        #expect(parsed.records.count == count)
        #expect(parsed.problems.isEmpty)
        let all = entries(parsed)
        #expect(all.allSatisfy { !$0.title.contains("{") && !$0.title.contains("\\") })
        #expect(all.flatMap(\.authors).allSatisfy { !$0.contains("&#") && !$0.contains("\\") })
    }
}

@Suite("RIS")
struct RISTests {
    @Test func recordsWithEveryCommonTag() throws {
        let parsed = try parseFile(
            "refs.ris",
            """
            TY  - JOUR
            ID  - pell2024
            AU  - Pell, Juno
            AU  - Alcott, Wren
            TI  - Tidal Routing for
              Sparse Experts
            T2  - Journal of Routing
            PY  - 2024/03/09/
            AB  - We route tokens.
            DO  - 10.1000/XYZ.1
            UR  - https://arxiv.org/abs/2403.01234
            KW  - routing
            KW  - experts
            ER  -

            TY  - CONF
            A1  - Okafor, Idris
            T1  - Glacier
            BT  - CVPR
            Y1  - 2023
            ER  -
            """)
        let list = entries(parsed)
        #expect(parsed.format == "ris")
        #expect(parsed.problems.isEmpty)
        #expect(list.map(\.title) == ["Tidal Routing for Sparse Experts", "Glacier"])
        #expect(list[0].authors == ["Juno Pell", "Wren Alcott"])
        #expect(list[1].authors == ["Idris Okafor"])
        #expect(list[0].citationKey == "pell2024")
        #expect(list[0].date == PartialDate(year: 2024, month: 3, day: 9))
        #expect(list[0].doi == "10.1000/xyz.1")
        #expect(list[0].arxivID == "2403.01234")
        #expect(list[0].keywords == ["routing", "experts"])
        #expect(list[0].venue?.name == "Journal of Routing")
        #expect(list[1].venue?.name == "CVPR")
        #expect(list[1].date?.year == 2023)
    }

    @Test func brokenRecordsAreReportedAndNeighboursKept() throws {
        let parsed = try parseFile(
            "b.ris",
            """
            stray text before any record
            TY  - JOUR
            TI  - Without an end
            TY  - JOUR
            TI  - Complete
            ER  -
            TY  - JOUR
            AU  - Nobody, Some
            ER  -
            """)
        #expect(entries(parsed).map(\.title) == ["Without an end", "Complete"])
        #expect(parsed.problems.map(\.line) == [1, 2, 7])
    }
}

@Suite("CSL JSON")
struct CSLJSONTests {
    @Test func itemsBecomePapers() throws {
        let parsed = try parseFile(
            "library.json",
            """
            [
              {"id": "pell2024", "type": "article-journal", "title": "Tidal Routing",
               "author": [{"family": "Pell", "given": "Juno"}, {"literal": "Acme Research"},
                          {"family": "Berg", "given": "Hans", "non-dropping-particle": "van der"}],
               "container-title": "Journal of Routing", "issued": {"date-parts": [[2024, 3, 9]]},
               "DOI": "10.1000/ABC", "abstract": "We route.", "keyword": "routing, experts"},
              {"id": "z", "type": "article", "title": "Preprint", "number": "arXiv:2101.00001",
               "issued": {"raw": "2021-01-04"}},
              {"id": "bad", "type": "article"},
              "not an item"
            ]
            """)
        #expect(parsed.format == "csl-json")
        let list = entries(parsed)
        #expect(list.map(\.title) == ["Tidal Routing", "Preprint"])
        #expect(list[0].authors == ["Juno Pell", "Acme Research", "Hans van der Berg"])
        #expect(list[0].date == PartialDate(year: 2024, month: 3, day: 9))
        #expect(list[0].doi == "10.1000/abc")
        #expect(list[0].citationKey == "pell2024")
        #expect(list[0].keywords == ["routing", "experts"])
        #expect(list[1].arxivID == "2101.00001")
        #expect(list[1].date == PartialDate(year: 2021, month: 1))
        #expect(parsed.problems.map(\.reason) == ["item 3: entry \"bad\" has no title", "item 4 is not an object"])
    }

    @Test func otherJSONIsNotTakenForCSL() throws {
        let parsed = try parseFile("data.json", "[1, 2, 3]\n")
        #expect(parsed.format == "text")
    }
}

@Suite("Bibliographic identifiers")
struct IdentifierTests {
    @Test(
        arguments: [
            ("10.1145/223784.223785", "10.1145/223784.223785"),
            ("https://doi.org/10.1145/ABC.1", "10.1145/abc.1"),
            ("doi:10.1000/x_y", "10.1000/x_y"),
            (#"{10.1000/a\_b}"#, "10.1000/a_b"),
            ("not a doi", nil),
            ("10.abc/x", nil),
        ] as [(String, String?)])
    func dois(text: String, doi: String?) {
        #expect(BibText.doi(text) == doi)
    }

    @Test(
        arguments: [
            ("2101.00001", "2101.00001"),
            ("2101.00001v3", "2101.00001"),
            ("arXiv:0704.0001", "0704.0001"),
            ("https://arxiv.org/abs/2403.01234v2", "2403.01234"),
            ("https://arxiv.org/pdf/2403.01234.pdf", "2403.01234"),
            ("hep-th/9901001v1", "hep-th/9901001"),
            ("arXiv preprint arXiv:1706.03762", "1706.03762"),
            ("1999", nil),
            ("SIGMOD Record 28(1)", nil),
        ] as [(String, String?)])
    func arxivIDs(text: String, id: String?) {
        #expect(BibText.arxivID(text) == id)
    }

    /// A book's ISBN in each format's field (BibTeX `isbn`, RIS `SN`, CSL JSON `ISBN`), hyphenated
    /// or not, ISBN-10 or -13, is kept as its 13 digits; an ISSN or a wrong check digit is not.
    @Test(
        arguments: [
            ("b.bib", "@book{k, title = {Introduction to Algorithms}, isbn = {0-262-03384-4}}", "9780262033848"),
            ("b.bib", "@book{k, title = {Introduction to Algorithms}, isbn = {978-0-262-03384-8}}", "9780262033848"),
            ("b.bib", "@book{k, title = {Introduction to Algorithms}, isbn = {0-262-03384-5}}", nil),
            ("b.ris", "TY  - BOOK\nTI  - Introduction to Algorithms\nSN  - 9780262033848\nER  -\n", "9780262033848"),
            ("b.ris", "TY  - JOUR\nTI  - Introduction to Algorithms\nSN  - 0001-0782\nER  -\n", nil),
            (
                "b.json",
                #"[{"id": "k", "type": "book", "title": "Introduction to Algorithms", "ISBN": "ISBN 0-8044-2957-X"}]"#,
                "9780804429573"
            ),
        ] as [(String, String, String?)])
    func isbns(name: String, text: String, isbn: String?) throws {
        let list = entries(try parseFile(name, text))
        #expect(list.map(\.title) == ["Introduction to Algorithms"])
        #expect(list.first?.isbn == isbn)
    }

    /// RIS writes "Last, First, Suffix".
    @Test(arguments: [
        ("Pell, Juno", "Juno Pell"), ("Berg, Hans, Jr.", "Hans Berg Jr."), ("Acme Research", "Acme Research"),
        ("Pell, J.", "J. Pell"),
    ])
    func risNames(text: String, name: String) {
        #expect(BibText.naturalOrder(text) == name)
    }

    @Test(
        arguments: [
            ("jan", 1), ("January", 1), ("Sept.", 9), ("sep", 9), ("12", 12), ("13", nil), ("ma", nil), ("{May}", 5),
        ] as [(String, Int?)])
    func months(text: String, month: Int?) {
        #expect(BibText.month(text) == month)
    }
}
