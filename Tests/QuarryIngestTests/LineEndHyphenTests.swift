import Foundation
import QuarryTestSupport
import Testing

@testable import QuarryIngest

/// A hyphen at the end of a line: a word broken in two (joined) or a compound's hyphen (kept),
/// decided by the document's own words, then by a word list; both ways, with and without a list.
@Suite struct LineEndHyphenTests {
    /// Left part, right part, the document's text, the word list → what goes between them.
    @Test(arguments: [
        // The document writes the joined word elsewhere: joined, whatever the list says.
        ("distrib", "uted", "a distributed system", LineEndHyphens.WordList.none, ""),
        ("Multi", "head", "multihead layers", .none, ""),
        // The document writes the compound inside a line: kept, even when the list knows the word.
        ("data", "base", "a data-base design", .words(["database"]), "-"),
        ("self", "attention", "Self-Attention layers", .none, "-"),
        // The word list decides what the document does not.
        ("distrib", "uted", "", .words(["distributed"]), ""),
        ("some", "thing", "", .words(["something", "some", "thing"]), ""),
        ("self", "attention", "", .words(["self", "attention"]), "-"),
        ("multi", "head", "", .words(["head"]), "-"),
        // No evidence: kept (the analyzer indexes the parts and the joined word).
        ("distrib", "uted", "", .none, "-"),
        // A suspended hyphen before a conjunction gets its space.
        ("open", "and", "open source", .words(["openand"]), "- "),
        ("pre", "or", "", .none, "- "),
    ])
    func glue(left: String, right: String, document: String, list: LineEndHyphens.WordList, expected: String) {
        #expect(LineEndHyphens(document: document, wordList: list).glue(left, right) == expected)
    }

    @Test func breaksAreFoundAtLineEndsOnly() {
        let text = "Our self-\nattention and multi-\nhead blocks; pre-trained, a -\ndash, 2020-\n2021, x-\nYes"
        let breaks = LineEndHyphens.breaks(in: text)
        #expect(breaks.map { "\($0.left)|\($0.right)" } == ["self|attention", "multi|head"])
    }

    /// Poppler's reading order glues broken words; the hyphens of compounds go back in.
    @Test func gluedCompoundsGetTheirHyphenBack() {
        let drawn = "We use self-\nattention and distrib-\nuted heads; selfish is a word.\nOpen-\nand closed-source."
        let hyphens = LineEndHyphens(document: drawn, wordList: .words(["distributed"]))
        let reading = "We use selfattention and distributed heads; selfish is a word. Openand closed-source."
        #expect(
            hyphens.restoring(LineEndHyphens.breaks(in: drawn), in: reading)
                == "We use self-attention and distributed heads; selfish is a word. Open- and closed-source.")
    }

    /// Hard-wrapped lines on one line (arXiv abstracts).
    @Test func joinUnwrapsLines() {
        let hyphens = LineEndHyphens(document: "", wordList: .words(["applicable"]))
        #expect(
            hyphens.join(["is ap-", "plicable to open-", "and closed-source pre-", "training"])
                == "is applicable to open- and closed-source pre-training")
    }

    /// The PDF reader: a paper whose abstract breaks words at line ends (case 08's kind).
    @Test(arguments: [
        (
            ["Our self-", "attention variant uses multi-", "head blocks."],
            "Our self-attention variant uses multi-head blocks."
        ),
        (
            ["It is distrib-", "uted across nodes, as distributed systems are."],
            "It is distributed across nodes, as distributed systems are."
        ),
        (
            ["We keep pre-", "trained weights; pre-trained models help."],
            "We keep pre-trained weights; pre-trained models help."
        ),
        (["Both open-", "and closed-source models."], "Both open- and closed-source models."),
    ])
    func pdfAbstractsKeepCompoundsAndJoinBrokenWords(lines: [String], abstract: String) throws {
        try DocumentFixtures.withFolder { folder in
            let pdf = MinimalPDF(pages: [
                [
                    .init(text: "Routing for Tiny Experts", size: 18),
                    .init(text: "Alice Smith and Bob Jones", size: 12),
                    .init(text: "Abstract", size: 12),
                ] + lines.map { MinimalPDF.Line(text: $0) } + [
                    .init(text: "1 Introduction", size: 12), .init(text: "Routing matters [1]."),
                    .init(text: "References", size: 12), .init(text: "[1] A. Author. A paper. 2020."),
                ]
            ])
            let parsed = try PdfParser.parse(path: try pdf.write(to: folder, name: "paper.pdf"))
            guard case .paper(let paper) = parsed.records.first else {
                Issue.record("not a paper")
                return
            }
            #expect(paper.abstract == abstract)
            #expect(paper.pages.first?.contains(abstract.prefix(12)) == true)
        }
    }

    /// With the system word list (Debian's wamerican, installed by scripts/install-deps.sh), a
    /// broken word the document writes nowhere else is joined.
    @Test func theWordListJoinsWhatTheDocumentDoesNotDecide() throws {
        guard LineEndHyphens.systemWordList != nil else {
            print("skipped: no /usr/share/dict/words (install wamerican)")
            return
        }
        #expect(LineEndHyphens(document: "").glue("distrib", "uted") == "")
        #expect(LineEndHyphens(document: "").glue("self", "attention") == "-")
    }

    /// The word list read byte by byte gives the words Unicode's rules give (letters-only lines,
    /// lower-cased), on ASCII and non-ASCII lists and every kind of line end.
    @Test(arguments: [
        "apple\nBanana\ncan't\nx-ray\n\nZebra\n",
        "one\r\ntwo\rthree\u{0B}four\u{0C}five",
        "café\nÅngström\nnaïve\u{2028}déjà vu\nOK\u{85}fine\n",
        "e\u{301}clair\nstraße\nΣίσυφος\nİstanbul\n3d\n",
        "\u{FEFF}first\nlast",
        "",
    ])
    func wordListReadByBytesIsUnicodesWordList(text: String) {
        // A byte order mark is not part of the first word.
        let expected = LineEndHyphens.generalWordList(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        #expect(LineEndHyphens.wordList(Array(text.utf8)) == expected)
    }

    /// The system word list (when installed) is the same set both ways.
    @Test func systemWordListReadByBytesIsUnicodesWordList() throws {
        guard let bytes = FileManager.default.contents(atPath: "/usr/share/dict/words") else {
            print("skipped: no /usr/share/dict/words (install wamerican)")
            return
        }
        let words = LineEndHyphens.wordList(Array(bytes))
        #expect(words.count > 50_000)
        #expect(words == LineEndHyphens.generalWordList(String(decoding: bytes, as: UTF8.self)))
    }
}
