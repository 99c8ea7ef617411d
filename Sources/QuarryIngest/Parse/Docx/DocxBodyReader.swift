import Foundation
import QuarryModel

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// One paragraph of a Word document: its text and what its style makes it.
struct DocxParagraph: Hashable, Sendable {
    /// What a paragraph is, from its style and numbering.
    enum Role: Hashable, Sendable {
        case body, heading, title, listItem
    }

    var text: String
    var role: Role
}

/// The paragraph styles of `word/styles.xml` that matter: which make headings, titles and list items.
struct DocxStyles: Sendable {
    /// Style ids whose paragraphs are headings (`Heading1`, a style with an outline level, one based on those).
    var headings: Set<String> = []
    /// Style ids of the document title (`Title`).
    var titles: Set<String> = []
    /// Style ids whose paragraphs are list items (`ListBullet`, a style with numbering).
    var lists: Set<String> = []

    /// Styles named by Word's built-in ids, for documents without a styles part.
    static let builtIn = DocxStyles(
        headings: Set((1...9).map { "Heading\($0)" }), titles: ["Title"],
        lists: ["ListParagraph", "ListBullet", "ListNumber"])

    /// The styles declared in `word/styles.xml`, plus the built-in ids.
    init(xml: Data) throws(DocxXMLError) {
        let reader = DocxStyleReader()
        try DocxXML.parse(xml, delegate: reader)
        self = DocxStyles.builtIn
        // A style based on a heading is a heading too: follow `basedOn` links a few levels up.
        func isHeading(_ id: String, depth: Int = 0) -> Bool {
            guard let style = reader.styles[id], depth < 8 else { return DocxStyles.builtIn.headings.contains(id) }
            if style.outlineLevel != nil || style.name.hasPrefix("heading") { return true }
            return style.basedOn.map { isHeading($0, depth: depth + 1) } ?? false
        }
        for (id, style) in reader.styles {
            if style.name == "title" { titles.insert(id) } else if isHeading(id) { headings.insert(id) }
            if style.hasNumbering || style.name.hasPrefix("list") { lists.insert(id) }
        }
    }

    /// Styles from explicit sets.
    init(headings: Set<String>, titles: Set<String>, lists: Set<String>) {
        self.headings = headings
        self.titles = titles
        self.lists = lists
    }
}

/// Why an XML part could not be read: the parser's message and line.
struct DocxXMLError: Error, Equatable {
    var message: String
    var line: Int
}

/// A delegate that counts open elements, so that a document cut short is noticed.
protocol DocxXMLReading: XMLParserDelegate {
    /// Elements opened and not closed yet.
    var depth: Int { get }
}

/// Runs FoundationXML's `XMLParser` over a part of the package.
enum DocxXML {
    /// Parses `xml` with `reader`; a document that is not well-formed throws its message and line.
    ///
    /// On Linux `parse()` may report success for a malformed document and only set `parserError`,
    /// or set nothing for one cut short; both are checked, and elements left open are an error.
    static func parse(_ xml: Data, delegate reader: some DocxXMLReading) throws(DocxXMLError) {
        let parser = XMLParser(data: xml)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        let succeeded = parser.parse()
        if !succeeded || parser.parserError != nil {
            let code = (parser.parserError as NSError?)?.code ?? 0
            throw DocxXMLError(message: describe(code), line: parser.lineNumber)
        }
        if reader.depth != 0 {
            throw DocxXMLError(message: "premature end of document", line: parser.lineNumber)
        }
    }

    /// Words for the parser's error codes (its own messages are often empty on Linux).
    static func describe(_ code: Int) -> String {
        switch code {
        case 4: return "empty document or not xml"
        case 5: return "premature end of document"
        case 9: return "invalid character"
        case 73: return "'>' expected"
        case 76: return "mismatched tag"
        case 111: return "xml declaration not at the start"
        default: return "xml error \(code)"
        }
    }

    /// An attribute by local name, whether the parser kept its prefix (`w:val`) or not.
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        if let value = attributes[name] { return value }
        return attributes.first { $0.key.hasSuffix(":" + name) }?.value
    }
}

/// Collects the paragraph styles of `word/styles.xml`.
final class DocxStyleReader: NSObject, DocxXMLReading {
    /// What one style declares.
    struct Style {
        var name = ""
        var basedOn: String?
        var outlineLevel: Int?
        var hasNumbering = false
    }

