import Foundation

/// Writes small, valid PDF files by hand: pages of text lines in Helvetica, an information
/// dictionary, and a cross-reference table whose byte offsets are computed as the file is built.
public struct MinimalPDF: Sendable {
    /// One line of text on a page.
    public struct Line: Sendable {
        public var text: String
        public var size: Double = 11

        public init(text: String, size: Double = 11) {
            self.text = text
            self.size = size
        }
    }

    /// The pages, each a list of lines set from the top down.
    public var pages: [[Line]]
    /// Information dictionary entries ("Title", "Author").
    public var info: [String: String] = [:]
    /// Adds a standard-security `/Encrypt` dictionary whose password check fails (a locked file).
    public var locked = false

    public init(pages: [[Line]], info: [String: String] = [:], locked: Bool = false) {
        self.pages = pages
        self.info = info
        self.locked = locked
    }

    /// The file's bytes.
    public var data: Data {
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
    public func write(to folder: URL, name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}
