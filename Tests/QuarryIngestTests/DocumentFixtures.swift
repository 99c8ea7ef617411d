import Foundation
import QuarryModel
import ZIPFoundation

@testable import QuarryIngest

extension PdfParser {
    /// The PDF at `path`, read as `FileParser` reads it, then parsed.
    static func parse(path: String) throws(ParseFailure) -> ParsedFile {
        try parse(bytes: try FileInput(path: path).readAll(), path: path)
    }
}

extension DocxParser {
    /// The .docx at `path`, read as `FileParser` reads it, then parsed.
    static func parse(path: String) throws(ParseFailure) -> ParsedFile {
        try parse(bytes: try FileInput(path: path).readAll(), path: path)
    }
}

/// Files for the PDF and Word tests: the real documents in ../shared/data, and a temporary folder for generated ones.
enum DocumentFixtures {
    /// Runs `body` with a fresh temporary folder, removed afterwards.
    static func withFolder(_ body: (URL) throws -> Void) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try body(folder)
    }

    /// The failure `parse` throws for `path`, or nil when it parses.
    static func failure(of path: String, _ parse: (String) throws(ParseFailure) -> ParsedFile) -> ParseFailure? {
        do {
            _ = try parse(path)
            return nil
        } catch {
            return error
        }
    }

    /// `<repo>/../shared/data`, from this file's path (`<repo>/Tests/QuarryIngestTests/DocumentFixtures.swift`).
    static let sharedData: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return (parts.joined(separator: "/") as NSString).deletingLastPathComponent + "/shared/data"
    }()

    /// Whether the shared data folder holds the paper and resume PDFs.
    static let hasSharedData: Bool = {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: sharedData + "/papers", isDirectory: &isDirectory)
            && isDirectory.boolValue && FileManager.default.fileExists(atPath: sharedData + "/resumes/pdf")
    }()

    /// The research paper PDFs, sorted.
    static var paperPDFs: [String] {
        files(under: sharedData + "/papers").filter { $0.hasSuffix(".pdf") }
    }

    /// The resume PDFs (`resumes/pdf/<CATEGORY>/<ID>.pdf`), sorted.
    static var resumePDFs: [String] {
        files(under: sharedData + "/resumes/pdf").filter { $0.hasSuffix(".pdf") }
    }

    /// The first `count` resume PDFs of a category folder.
    static func resumePDFs(category: String, count: Int) -> [String] {
        Array(files(under: sharedData + "/resumes/pdf/" + category).filter { $0.hasSuffix(".pdf") }.prefix(count))
    }

    /// Every regular file below `folder`, sorted by path.
    static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        return enumerator.compactMap { $0 as? String }.map { folder + "/" + $0 }.sorted()
    }

    /// A fresh temporary folder; remove it with `FileManager.removeItem` when done.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-documents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Writes small, valid PDF files by hand: pages of text lines in Helvetica, an information
/// dictionary, and a cross-reference table whose byte offsets are computed as the file is built.
struct MinimalPDF {
    /// One line of text on a page.
    struct Line {
        var text: String
        var size: Double = 11
    }

    /// The pages, each a list of lines set from the top down.
    var pages: [[Line]]
    /// Information dictionary entries ("Title", "Author").
    var info: [String: String] = [:]
    /// Adds a standard-security `/Encrypt` dictionary whose password check fails (a locked file).
    var locked = false

    /// The file's bytes.
    var data: Data {
        var objects: [String] = []
        // 1 catalog, 2 page tree, 3 font, then a page and its content stream per page, then info and encryption.
        let pageIDs = pages.indices.map { 4 + 2 * $0 }
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append(
            "<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        for (index, lines) in pages.enumerated() {
            var stream = "BT\n"
            var y = 740.0
            for line in lines {
                y -= line.size * 1.6
                stream += "/F1 \(line.size) Tf 1 0 0 1 72 \(y) Tm (\(MinimalPDF.escape(line.text))) Tj\n"
            }
            stream += "ET\n"
            if lines.isEmpty { stream = "0 0 1 rg 72 600 200 100 re f\n" }  // a drawing, no text
            objects.append(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                    + "/Contents \(pageIDs[index] + 1) 0 R >>")
            objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)endstream")
        }
        let infoID = objects.count + 1
        objects.append(
            "<< "
                + info.sorted { $0.key < $1.key }.map { "/\($0.key) (\(MinimalPDF.escape($0.value)))" }.joined(
                    separator: " ") + " >>")
        var trailerExtra = ""
        if locked {
            let encryptID = objects.count + 1
            let filler = String(repeating: "5A", count: 32)
            objects.append("<< /Filter /Standard /V 1 /R 2 /O <\(filler)> /U <\(filler)> /P -44 >>")
            trailerExtra =
                " /Encrypt \(encryptID) 0 R /ID [<\(String(repeating: "01", count: 16))> <\(String(repeating: "01", count: 16))>]"
        }

        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            output += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        output += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info \(infoID) 0 R\(trailerExtra) >>\n"
        output += "startxref\n\(xref)\n%%EOF\n"
        return Data(output.utf8)
    }

    /// Text as a PDF literal string: backslash, parentheses escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
            .replacingOccurrences(of: ")", with: "\\)")
    }

    /// Writes the file to `folder/name` and returns its path.
    func write(to folder: URL, name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}

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
