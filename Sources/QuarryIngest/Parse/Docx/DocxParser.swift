import Foundation
import QuarryModel
import ZIPFoundation

/// Reads Word .docx files (resumes): paragraphs, list items as bullets, headings as sections.
///
/// The package is a zip archive; `word/document.xml` holds the body and `word/styles.xml` says
/// which styles are headings and lists. Heading paragraphs become section headings, list
/// paragraphs bullets, and the lines go through `ResumeParser` like a text resume's. A document
/// that does not look like a resume becomes a plain document.
enum DocxParser {
    /// The format name reported in `ParsedFile`.
    static let format = "docx"

    /// Parses the bytes of the .docx at `path`; a file that is not a zip, lacks `word/document.xml`,
    /// holds malformed XML or no text throws a failure naming the problem.
    static func parse(bytes: [UInt8], path: String) throws(ParseFailure) -> ParsedFile {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw ParseFailure(path: path, reason: "not a word document: not a zip archive")
        }
        guard let body = try part("word/document.xml", of: archive, path: path) else {
            throw ParseFailure(path: path, reason: "not a word document: the archive has no word/document.xml")
        }
        var styles = DocxStyles.builtIn
        if let xml = try part("word/styles.xml", of: archive, path: path) {
            // Broken styles only cost the heading and list marks; the text is still read.
            styles = (try? DocxStyles(xml: xml)) ?? DocxStyles.builtIn
        }
        let reader = DocxBodyReader(styles: styles)
        do {
            try DocxXML.parse(body, delegate: reader)
        } catch {
            throw ParseFailure(
                path: path,
                reason: "malformed word/document.xml: \(error.message.lowercased()) (xml line \(error.line))")
        }
        guard !reader.paragraphs.isEmpty else {
            throw ParseFailure(path: path, reason: "word document has no text")
        }
        return ParsedFile(format: format, records: records(reader.paragraphs))
    }

    /// The unpacked bytes of a part of the package, or nil when the archive has no such entry. A
    /// part that says or turns out to unpack to more than `ReadLimits.documentPart` bytes (a zip
    /// bomb, whatever its header claims) fails as soon as that is known.
    static func part(_ name: String, of archive: Archive, path: String) throws(ParseFailure) -> Data? {
        guard let entry = archive[name] else { return nil }
        let limit = ReadLimits.documentPart
        let tooLarge = ReadLimits.exceeded(limit, what: "one part of a DOCX file, here \(name)", path: path)
        guard entry.uncompressedSize <= UInt64(limit) else { throw tooLarge }
        var data = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard data.count + chunk.count <= limit else { throw tooLarge }
                data.append(chunk)
            }
        } catch let failure as ParseFailure {
            throw failure
        } catch {
            throw ParseFailure(path: path, reason: "cannot unpack \(name): \(error)")
        }
        return data
    }

    /// A resume when the text looks like one, else a plain document titled by its first heading or line.
    static func records(_ paragraphs: [DocxParagraph]) -> [Record] {
        let lines = resumeLines(paragraphs)
        // A title paragraph opening the document that looks like a name is the person, not a heading.
        let headings = Set(
            paragraphs.enumerated().filter { index, paragraph in
                paragraph.role == .heading
                    || (paragraph.role == .title && !(index == 0 && ResumeParser.looksLikeName(paragraph.text)))
            }.map(\.element.text))
        if LaidOutResume.score(lines) >= 2 || ResumeParser.matches(lines) {
            return LaidOutResume.records(lines: lines, pages: [], isHeading: headings.contains)
        }
        let title =
            paragraphs.first { $0.role == .title || $0.role == .heading }?.text ?? paragraphs.first?.text ?? ""
        let text = paragraphs.map(\.text).joined(separator: "\n")
        return [.document(PlainDocument(title: String(title.prefix(PlainText.longestTitle)), text: text))]
    }

    /// The paragraphs as resume lines, list items with a bullet.
    static func resumeLines(_ paragraphs: [DocxParagraph]) -> [String] {
        paragraphs.map { paragraph in
            switch paragraph.role {
            case .listItem:
                return ResumeParser.bulletMarkers.contains(where: paragraph.text.hasPrefix)
                    ? paragraph.text : "• " + paragraph.text
            case .body, .heading, .title:
                return paragraph.text
            }
        }
    }
}
