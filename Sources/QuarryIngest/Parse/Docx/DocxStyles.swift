import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
