import Foundation
import QuarryModel
import Testing

@testable import QuarryIngest

/// Word documents written by the tests with ZIPFoundation.
@Suite("Word files")
struct DocxTests {
    typealias P = MinimalDocx

    /// A resume with a title-styled name, heading-styled sections (one heading word the text
    /// parser does not know), numbered list items, split runs, a tab and a line break.
    static let resume = MinimalDocx(
        paragraphs: [
            P.paragraph("Jane Doe", style: "Title"),
            P.paragraph(["jane.doe@example.com", " | ", "+1 555 123 4567"]),
            P.paragraph("Where I Worked", style: "Heading1"),
            "<w:p><w:r><w:t>Acme Corp</w:t></w:r><w:r><w:tab/><w:t>2019 - 2024</w:t></w:r></w:p>",
            P.paragraph(["Built the ", "ingestion", " pipeline"], numbered: true),
            P.paragraph("Cut query latency by half", style: "ListBullet"),
            P.paragraph("Education", style: "Heading1"),
            "<w:p><w:r><w:t>State University</w:t><w:br/><w:t>B.Sc. Computer Science</w:t></w:r></w:p>",
            P.paragraph("Skills", style: "Heading2"),
            P.paragraph("Languages: Swift, Python, C++, SQL"),
        ])

    /// A fresh folder, removed after `body`.
    func withFolder(_ body: (URL) throws -> Void) throws { try DocumentFixtures.withFolder(body) }

    /// The failure parsing `path` throws, or nil when it parses.
    func failure(_ path: String) -> ParseFailure? { DocumentFixtures.failure(of: path, DocxParser.parse(path:)) }

    @Test func resumeWithStylesBecomesResume() throws {
        try withFolder { folder in
            let parsed = try DocxParser.parse(path: try Self.resume.write(to: folder, name: "resume.docx"))
            #expect(parsed.format == "docx")
            guard case .resume(let resume) = try #require(parsed.records.first) else {
                Issue.record("not a resume: \(parsed.records)")
                return
            }
            #expect(resume.person == "Jane Doe")
            #expect(resume.emails == ["jane.doe@example.com"])
            #expect(resume.sections.map(\.title) == ["", "Where I Worked", "Education", "Skills"])
            let work = try #require(resume.sections.first { $0.title == "Where I Worked" })
            #expect(work.lines == ["Acme Corp 2019 - 2024"])
            #expect(work.bullets == ["Built the ingestion pipeline", "Cut query latency by half"])
            let education = try #require(resume.sections.first { $0.title == "Education" })
            #expect(education.lines == ["State University", "B.Sc. Computer Science"])
            #expect(resume.skills == ["Swift", "Python", "C++", "SQL"])
            #expect(resume.pages.isEmpty)
        }
    }

    @Test func stylesPartNamesHeadingsAndLists() throws {
        let styles = P.styles([
            (id: "SectionTitle", name: "heading 2", basedOn: nil),
            (id: "MySection", name: "My Section", basedOn: "SectionTitle"),
            (id: "Points", name: "List Bullet", basedOn: nil),
        ])
        let docx = MinimalDocx(
            paragraphs: [
                P.paragraph("Jane Doe"),
                P.paragraph("jane.doe@example.com"),
                P.paragraph("Professional Life", style: "MySection"),
                P.paragraph("Led the platform team", style: "Points"),
                P.paragraph("EDUCATION"),
                P.paragraph("State University"),
            ], styles: styles)
        try withFolder { folder in
            let parsed = try DocxParser.parse(path: try docx.write(to: folder, name: "styled.docx"))
            guard case .resume(let resume) = try #require(parsed.records.first) else {
                Issue.record("not a resume: \(parsed.records)")
                return
            }
            #expect(resume.sections.map(\.title) == ["", "Professional Life", "EDUCATION"])
            #expect(resume.sections.first { $0.title == "Professional Life" }?.bullets == ["Led the platform team"])
        }
    }

    /// Alternate content is read once, field codes and deleted text never.
    @Test func duplicatesAndHiddenTextAreSkipped() throws {
        let body = """
            <w:p><w:r><w:t>Visible</w:t></w:r>\
            <w:r><w:instrText> HYPERLINK "x" </w:instrText></w:r>\
            <w:del><w:r><w:delText>Deleted</w:delText></w:r></w:del>\
            <mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t> choice</w:t></w:r></mc:Choice>\
            <mc:Fallback><w:r><w:t> fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>
            """
        try withFolder { folder in
            let parsed = try DocxParser.parse(
                path: try MinimalDocx(paragraphs: [body]).write(to: folder, name: "a.docx"))
            #expect(parsed.records == [.document(PlainDocument(title: "Visible choice", text: "Visible choice"))])
        }
    }

    @Test func documentThatIsNoResumeBecomesPlainDocument() throws {
        let docx = MinimalDocx(paragraphs: [
            P.paragraph("Quarterly Report", style: "Title"),
            P.paragraph("Sales went up."),
            P.paragraph("Costs went down.", numbered: true),
        ])
        try withFolder { folder in
            let parsed = try DocxParser.parse(path: try docx.write(to: folder, name: "report.docx"))
            #expect(parsed.format == "docx")
            #expect(
                parsed.records == [
                    .document(
                        PlainDocument(
                            title: "Quarterly Report", text: "Quarterly Report\nSales went up.\nCosts went down."))
                ])
        }
    }

    @Test(arguments: [
        ("no document part", "not a word document: the archive has no word/document.xml"),
        ("malformed xml", "malformed word/document.xml: premature end of document"),
        ("mismatched tags", "malformed word/document.xml: "),
        ("no text", "word document has no text"),
        ("not a zip", "not a word document: not a zip archive"),
        ("empty file", "not a word document: not a zip archive"),
    ])
    func brokenFilesFail(kind: String, reason: String) throws {
        try withFolder { folder in
            let name = kind.replacingOccurrences(of: " ", with: "-") + ".docx"
            let path: String
            switch kind {
            case "no document part":
                path = try MinimalDocx(parts: ["[Content_Types].xml": "<Types/>", "word/other.xml": "<x/>"])
                    .write(to: folder, name: name)
            case "malformed xml":
                path = try MinimalDocx(parts: ["word/document.xml": "<w:document><w:body><w:p>"]).write(
                    to: folder, name: name)
            case "mismatched tags":
                path = try MinimalDocx(parts: ["word/document.xml": MinimalDocx.document("<w:p><w:r></w:p>")])
                    .write(to: folder, name: name)
            case "no text":
                path = try MinimalDocx(paragraphs: ["<w:p/>"]).write(to: folder, name: name)
            default:
                let url = folder.appendingPathComponent(name)
                try Data(kind == "empty file" ? [] : Array("plain text, not a zip".utf8)).write(to: url)
                path = url.path
            }
            let problem = try #require(failure(path))
            #expect(problem.path == path)
            #expect(problem.reason.hasPrefix(reason), "\(problem.reason)")
        }
    }
}
