import CPdf
import QuarryModel

/// An open PDF, read through the CPdf shim over poppler: page texts, page words and the information dictionary.
///
/// The document owns its poppler handle and closes it when released; use it from one thread at a time.
final class PdfDocument {
    /// How a page's text is ordered (see `qp_layout`).
    enum Layout: Int32 {
        /// Columns one after the other, as pdftotext prints them.
        case reading = 0
        /// The order of the page's content stream.
        case raw = 1
    }

    private let handle: OpaquePointer
    /// The file the document came from, for failure messages.
    let path: String
    /// The number of pages.
    let pageCount: Int

    /// Opens a PDF from its bytes; a damaged or password-protected file throws a failure naming the problem.
    init(bytes: [UInt8], path: String) throws(ParseFailure) {
        self.path = path
        var opened: OpaquePointer?
        var error: UnsafeMutablePointer<CChar>?
        let status = bytes.withUnsafeBytes { buffer in
            qp_open(buffer.baseAddress, buffer.count, &opened, &error)
        }
        let message = PdfDocument.take(error)
        guard status == Int32(QP_OK.rawValue), let opened else {
            throw ParseFailure(path: path, reason: PdfDocument.reason(status: status, message: message))
        }
        handle = opened
        pageCount = Int(qp_page_count(opened))
    }

    deinit { qp_close(handle) }

    /// An entry of the information dictionary ("Title", "Author"), trimmed; "" when absent or unreadable.
    func info(_ key: String) -> String {
        var value: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<CChar>?
        let status = qp_info(handle, key, &value, &error)
        _ = PdfDocument.take(error)
        let text = PdfDocument.take(value) ?? ""
        return status == Int32(QP_OK.rawValue) ? text.trimmed : ""
    }

    /// The text of page `index` (from 0).
    func text(page index: Int, layout: Layout = .reading) throws(ParseFailure) -> String {
        var text: UnsafeMutablePointer<CChar>?
        var length = 0
        var error: UnsafeMutablePointer<CChar>?
        let status = qp_page_text(handle, Int32(index), layout.rawValue, &text, &length, &error)
        let message = PdfDocument.take(error)
        defer { qp_string_free(text) }
        guard status == Int32(QP_OK.rawValue), let text else {
            throw ParseFailure(
                path: path, reason: "cannot read page \(index + 1) of the pdf: \(message ?? "unknown error")")
        }
        return String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self)
    }

    /// The words of page `index` in reading order, with their boxes and font sizes.
    func words(page index: Int) throws(ParseFailure) -> [PdfWord] {
        var words: UnsafeMutablePointer<qp_word>?
        var count = 0
        var error: UnsafeMutablePointer<CChar>?
        let status = qp_page_words(handle, Int32(index), &words, &count, &error)
        let message = PdfDocument.take(error)
        defer { qp_words_free(words, count) }
        guard status == Int32(QP_OK.rawValue) else {
            throw ParseFailure(
                path: path, reason: "cannot read the words of page \(index + 1): \(message ?? "unknown error")")
        }
        guard let words else { return [] }
        return UnsafeBufferPointer(start: words, count: count).map { word in
            PdfWord(
                text: word.text.map { String(cString: $0) } ?? "", x: word.x, y: word.y, width: word.width,
                height: word.height, fontSize: word.font_size, spaceAfter: word.space_after != 0)
        }
    }

    /// The failure reason for a status of `qp_open`, in lower case.
    static func reason(status: Int32, message: String?) -> String {
        let detail = popplerMessages(message ?? "")
        switch UInt32(bitPattern: status) {
        case QP_ENCRYPTED.rawValue: return "encrypted pdf: \(detail.isEmpty ? "a password is required" : detail)"
        case QP_OPEN_FAILED.rawValue:
            return "not a readable pdf: \(detail.isEmpty ? "poppler could not load it" : detail)"
        default: return "pdf reader failed: \(detail.isEmpty ? "unknown error" : detail)"
        }
    }

    /// Poppler's messages, lower-cased, without their "error (offset):" labels and repeats:
    /// "error: couldn't find trailer dictionary; error: couldn't find trailer dictionary" →
    /// "couldn't find trailer dictionary".
    static func popplerMessages(_ text: String) -> String {
        var messages: [String] = []
        for part in text.lowercased().components(separatedBy: "; ") {
            var message = part.trimmed
            if let colon = message.range(of: ": "), message[..<colon.lowerBound].contains("error") {
                message = String(message[colon.upperBound...])
            }
            if !message.isEmpty && !messages.contains(message) { messages.append(message) }
        }
        return messages.joined(separator: "; ")
    }

    /// A string the shim allocated, copied and freed.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { qp_string_free(pointer) }
        return String(cString: pointer)
    }
}

/// One word of a page: its text, box (points from the top left corner) and font size.
struct PdfWord: Hashable, Sendable {
    var text: String
    var x: Double
    var y: Double
    var width: Double
    var height: Double
    var fontSize: Double
    /// Whether a space follows the word on its line.
    var spaceAfter: Bool
}
