import Foundation
import ZIPFoundation

/// Writes small Word packages with ZIPFoundation: `[Content_Types].xml`, `word/document.xml`
/// built from paragraphs, and any other parts a test wants.
struct MinimalDocx {
    /// Part path → content.
    var parts: [String: String]

    /// A package with a content-types part and the body `paragraphs` (see `paragraph`).
    init(paragraphs: [String], styles: String? = nil) {
        parts = [
            "[Content_Types].xml": """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/word/document.xml" \
            ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
            """,
            "word/document.xml": MinimalDocx.document(paragraphs.joined()),
        ]
        if let styles { parts["word/styles.xml"] = styles }
    }

    /// Raw parts.
    init(parts: [String: String]) {
        self.parts = parts
    }

    static let namespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
        """

    /// A `w:document` with `body` as its body.
    static func document(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document \(namespaces)><w:body>\(body)</w:body></w:document>
        """
    }

    /// A paragraph of one run per element of `runs`, with an optional style and numbering.
    static func paragraph(_ runs: [String], style: String? = nil, numbered: Bool = false) -> String {
        var properties = ""
        if let style { properties += "<w:pStyle w:val=\"\(style)\"/>" }
        if numbered { properties += "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>" }
        let body = runs.map { "<w:r><w:t xml:space=\"preserve\">\(escape($0))</w:t></w:r>" }.joined()
        return "<w:p>" + (properties.isEmpty ? "" : "<w:pPr>\(properties)</w:pPr>") + body + "</w:p>"
    }

    /// A one-run paragraph.
    static func paragraph(_ text: String, style: String? = nil, numbered: Bool = false) -> String {
        paragraph([text], style: style, numbered: numbered)
    }

    /// A `word/styles.xml` declaring paragraph styles: id → (name, based-on id).
    static func styles(_ styles: [(id: String, name: String, basedOn: String?)]) -> String {
        let body = styles.map { style in
            "<w:style w:type=\"paragraph\" w:styleId=\"\(style.id)\"><w:name w:val=\"\(style.name)\"/>"
                + (style.basedOn.map { "<w:basedOn w:val=\"\($0)\"/>" } ?? "") + "</w:style>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:styles \(namespaces)>\(body)</w:styles>
            """
    }

    /// Text with XML's special characters escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Writes the package to `folder/name` and returns its path.
    func write(to folder: URL, name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url.path
    }
}
