import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryIngest

@Suite("arXiv JSON Lines")
struct ArxivTests {
    static let kaggle = "arxiv/kaggle-snapshot-first200.jsonl"
    static let dump = "arxiv/arxiv-cs-2025-2026.jsonl.gz"

    /// Three good records around a line that is not JSON, one without a title, and a blank line.
    static let fixture =
        [
            #"{"id":"0704.0001","authors":"C. Bal\\'azs, E. L. Berger and P. M. Nadolsky","title":"Calculation of\n  prompt diphoton production","abstract":"  A fully\ndifferential $\\times$ calculation.\n","categories":"hep-ph cs.LG","journal-ref":"Phys.Rev.D76:013009,2007","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"},{"version":"v2","created":"Tue, 24 Jul 2007 20:10:27 GMT"}],"update_date":"2008-11-26"}"#,
            #"{"id":"0704.0002","authors":"Ileana Streinu and Louis Theran","title":"Sparsity-certifying Graph"#,
            #"{"id":"0704.0003","authors":"Hongjun Pan","categories":"physics.gen-ph"}"#,
            "",
            #"{"id":"2503.11731","authors":"Xianming Zeng, Sicong Du, Qifeng Chen","title":"Industrial-Grade Sensor Simulation","comments":null,"categories":"cs.CV cs.RO","abstract":"Sensor simulation\nis pivotal.","update_date":"2025-03-18"}"#,
            #"{"id":"9001.00001","submitter":null,"authors":"A, B","title":"Bench record","comments":null,"journal-ref":"Proc. Bench","doi":null,"categories":"bench","abstract":"x","update_date":"2000-01-01"}"#,
        ].joined(separator: "\n") + "\n"

