import QuarryEval
import QuarryModel
import Testing

/// The SMART reader on small inline collections: CRLF, missing fields, odd markers, and
/// the judgment conventions of each collection.
@Suite struct SmartFormatTests {
    @Test func readsFieldsAcrossCRLFAndLFLines() {
        let text =
            ".I 1\r\n.T\r\nA Wing\r\nin a  slipstream .\r\n.A\r\nbrenckman,m.\r\n.W\r\n  text one\r\n.I 2\n.W\nonly text\n"
        let records = SmartFormat.records(in: text)
        #expect(records.count == 2)
        #expect(records[0].id == "1")
        #expect(records[0]["T"] == "A Wing in a slipstream .")
        #expect(records[0]["A"] == "brenckman,m.")
        #expect(records[0]["W"] == "text one")
        #expect(records[1].id == "2" && records[1]["T"] == "" && records[1]["W"] == "only text")
        #expect(records[1].line == 9)
    }

    @Test func textOnTheMarkerLineCountsAndLookalikesDoNot() {
        // `.T text` opens the field with text; `.Tx` and `.5` are ordinary lines; a repeated
        // letter continues its field; lines before the first field marker and before `.I` are dropped.
        let text = "preamble\n.I 7\nstray\n.T  Inline title\n.Tx is text\n.W\nbody\n.5 also text\n.T\nmore\n"
        let records = SmartFormat.records(in: text)
        #expect(records.count == 1)
        #expect(records[0]["T"] == "Inline title .Tx is text more")
        #expect(records[0]["W"] == "body .5 also text")
        #expect(records[0].fields.count == 2)
    }

    @Test(arguments: [
        ("brenckman,m.", ["brenckman", "m."]),
        ("A. Smith and B. Jones; C. Brown", ["A. Smith", "B. Jones", "C. Brown"]),
        ("H. S. WHITE", ["H. S. WHITE"]),
        ("a, and b", ["a", "b"]),
        ("Anderson and andrews", ["Anderson", "andrews"]),
        ("", []),
    ])
    func authorsSplitLikeTheHarness(field: String, expected: [String]) {
        #expect(SmartFormat.authors(field) == expected)
    }

    @Test func queryTermsDropAllSyntax() {
        #expect(
            SmartFormat.queryTerms("What (aero-elastic) \"models\" -OR- NOT title:x, 2.5?")
                == ["what", "aero", "elastic", "models", "or", "not", "title", "x", "2", "5"])
    }

    @Test func cranfieldQueriesAreNumberedByPositionAndGradesBecomeGains() throws {
        let queries = ".I 001\r\n.W\r\nfirst query .\r\n.I 004\r\n.W\r\nsecond query\r\n.I 009\r\n.W\r\nunjudged\r\n"
        let judgments = "1 184 2 \n1 29 -1\n2 12 1\n2 13 4\n2 14 5\n"
        let documents = ".I 184\n.T\nt\n.A\nx,y.\n.B\nj. ae. scs. 25, 1958, 324.\n.W\nt body\n.I 12\n.W\nw\n"
        let collection = try TestCollection(
            name: .cranfield, documents: documents, queries: queries, judgments: judgments,
            paths: ("cran.all", "cran.qry", "cranqrel"))
        #expect(
            collection.queries == [EvalQuery(id: "1", text: "first query ."), EvalQuery(id: "2", text: "second query")])
        #expect(collection.judgments == ["1": ["184": 3], "2": ["12": 4, "13": 1]])
        #expect(collection.judgedPairs == 3)
        let paper = collection.papers[0]
        #expect(paper.title == "t" && paper.authors == ["x", "y."] && paper.abstract == "t body")
        #expect(paper.venue?.name == "j. ae. scs. 25, 1958, 324." && paper.documentNumber == "cranfield/184")
        #expect(collection.papers[1].venue == nil && collection.papers[1].title == "")
    }

    @Test func adiAndMedJudgmentsAreBinaryWithIdsWithoutLeadingZeros() throws {
        let adi = try TestCollection(
            name: .adi, documents: ".I 1\r\n.W\r\nx\r\n",
            queries: ".I 01\r\n.W\r\nq one\r\n.I 2\r\n.T\r\ntitle only\r\n",
            judgments: "1   17   0   0.000000   \r\n2 001 0 0\r\n3 5 0 0\r\nshort line\r\n",
            paths: ("ADI.ALL", "ADI.QRY", "ADI.REL"))
        #expect(adi.queries == [EvalQuery(id: "1", text: "q one"), EvalQuery(id: "2", text: "title only")])
        #expect(adi.judgments == ["1": ["17": 1], "2": ["1": 1]])
        let med = try TestCollection(
            name: .med, documents: ".I 1\n.W\nx\n", queries: ".I 1\n.W\n q\n", judgments: "1 0 13 1\n1 0 15 1\n",
            paths: ("MED.ALL", "MED.QRY", "MED.REL"))
        #expect(med.judgments == ["1": ["13": 1, "15": 1]])
    }

    @Test func malformedJudgmentsNameTheFileAndLine() {
        #expect(throws: EvalError.malformedLine(path: "ADI.REL", line: 2, detail: "document id 'x' is not a number")) {
            try TestCollection(
                name: .adi, documents: ".I 1\n.W\nx\n", queries: ".I 1\n.W\nq\n", judgments: "1 2 0 0\n1 x 0 0\n",
                paths: ("ADI.ALL", "ADI.QRY", "ADI.REL"))
        }
        #expect(throws: EvalError.noDocuments(path: "MED.ALL")) {
            try TestCollection(
                name: .med, documents: "no records\n", queries: "", judgments: "",
                paths: ("MED.ALL", "MED.QRY", "MED.REL"))
        }
    }

    @Test func errorMessagesAreLowerCaseAndNameTheirPlace() {
        let message = EvalError.malformedLine(path: "/d/ADI.REL", line: 3, detail: "grade 'x' is not a number")
            .localizedDescription
        #expect(message == "/d/ADI.REL:3: grade 'x' is not a number")
        #expect(EvalError.missingFile(path: "/d/cranqrel").localizedDescription == "/d/cranqrel: no such file")
    }
}
