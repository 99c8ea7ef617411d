import CSV
import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryIngest

@Suite("CSV resume datasets and encoding repair")
struct CsvTests {
    static let dataset = "resumes/UpdatedResumeDataSet.csv"
    static let reference = "resumes/UpdatedResumeDataSet.alt-encoding-copy.csv"

    /// A resume with a quoted multi-line field, double-encoded `ï` and `•`, an escaped quote;
    /// a plain one; and a row without resume text (line 9).
    static let fixture =
        "Category,Resume\r\n"
        + "Data Science,\"Skills * Programming Languages: Python (pandas, numpy), Sql, Java, JavaScript/JQuery."
        + " * Machine learning: Regression, SVM, NaÃ¯ve Bayes.Education Details \r\n"
        + "B.Tech Computer Science\r\n"
        + "Skill Details \r\n"
        + "JAVASCRIPT- Experience - 24 months\r\n"
        + "Python- Experience - 24 monthsCompany Details \r\n"
        + "company - Ernst & Young LLP\r\n"
        + "description - â\u{80}¢ Built a \"\"chatbot\"\" â\u{80}¢ Ran ETL jobs\"\r\n"
        + "Advocate,\"Practised at the High Court of Madras\"\r\n"
        + "HR,\r\n"

    private func resumes(_ parsed: ParsedFile) -> [Resume] {
        parsed.records.compactMap { if case .resume(let resume) = $0 { resume } else { nil } }
    }

    @Test func rowsBecomeResumesWithCategories() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("resumes.csv", text: CsvTests.fixture)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(parsed.format == "resume-csv")
            #expect(parsed.problems == [ParseFailure(path: path, line: 10, reason: "row has no resume text")])
            let found = resumes(parsed)
            #expect(found.map(\.category) == ["Data Science", "Advocate"])
            #expect(found.allSatisfy { $0.person == nil })