    private(set) var styles: [String: Style] = [:]
    private(set) var depth = 0
    private var currentID: String?
    private var current = Style()

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        switch elementName {
        case "style":
            let isParagraph = (DocxXML.attribute("type", in: attributes) ?? "paragraph") == "paragraph"
            currentID = isParagraph ? DocxXML.attribute("styleId", in: attributes) : nil
            current = Style()
        case "name": current.name = (DocxXML.attribute("val", in: attributes) ?? "").lowercased()
        case "basedOn": current.basedOn = DocxXML.attribute("val", in: attributes)
        case "outlineLvl": current.outlineLevel = DocxXML.attribute("val", in: attributes).flatMap { Int($0) }
        case "numPr": current.hasNumbering = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        guard elementName == "style" else { return }
        if let currentID { styles[currentID] = current }
        currentID = nil
    }
}

/// Walks `word/document.xml`: `w:p` paragraphs with their `w:pStyle`, `w:numPr` and
/// `w:outlineLvl`, the text of `w:t` runs, `w:tab` as a space and `w:br`/`w:cr` as line breaks.
///
/// Paragraphs inside tables and text boxes are read in document order like any other; a text
/// box's paragraphs come before the paragraph that anchors it. The `mc:Fallback` copy of
/// alternate content and moved-away text (`w:moveFrom`) are skipped, so nothing is read twice;
/// deleted text (`w:delText`) and field codes (`w:instrText`) are not `w:t` and never read.
final class DocxBodyReader: NSObject, DocxXMLReading {
    /// A paragraph being read.
    private struct Open {
        var text = ""
        var style: String?
        var isList = false
        var hasOutline = false
    }

    private let styles: DocxStyles
    private var open: [Open] = []
    private var inText = false
    private var skipDepth = 0
    private(set) var paragraphs: [DocxParagraph] = []
    private(set) var depth = 0

    /// A reader that resolves paragraph styles with `styles`.
    init(styles: DocxStyles) {
        self.styles = styles
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        depth += 1
        if elementName == "Fallback" || elementName == "moveFrom" || skipDepth > 0 {
            skipDepth += 1
            return
        }
        switch elementName {
        case "p": open.append(Open())
        case "t": inText = true
        case "tab" where !open.isEmpty: open[open.count - 1].text += " "
        case "br", "cr": if !open.isEmpty { open[open.count - 1].text += "\n" }
        case "noBreakHyphen": if !open.isEmpty { open[open.count - 1].text += "-" }
        case "pStyle": if !open.isEmpty { open[open.count - 1].style = DocxXML.attribute("val", in: attributes) }
        case "numPr": if !open.isEmpty { open[open.count - 1].isList = true }
        case "numId" where DocxXML.attribute("val", in: attributes) == "0":
            // Numbering id 0 switches a style's numbering off.
            if !open.isEmpty { open[open.count - 1].isList = false }
        case "outlineLvl": if !open.isEmpty { open[open.count - 1].hasOutline = true }
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        if skipDepth > 0 {
            skipDepth -= 1
            return
        }
        if elementName == "t" { inText = false }
        guard elementName == "p", let paragraph = open.popLast() else { return }
        finish(paragraph)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard inText, skipDepth == 0, !open.isEmpty else { return }
        open[open.count - 1].text += string
    }

    /// Emits a finished paragraph: a heading or list item as one line, body text line by line.
    private func finish(_ paragraph: Open) {
        let style = paragraph.style ?? ""
        let role: DocxParagraph.Role
        if styles.titles.contains(style) {
            role = .title
        } else if styles.headings.contains(style) || paragraph.hasOutline {
            role = .heading
        } else if paragraph.isList || styles.lists.contains(style) {
            role = .listItem
        } else {
            role = .body
        }
        let lines = paragraph.text.split(separator: "\n").map { Normalize.collapseSpaces(String($0)) }.filter {
            !$0.isEmpty
        }
        guard !lines.isEmpty else { return }
        if role == .body {
            paragraphs += lines.map { DocxParagraph(text: $0, role: .body) }
        } else {
            paragraphs.append(DocxParagraph(text: lines.joined(separator: " "), role: role))
        }
    }
}
