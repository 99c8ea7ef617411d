import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