            let first = try #require(found.first)
            #expect(first.sections.map(\.title) == ["Skills", "Education Details", "Skill Details", "Company Details"])
            let skills = first.sections[0]
            #expect(
                skills.bullets.first == "Programming Languages: Python (pandas, numpy), Sql, Java, JavaScript/JQuery.")
            #expect(skills.bullets.last == "Machine learning: Regression, SVM, Naïve Bayes.")
            #expect(first.sections[1].lines == ["B.Tech Computer Science"])
            let company = first.sections[3]
            #expect(company.lines == ["company - Ernst & Young LLP", "description -"])
            #expect(company.bullets == ["Built a \"chatbot\"", "Ran ETL jobs"])
            for skill in [
                "Python", "Sql", "Java", "JavaScript/JQuery", "Regression", "SVM", "Naïve Bayes", "JAVASCRIPT",
            ] {
                #expect(first.skills.contains(skill), "missing skill \(skill) in \(first.skills)")
            }
            #expect(first.skills.filter { $0.lowercased() == "python" }.count == 1)
        }
    }

    @Test func rowLinesCountLineBreaksInsideFields() {
        let (rows, problems) = CsvResumeParser.rows(in: CsvTests.fixture, path: "/r.csv")
        #expect(rows.map(\.line) == [2, 9])
        #expect(problems.map(\.line) == [10])
        #expect(rows.first?.text.contains("\r") == false)
        #expect(rows.first?.text.contains("NaÃ¯ve") == false)
    }

    @Test(arguments: [
        ("Category,Resume\n", true), ("\"Category\",\"Resume\"\r\n", true), ("category , RESUME\n", true),
        ("\u{FEFF}Category,Resume\n", true), ("ID,Category,Resume,Extra\n", true), ("Name,Resume\n", false),
        ("Category\n", false),
    ])
    func headerDetection(header: String, matches: Bool) {
        #expect(CsvResumeParser.matches(header + "x,y\n") == matches)
    }

    @Test(arguments: [
        ("JAVASCRIPT- Experience - 24 months", ["JAVASCRIPT"] as [String]?),
        ("Core Java- Experience - Less than 1 year months", ["Core Java"]),
        (
            "Experience in Machine Learning, NLP, Python, SQL- Experience - 6 months",
            ["Machine Learning", "NLP", "Python", "SQL"]
        ),
        ("Good knowledge of typing as well as many other activities- Experience - 1 months", []),
        ("company - Ernst & Young LLP", nil),
    ])
    func experienceLinesGiveSkills(line: String, skills: [String]?) {
        #expect(CsvResumeParser.experienceSkills(line) == skills)
    }

    @Test(arguments: [
        ("➢ Managed teams", "• Managed teams"), ("Ø Managing", "• Managing"), ("Øbro", "Øbro"),
        ("ü Explaining", "• Explaining"), ("*Python", "• Python"), ("a * b ❖ c", "a • b • c"),
        ("−5 degrees", "−5 degrees"), ("plain text", "plain text"), ("x*y", "x*y"),
    ])
    func bulletGlyphsAreMarked(line: String, marked: String) {
        #expect(CsvResumeParser.bulletsMarked(line) == marked)
    }

    @Test func otherCSVIsAPlainDocument() throws {
        try TemporaryFolder.with { folder in
            let text = "name,score\nada,3\n"
            let path = try folder.write("scores.csv", text: text)
            let parsed = try FileParser().records(in: SourceFile(path: path, size: 0, mtimeNanos: 0))
            #expect(parsed.format == "text")
            #expect(parsed.records == [.document(PlainDocument(title: "name,score", text: text))])
        }
    }

    @Test(arguments: [
        ("NaÃ¯ve Bayes", "Naïve Bayes"), ("â\u{80}¢ Python", "• Python"), ("donâ€™t", "don’t"),
        ("Ã\u{98}Â\u{A0}Managing", "Ø\u{A0}Managing"), ("café, Zürich", "café, Zürich"),
        ("Ø\u{A0}Managing", "Ø\u{A0}Managing"), ("NaÃ¯ve → Bayes", "Naïve → Bayes"), ("plain", "plain"),
        ("Ã©tÃ© and a real ü", "été and a real ü"),
    ])
    func doubleEncodedUTF8IsRepaired(input: String, output: String) {
        #expect(Mojibake.repair(input) == output)
    }

    @Test(arguments: [
        ([0x63, 0x61, 0x66, 0xE9] as [UInt8], "café" as String?),
        (Array("\u{93}quoted text\u{94} for 50\u{80}".unicodeScalars.map { UInt8($0.value) }), "“quoted text” for 50€"),
        ([0x61, 0x62, 0x63, 0x81], "abc\u{81}"), ([0x61, 0x00], nil), ([0x61, 0x1B], nil),
        ([0x61, 0x09, 0x0D, 0x0A], "a\t\r\n"),
        (Array("Naïve Bayes ".utf8) + [0xE9, 0xE2, 0x3F, 0xA2] + Array(" done".utf8), "Naïve Bayes éâ?¢ done"),
        // More legacy bytes than a third of the ASCII letters and digits: not text.
        ([0xED, 0xA0, 0x80], nil), ([0x48, 0x69, 0xFF, 0xFE, 0x20, 0x80], nil),
    ])
    func legacyDecoding(bytes: [UInt8], text: String?) {
        #expect(Mojibake.decodeLegacy(bytes) == text)
    }

    // MARK: - Real data

    @Test(
        .enabled(if: SharedData.has(CsvTests.dataset), "../shared/data/resumes is absent: the Kaggle CSV not checked"))
    func kaggleResumeDataset() throws {
        let start = Date()
        let parsed = try SharedData.parse(CsvTests.dataset)
        print(
            "UpdatedResumeDataSet.csv: \(parsed.records.count) resumes in \(String(format: "%.2f", Date().timeIntervalSince(start))) s"
        )
        #expect(parsed.format == "resume-csv")
        #expect(parsed.problems.isEmpty)
        let found = resumes(parsed)
        #expect(found.count == 962)
        #expect(found.filter { $0.category == "Advocate" }.count == 20)
        #expect(Set(found.compactMap(\.category)).count == 25)
        #expect(found.allSatisfy { !$0.sections.isEmpty })
        let first = try #require(found.first)
        #expect(first.category == "Data Science")
        #expect(first.sections.first?.title == "Skills")
        for skill in ["Python", "Sql", "Java", "JavaScript/JQuery", "Naïve Bayes", "Tableau", "JAVASCRIPT"] {
            #expect(first.skills.contains(skill), "missing skill \(skill)")
        }
        // About four resumes in five list skills in a form that can be read (764 of 962 when written);
        // the others leave "Skill Details" empty or write sentences.
        #expect(found.filter { !$0.skills.isEmpty }.count > 740)
    }

    /// The alternate copy is the dataset with its encoding fixed, but it is not clean UTF-8: it was
    /// written as Windows-1252 from the double-encoded text, so each character Windows-1252 lacks
    /// (the misread C1 control byte of `•`, `’`, …) became `?`. It also spells "Experience" as
    /// "Exprience" throughout and ends lines with `\n`. So a repaired row matches its reference
    /// when their UTF-8 bytes are equal, a reference `?` standing for one byte 0x80–0x9F.
    @Test(
        .enabled(
            if: SharedData.has(CsvTests.dataset) && SharedData.has(CsvTests.reference),
            "../shared/data/resumes is absent: the encoding repair not checked against the reference"))
    func repairMatchesTheReferenceCopy() throws {
        let dataset = try String(contentsOfFile: SharedData.path(CsvTests.dataset), encoding: .utf8)
        let repaired = CsvResumeParser.rows(in: dataset, path: CsvTests.dataset).rows
        let reference = try referenceRows()
        try #require(repaired.count == 962)
        try #require(reference.count == 962)

        var exact = 0
        var withLostBytes = 0
        var mismatches: [Int] = []
        for (row, expected) in zip(repaired, reference) {
            let ours = Array(row.text.utf8)
            if ours == expected {
                exact += 1
            } else if ours.count == expected.count,
                zip(ours, expected).allSatisfy({ $0 == $1 || ($1 == UInt8(ascii: "?") && (0x80...0x9F).contains($0)) })
            {
                withLostBytes += 1
            } else {
                mismatches.append(row.line)
            }
        }
        print(
            "encoding repair: \(exact + withLostBytes) of 962 rows match the reference (\(exact) byte for byte, \(withLostBytes) up to its ? bytes)"
        )
        #expect(mismatches.isEmpty, "rows starting on lines \(mismatches.prefix(10)) differ from the reference")
        #expect(repaired.allSatisfy { !Mojibake.looksDoubleEncoded($0.text) })
    }

    /// The reference copy's resume fields as bytes: read as Latin-1 (one character per byte, so
    /// nothing is lost), split by CSVReader, turned back into bytes and normalised like the dataset.
    private func referenceRows() throws -> [[UInt8]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedData.path(CsvTests.reference)))
        let latin1 = String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
        let reader = try CSVReader(string: latin1, hasHeaderRow: true)
        var rows: [[UInt8]] = []
        while let fields = reader.next() {
            guard fields.count >= 2 else { continue }
            let text = fields[1].replacingOccurrences(of: "Exprience", with: "Experience")
                .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            rows.append(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        }
        return rows
    }
}