    private func checkFixture(_ parsed: ParsedFile, path: String) throws {
        #expect(parsed.format == "arxiv")
        let found = parsed.papers
        #expect(found.map(\.arxivID) == ["0704.0001", "2503.11731", "9001.00001"])
        #expect(
            parsed.problems == [
                ParseFailure(path: path, line: 2, reason: "invalid JSON"),
                ParseFailure(path: path, line: 3, reason: "missing title and abstract"),
            ])
        let first = try #require(found.first)
        #expect(first.title == "Calculation of prompt diphoton production")
        #expect(first.abstract == "A fully differential × calculation.")
        #expect(first.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky"])
        #expect(first.venue == Venue(code: "hep-ph", name: "hep-ph"))
        #expect(
            first.otherVenues == [
                Venue(code: "cs.LG", name: "Machine Learning"), Venue(name: "Phys.Rev.D"),
            ]
        )
        #expect(first.date == PartialDate(year: 2007, month: 4, day: 2))
        let second = found[1]
        #expect(second.venue == Venue(code: "cs.CV", name: "Computer Vision and Pattern Recognition"))
        #expect(second.otherVenues == [Venue(code: "cs.RO", name: "Robotics")])
        #expect(second.date == PartialDate(year: 2025, month: 3, day: 18))
        #expect(second.abstract == "Sensor simulation is pivotal.")
        let bench = found[2]
        #expect(bench.venue == Venue(code: "bench", name: "bench"))
        #expect(bench.otherVenues == [Venue(name: "Proc. Bench")])
        #expect(bench.authors == ["A", "B"])
    }

    @Test func malformedLinesAreProblemsAndTheRestIsRead() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("records.jsonl", text: ArxivTests.fixture)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            try checkFixture(parsed, path: path)
        }
    }

    @Test func gzippedJSONLinesGiveTheSameRecords() throws {
        try TemporaryFolder.with { folder in
            let plain = try folder.write("records.jsonl", text: ArxivTests.fixture)
            let path = try gzipCopy(of: plain)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            try checkFixture(parsed, path: path)
        }
    }

    @Test func jsonThatIsNotAnArxivDumpIsADocument() throws {
        try TemporaryFolder.with { folder in
            let text = "[\n  {\"doc_id\": \"1\", \"text\": \"experimental investigation\"}\n]\n"
            let path = try folder.write("cran_docs.json", text: text)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(parsed.format == "text")
            #expect(parsed.records == [.document(PlainDocument(title: "[", text: text))])
        }
    }

    @Test(arguments: [
        (#"Bal\'azs"#, "Balázs"), (#"G\"ahler"#, "Gähler"), (#"{\"o}"#, "{ö}"), (#"\'{e}"#, "é"),
        (#"\c{c}"#, "ç"), (#"\~n"#, "ñ"), (#"\v{s}"#, "š"), (#"Stra\ss e"#, "Straße"), (#"{\o}"#, "{ø}"),
        (#"{\O}bro"#, "{Ø}bro"), (#"\aa"#, "å"), (#"Bro\v{n}a"#, "Broňa"), (#"Tom\`as"#, "Tomàs"),
        (#"\'{\i}"#, "í"), (#"\"\i"#, "ï"), (#"\c c"#, "ç"), (#"\H{o}"#, "ő"), (#"\^o"#, "ô"),
        (#"$\vec{v}$ and \vspace"#, #"$\vec{v}$ and \vspace"#), (#"\'{}"#, #"\'{}"#), ("plain", "plain"),
    ])
    func texAccentsBecomeLetters(input: String, output: String) {
        #expect(TeXAccents.apply(input) == output)
    }

    @Test(arguments: [
        (#"Mikkel {\O}bro"#, "Mikkel Øbro"), (#"$O(n \log n)$ time"#, "O(n log n) time"),
        (#"the $(k,\ell)$-pebble game"#, "the (k,ℓ)-pebble game"),
    ])
    func texIsReducedWithAccents(input: String, output: String) {
        #expect(TeX.reduce(input) == output)
    }

    /// Dropping markup never glues two words (issue 8: `field\footnote{https…}` gave `fieldhttps`,
    /// `}{this URL}` gave `…xthis`, `$n\log n$` gave `nlog`), while the markup inside a word keeps it
    /// whole (`\textbf{A}ttention`, `S\textsuperscript{2}Sent`).
    @Test(arguments: [
        (#"vibrant field\footnote{https://github.com/a/b}"#, "vibrant field https://github.com/a/b"),
        (#"\href{https://x.org/p}{this URL}."#, "https://x.org/p this URL."),
        (#"at \textcolor{blue}{https://x.org}"#, "at blue https://x.org"),
        (#"GAN\cite{huang2023} still"#, "GAN huang2023 still"),
        (#"$O(n\log n)$ and $\log{n}$ and $\max_i$"#, "O(n log n) and log n and max_i"),
        (#"by $330\times$ versus"#, "by 330× versus"),
        (#"\textbf{A}ttention \textbf{B}ased"#, "Attention Based"),
        (#"PM\textsuperscript{4}Bench"#, "PM4Bench"),
        (#"$\text{AV}^2\text{A}$"#, "AV^2A"),
    ])
    func droppedMarkupNeverGluesWords(input: String, output: String) {
        #expect(TeX.reduce(input) == output)
    }

    @Test(arguments: [
        ("Ileana Streinu and Louis Theran", ["Ileana Streinu", "Louis Theran"], false),
        ("A. Smith, B. Jones, and C. Brown", ["A. Smith", "B. Jones", "C. Brown"], false),
        (
            #"A. Greilich (1), M. Wiemann (1), and M. Bayer (1) ((1) Universit\"at Dortmund, Germany, (2) Washington)"#,
            ["A. Greilich", "M. Wiemann", "M. Bayer"], false
        ),
        (
            #"Christian Krattenthaler (Universit\"at Wien) and Thomas M\"uller"#
                + "\n  (Queen Mary & Westfield College, University of London)",
            ["Christian Krattenthaler", "Thomas Müller"], false
        ),
        ("Donald Johann Jr. and Fred Prior", ["Donald Johann Jr.", "Fred Prior"], false),
        ("John Smith, Jr., Ann Lee", ["John Smith Jr.", "Ann Lee"], false),
        ("Ada Lovelace, Charles Babbage et al.", ["Ada Lovelace", "Charles Babbage"], true),
        ("Q. Li; R. Wu", ["Q. Li", "R. Wu"], false),
        ("", [], false),
    ])
    func authorStringsAreSplit(text: String, names: [String], truncated: Bool) {
        let split = ArxivParser.splitAuthors(text)
        #expect(split.names == names)
        #expect(split.truncated == truncated)
    }

    @Test func parsedAuthorsAreFirstNameFirst() {
        let parsed: [[String?]] = [
            ["Balázs", "C.", ""], ["Yuan", "C. -P.", ""], ["Evans", "Neal J.", "II"],
            ["Iliev", "Bozhidar Z.", "", "Institute for Nuclear Research"], [#"{\O}bro"#, "Mikkel", nil],
        ]
        let names = ArxivParser.names(parsed: parsed)
        #expect(names.names == ["C. Balázs", "C.-P. Yuan", "Neal J. Evans II", "Bozhidar Z. Iliev", "Mikkel Øbro"])
        #expect(!names.truncated)
    }

    @Test(arguments: [
        ("Mon, 2 Apr 2007 19:18:42 GMT", PartialDate(year: 2007, month: 4, day: 2)),
        ("Sat, 31 Mar 2007 02:26:18 GMT", PartialDate(year: 2007, month: 3, day: 31)),
        ("2007", PartialDate(year: 2007)),
    ])
    func versionDates(text: String, date: PartialDate) {
        #expect(ArxivParser.versionDate(text) == date)
    }

    @Test func updateDateIsUsedWithoutVersions() {
        #expect(ArxivParser.date(versions: [], updated: "2008-11-13") == PartialDate(year: 2008, month: 11, day: 13))
        #expect(ArxivParser.date(versions: [], updated: "garbage") == nil)
    }

    /// Categories become venues; classification codes submitters add to the list do not (issue 12:
    /// the venue facet held `68T07`, `I.2.7`, `(Primary)`, `2020:`).
    @Test func categoriesBecomeVenues() {
        let venues = ArxivParser.categoryVenues(["cs.CL cs.AI I.2.7; 68T50, cs.CL"])
        #expect(
            venues == [
                Venue(code: "cs.CL", name: "Computation and Language"),
                Venue(code: "cs.AI", name: "Artificial Intelligence"),
            ])
    }

    @Test(arguments: [
        ("cs.LG", true), ("hep-th", true), ("math.AG", true), ("q-bio.BM", true), ("bench", true),
        ("I.2.7", false), ("68T07", false), ("68T50,", false), ("(Primary)", false), ("2020:", false), ("J.3", false),
        ("H.3.3", false), ("68U10", false), ("MSC", false), ("(Secondary)", false),
    ])
    func onlyCategoriesAreVenues(code: String, isCategory: Bool) {
        #expect(ArxivParser.isCategory(code) == isCategory)
    }

    /// A journal reference is a citation, not a venue: the venue is the journal's name before the
    /// volume (issue: "Phys.Rev.D76:013009,2007" was a venue facet value of its own). References
    /// from the Kaggle snapshot, and shapes of computer-science dumps.
    @Test(
        arguments: [
            ("Phys.Rev.D76:013009,2007", "Phys.Rev.D"), ("Phys. Rev. B 75, 134405 (2007).", "Phys. Rev. B"),
            ("PHYSICAL REVIEW A 75, 052106 (2007)", "PHYSICAL REVIEW A"),
            ("Phys. Rev. B77, 075325 (2008)", "Phys. Rev. B"),
            ("J. Phys. A: Math. Theor. 40 No 41 (12 October 2007) 12315-12333", "J. Phys. A: Math. Theor."),
            ("Eur. Phys. J. - B, 22, 129-135 (2001)", "Eur. Phys. J. - B"), ("JHEP 0812:112,2008", "JHEP"),
            ("Asymptotic Analysis, 57 No. 1-2, 1-27, 2008", "Asymptotic Analysis"),
            ("Physica A, V. 387, Issues 2-3 (2008), Pages 385-406", "Physica A"),
            ("Contrib. Plasma Phys.Volume 47, 368, 2007", "Contrib. Plasma Phys."),
            (
                "Optik-International Journal for Light and Electron Optics, 120,\n  414-417 (2009)",
                "Optik-International Journal for Light and Electron Optics"
            ),
            (
                "Phys.Part.Nucl.Lett.4:11-17,2007;\n  PismaFiz.Elem.Chast.Atom.Yadra2007N1:25-35,2007",
                "Phys.Part.Nucl.Lett."
            ),
            ("J. of Pure and Applied Algebra, 213(2) (Feb. 2009) 264-278", "J. of Pure and Applied Algebra"),
            ("IEEE Transactions on Robotics, vol. 12, no. 3, 2021", "IEEE Transactions on Robotics"),
            ("ICLR 2025", "ICLR"),
            (
                "Proceedings of the 2007 IEEE Symposium on Security, pp. 33-40",
                "Proceedings of the 2007 IEEE Symposium on Security"
            ),
            ("2nd Workshop on 3D Vision, 2019", "2nd Workshop on 3D Vision"),
            ("Proc. Bench", "Proc. Bench"), ("(2007) 12-15", "(2007) 12-15"),
        ])
    func journalReferencesGiveTheJournalsName(reference: String, venue: String) {
        #expect(ArxivParser.journalVenue(reference) == Venue(name: venue))
    }

    @Test func longJournalReferencesAreCut() throws {
        let venue = try #require(ArxivParser.journalVenue(String(repeating: "Journal of Things ", count: 20)))
        #expect(venue.name.count <= ArxivParser.longestJournalRef + 1)
        #expect(venue.name.hasSuffix("of…"))
        #expect(!venue.name.contains("  "))
        #expect(ArxivParser.journalVenue("  \n ") == nil)
    }

    @Test(
        arguments: [
            (#"{"id":"1","title":"T"}"#, .record), (#"  {"id": "1", "abstract": "A"}"#, .record),
            (#"{"id":"1","title":"T","type":"article"}"#, .record), (#"{"title":"T"}"#, .otherJSON),
            (#"{"id":"1"}"#, .otherJSON), (#"{"id":"1","title":5}"#, .otherJSON), ("[1, 2]", .otherJSON),
            (#""text""#, .otherJSON), ("{", .invalid("invalid JSON")), ("plain", .invalid("invalid JSON")),
            (#"{"id":"1","title":"T""#, .invalid("invalid JSON")),
        ] as [(String, ArxivParser.LineKind)])
    func lineKinds(line: String, kind: ArxivParser.LineKind) {
        #expect(ArxivParser.kind(of: ArraySlice(line.utf8)) == kind)
    }

    /// In a `.json` file an object with a string `type` is a CSL item, not an arXiv record.
    @Test(
        arguments: [
            (#"{"id":"pell2024","type":"article-journal","title":"T"}"#, .otherJSON),
            (#"{"id":"1","title":"T","type":5}"#, .record), (#"{"id":"1","title":"T"}"#, .record),
        ] as [(String, ArxivParser.LineKind)])
    func cslItemsAreNotRecordsInJSONFiles(line: String, kind: ArxivParser.LineKind) {
        #expect(ArxivParser.kind(of: ArraySlice(line.utf8), cslItems: true) == kind)
    }

    // MARK: - Files named JSON: a bad line is a problem, never a reason to read the file as text

    /// Bad first lines that once made the whole file one plain-text document (issue: records lost
    /// without a word): cut short, not UTF-8, nested too deeply, valid JSON that is not a record.
    static let badFirstLines: [(bytes: [UInt8], reason: String)] = [
        (Array(#"{"id":"2401.00012","title":"Broken json","#.utf8), "invalid JSON"),
        (Array(#"{"id":"2401.00012","title":"Bad "#.utf8) + [0xFF] + Array(#" byte"}"#.utf8), "invalid JSON"),
        ([UInt8](repeating: UInt8(ascii: "["), count: 200_000), "invalid JSON"),
        (Array(#"{"id":"2401.00012","title":5}"#.utf8), "field \"title\" has the wrong type"),
    ]

    /// Every name of a JSON file, plain and gzipped.
    static let jsonNames = ["a.jsonl", "a.ndjson", "a.json", "a.jsonl.gz", "a.json.gz"]

    /// Two good records after the bad line.
    static let goodLines = Array(
        (#"{"id":"2401.00011","title":"Second good record"}"# + "\n"
            + #"{"id":"2401.00013","title":"Third good record"}"# + "\n").utf8)

    /// Writes `bytes` as `name`, gzipped when the name ends in `.gz`, and parses it.
    static func parse(_ name: String, _ bytes: [UInt8]) throws -> (
        path: String, parsed: Result<ParsedFile, ParseFailure>
    ) {
        var result: (String, Result<ParsedFile, ParseFailure>)?
        try TemporaryFolder.with { folder in
            var path = try folder.write(name.hasSuffix(".gz") ? String(name.dropLast(3)) : name, bytes: bytes)
            if name.hasSuffix(".gz") { path = try gzipCopy(of: path) }
            result = (path, FileParser().read(SourceFile(path: path, size: 0, mtimeNanos: 0)).parsed)
        }
        return try #require(result)
    }

    @Test(arguments: jsonNames, 0..<badFirstLines.count)
    func aBadFirstLineIsAProblemAndTheRestIsRead(name: String, bad: Int) throws {
        let (line, reason) = ArxivTests.badFirstLines[bad]
        let (path, result) = try ArxivTests.parse(name, line + [0x0A] + ArxivTests.goodLines)
        let parsed = try result.get()
        #expect(parsed.format == "arxiv")
        #expect(parsed.papers.map(\.arxivID) == ["2401.00011", "2401.00013"])
        #expect(parsed.papers.map(\.line) == [2, 3])
        #expect(parsed.problems == [ParseFailure(path: path, line: 1, reason: reason)])
    }

    /// The same file without the bad line parses as it did: two papers, no problem.
    @Test(arguments: jsonNames)
    func goodJSONLinesAreAnArxivDump(name: String) throws {
        let (_, result) = try ArxivTests.parse(name, Array("\n".utf8) + ArxivTests.goodLines)
        let parsed = try result.get()
        #expect(parsed.format == "arxiv")
        #expect(parsed.papers.map(\.title) == ["Second good record", "Third good record"])
        #expect(parsed.papers.map(\.line) == [2, 3])
        #expect(parsed.problems.isEmpty)
    }

    /// A file named JSON with no record in it that is not JSON fails naming the file (and, for
    /// JSON Lines, the first bad line) instead of becoming a document of its raw text.
    @Test(
        arguments: [
            ("trunc.json", #"[{"title": "trunc"#, nil, "invalid JSON (unexpected end of file during JSON parse)"),
            ("trunc.json.gz", #"[{"title": "trunc"#, nil, "invalid JSON (unexpected end of file during JSON parse)"),
            (
                "pretty.json", "{\n  \"title\": \"cut\",\n", nil,
                "invalid JSON (unexpected end of file during JSON parse)"
            ),
            (
                "deep.json", String(repeating: "[", count: 200_000), nil,
                "invalid JSON (too many nested arrays or dictionaries around character 513)"
            ),
            ("deep.jsonl", String(repeating: "[", count: 200_000), 1, "invalid JSON; no line is a record"),
            ("notes.jsonl", "\nnot json at all\n{\"doc\": 1}\n", 2, "invalid JSON; no line is a record"),
            ("notes.ndjson.gz", "{\"doc\": 1}\n{\"doc\": ", 2, "invalid JSON; no line is a record"),
            ("notes.json", "{\"doc\": 1}\nnot json\n", 2, "invalid JSON; no line is a record"),
        ] as [(String, String, Int?, String)])
    func jsonThatDoesNotParseFailsNamingTheFile(name: String, text: String, line: Int?, reason: String) throws {
        let (path, result) = try ArxivTests.parse(name, Array(text.utf8))
        #expect(throws: ParseFailure(path: path, line: line, reason: reason)) { try result.get() }
    }

    /// A `.json` file of one object: a CSL item (on one line or several) is a bibliography of one,
    /// as an array of items is; an arXiv record is a paper however it is laid out, on the line of its `{`.
    @Test(
        arguments: [
            ("item.json", ArxivTests.cslItem, "csl-json", nil),
            ("item.json", ArxivTests.cslItem.replacingOccurrences(of: ", ", with: ",\n  "), "csl-json", nil),
            ("item.json.gz", ArxivTests.cslItem, "csl-json", nil),
            ("record.json", #"{"id": "2401.00011", "title": "Tidal Routing", "doi": "10.1/X"}"#, "arxiv", 1),
            (
                "record.json",
                "\n{\n  \"id\": \"2401.00011\",\n  \"title\": \"Tidal Routing\",\n  \"doi\": \"10.1/X\"\n}\n", "arxiv",
                2
            ),
        ] as [(String, String, String, Int?)])
    func aLoneObjectIsRead(name: String, text: String, format: String, line: Int?) throws {
        let (_, result) = try ArxivTests.parse(name, Array(text.utf8))
        let parsed = try result.get()
        #expect(parsed.format == format)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.papers.map(\.title) == ["Tidal Routing"])
        let paper = try #require(parsed.papers.first)
        #expect(paper.line == line)
        #expect(paper.doi == "10.1/x")
        if format == "csl-json" {
            #expect(paper.citationKey == "pell2024" && paper.arxivID == nil)
        } else {
            #expect(paper.arxivID == "2401.00011")
        }
    }

    /// A CSL item on one line, with an id and a title as an arXiv record has.
    static let cslItem = #"{"id": "pell2024", "type": "article-journal", "title": "Tidal Routing", "DOI": "10.1/X"}"#

    /// The Kaggle snapshot's `doi` is the paper's DOI, in the form `doi:` queries look up (issue: it
    /// was dropped, so `doi:10.1103/PhysRevD.76.013009` found nothing and `show` listed no DOI).
    @Test(
        arguments: [
            (#""doi":"10.1103/PhysRevD.76.013009","#, "10.1103/physrevd.76.013009"),
            (#""doi":"10.1364/JOSAA.23.002578 10.1364/JOSAA.32.002407","#, "10.1364/josaa.23.002578"),
            (#""doi":"https://doi.org/10.1000/X1","#, "10.1000/x1"), (#""doi":["10.1000/List"],"#, "10.1000/list"),
            (#""doi":null,"#, nil), (#""doi":"","#, nil), (#""doi":"n/a","#, nil), ("", nil),
        ] as [(String, String?)])
    func kaggleDOIsAreRead(field: String, doi: String?) {
        let line =
            #"{"id":"0704.0001","submitter":"Pavel Nadolsky","authors":"C. Bal\\'azs, E. L. Berger","#
            + #""title":"Calculation of prompt diphoton production","comments":"37 pages","#
            + #""journal-ref":"Phys.Rev.D76:013009,2007","# + field
            + #""report-no":"ANL-HEP-PR-07-12","categories":"hep-ph","license":null,"abstract":"  A fully\ndifferential","#
            + #""versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"}],"update_date":"2008-11-13","#
            + #""authors_parsed":[["Balázs","C.",""],["Berger","E. L.",""]]}"#
        var parser = ArxivParser(path: "/kaggle.jsonl")
        parser.add(line: ArraySlice(line.utf8), number: 1)
        #expect(parser.parsed.problems.isEmpty)
        #expect(parser.parsed.papers.map(\.doi) == [doi])
    }

    @Test(arguments: [
        (#"[1]"#, "not a JSON object"), (#"{"id":"1","title":5}"#, "field \"title\" has the wrong type"),
        (#"{"id":"1","title":"  "}"#, "empty title and abstract"), (#"{"id":"1","title":"T","#, "invalid JSON"),
    ])
    func badLinesSayWhy(line: String, reason: String) {
        // (A record with text but no title, as in MED, is accepted: see untitledRecordWithTextIsKept.)
        var parser = ArxivParser(path: "/x.jsonl")
        parser.add(line: ArraySlice(line.utf8), number: 7)
        #expect(parser.parsed.records.isEmpty)
        #expect(parser.parsed.problems == [ParseFailure(path: "/x.jsonl", line: 7, reason: reason)])
    }

    @Test func problemsAreListedUpToALimit() {
        var parser = ArxivParser(path: "/x.jsonl")
        parser.add(line: ArraySlice(#"{"id":"1","title":"T"}"#.utf8), number: 1)
        for number in 2...(ArxivParser.mostProblems + 11) {
            parser.add(line: ArraySlice("garbage".utf8), number: number)
        }
        let parsed = parser.parsed
        #expect(parsed.records.count == 1)
        #expect(parsed.problems.count == ArxivParser.mostProblems + 1)
        #expect(parsed.problems.last == ParseFailure(path: "/x.jsonl", reason: "10 more bad lines not listed"))
    }

    // MARK: - Real data

    @Test(
        .enabled(
            if: SharedData.has(ArxivTests.kaggle), "../shared/data/arxiv is absent: real Kaggle records not checked"))
    func kaggleSnapshotFirst200() throws {
        let parsed = try SharedData.parse(ArxivTests.kaggle)
        #expect(parsed.format == "arxiv")
        #expect(parsed.problems.isEmpty)
        let found = parsed.papers
        #expect(found.count == 200)
        let byID = Dictionary(found.map { ($0.arxivID ?? "", $0) }, uniquingKeysWith: { first, _ in first })

        let first = try #require(byID["0704.0001"])
        #expect(first.authors == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(first.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(first.date == PartialDate(year: 2007, month: 4, day: 2))
        #expect(first.venue == Venue(code: "hep-ph", name: "hep-ph"))
        #expect(first.otherVenues == [Venue(name: "Phys.Rev.D")])
        #expect(first.doi == "10.1103/physrevd.76.013009")
        // 117 of the 200 records have a DOI, two of them two (the second an erratum's).
        #expect(found.count { $0.doi != nil } == 117)
        #expect(byID["0704.0033"]?.doi == "10.1364/josaa.23.002578")

        let second = try #require(byID["0704.0002"])
        #expect(second.authors == ["Ileana Streinu", "Louis Theran"])
        #expect(second.venues.map(\.name) == ["math.CO", "Computational Geometry"])
        #expect(second.date == PartialDate(year: 2007, month: 3, day: 31))

        // Affiliations in parentheses, TeX accents, suffixes, Kaggle's spaced initials.
        #expect(byID["0704.0163"]?.authors == ["Peter Brommer", "Franz Gähler"])
        #expect(byID["0704.0009"]?.authors.contains("Neal J. Evans II") == true)
        #expect(byID["0704.0027"]?.authors.contains { $0.hasPrefix("J.-N.") } == true)
        let accented = found.flatMap(\.authors).filter { $0.contains("\\") || $0.contains("{") }
        #expect(accented.isEmpty, "TeX left in author names: \(accented)")
        #expect(found.allSatisfy { !$0.title.contains("\n") && !$0.title.contains("  ") })
        #expect(found.allSatisfy { $0.date?.year == 2007 || $0.date?.year == 2008 })
    }

    @Test(
        .enabled(
            if: SharedData.has(ArxivTests.dump), "../shared/data/arxiv is absent: the 74,728-record dump not checked"))
    func computerScienceDump() throws {
        let start = Date()
        let parsed = try SharedData.parse(ArxivTests.dump)
        let seconds = Date().timeIntervalSince(start)
        print("arxiv-cs-2025-2026.jsonl.gz: \(parsed.records.count) records in \(String(format: "%.2f", seconds)) s")
        #expect(parsed.format == "arxiv")
        #expect(parsed.records.count == 74_728)
        #expect(parsed.problems.isEmpty)
        let found = parsed.papers
        #expect(found.allSatisfy { !$0.title.isEmpty && $0.arxivID != nil && $0.venue != nil && $0.date != nil })
        let first = try #require(found.first)
        #expect(first.arxivID == "2503.11731")
        #expect(first.venue == Venue(code: "cs.CV", name: "Computer Vision and Pattern Recognition"))
        #expect(first.otherVenues == [Venue(code: "cs.RO", name: "Robotics")])
        #expect(first.authors.count == 16)
        #expect(first.date == PartialDate(year: 2025, month: 3, day: 18))
        #expect(found.filter { $0.venue?.code == "cs.CV" }.count == 35_273)
        #expect(!found.contains { $0.authors.contains { $0.hasPrefix("and ") || $0.isEmpty } })
    }
}

@Test func untitledRecordWithTextIsKept() {
    var parser = ArxivParser(path: "/med.jsonl")
    parser.add(
        line: ArraySlice(#"{"id":"9001.00003","title":"","abstract":"the crystalline lens in vertebrates"}"#.utf8),
        number: 1)
    #expect(parser.parsed.problems.isEmpty)
    if case .paper(let paper) = parser.parsed.records.first {
        #expect(paper.title.isEmpty && paper.abstract == "the crystalline lens in vertebrates")
    } else {
        Issue.record("no paper for an untitled record with text")
    }
}
