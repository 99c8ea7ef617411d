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