/// A row whose quotes are broken is reported at its line; no other row loses or gains a letter.
@Suite("CSV rows with broken quotes")
struct CsvBrokenQuoteTests {
    @Test(
        arguments: [
            // Case 24: an unterminated quote would swallow the next row and eat a letter.
            (
                "Category,Resume\nData Science,\"Skills: python, pandas\"\nHR,\"unterminated quote here\nTesting,\"another row about selenium\"\n",
                ["Skills: python, pandas", "another row about selenium"], [3]
            ),
            // A quote that never closes, at the end of the file; the line after it is read as a row
            // of its own (here one without a resume column).
            (
                "Category,Resume\nHR,\"fine row\"\nTesting,\"never closed\nstill inside\n",
                ["fine row"], [3, 4]
            ),
            // Text after a closing quote.
            (
                "Category,Resume\nHR,\"closed\"early, then more\nAdvocate,\"court work\"\nSales,plain text row\n",
                ["court work", "plain text row"], [2]
            ),
            // Two broken rows, the rows between them whole.
            (
                "Category,Resume\nA,\"open\nB,\"bravo text\"\nC,\"open again\nD,\"delta text\"\n",
                ["bravo text", "delta text"], [2, 4]
            ),
            // Well-formed quoting: escaped quotes and a multi-line field are not problems.
            (
                "Category,Resume\nA,\"say \"\"hi\"\" twice\"\nB,\"two\nlines\"\nC,unquoted \"inner\" quotes\n",
                ["say \"hi\" twice", "two\nlines", "unquoted \"inner\" quotes"], []
            ),
        ] as [(String, [String], [Int])])
    func brokenRowsAreReportedAndNeighboursKept(text: String, kept: [String], lines: [Int]) {
        let (rows, problems) = CsvResumeParser.rows(in: text, path: "r.csv")
        #expect(rows.map(\.text) == kept)
        #expect(problems.compactMap(\.line) == lines)
        #expect(problems.allSatisfy { $0.path == "r.csv" })
    }

    @Test func rowLinesCountEarlierMultiLineFields() {
        let text = "Category,Resume\nA,\"one\ntwo\nthree\"\nB,\"after\"\n"
        #expect(CsvResumeParser.rows(in: text, path: "x.csv").rows.map(\.line) == [2, 5])
    }
}
