import QuarryModel

/// An open PDF, read by a reader process (`PdfReaders`, poppler through the CPdf shim in
/// `quarry-pdf`): page texts, page words and the information dictionary.
///
/// The document holds its reader until it is released; use it from one thread at a time. A
/// reader that crashes or overruns `ReadLimits.pdfSeconds` (counted from the open) fails the
/// file with a reason saying so, from whichever call met it.
final class PdfDocument {
    /// How a page's text is ordered (see `qp_layout` in cpdf.h).
    enum Layout: Int32 {
        /// Columns one after the other, as pdftotext prints them.
        case reading = 0
        /// The order of the page's content stream.
        case raw = 1
    }

    /// The statuses of cpdf.h (`qp_status`).
    enum Status: Int32 {
        case ok = 0
        case error, openFailed, encrypted, badArgument
    }

    /// The reader; nil once it failed (and was stopped).
    private var reader: PdfReaderProcess?
    /// The file the document came from, for failure messages.
    let path: String
    /// The number of pages.
    private(set) var pageCount = 0

    /// Opens a PDF from its bytes; a damaged or password-protected file throws a failure naming the problem.
    init(bytes: [UInt8], path: String) throws(ParseFailure) {
        self.path = path
        let reader: PdfReaderProcess
        do throws(PdfReaderFault) {
            reader = try PdfReaders.shared.take()
        } catch {
            throw error.failure(path: path)
        }
        self.reader = reader
        reader.deadline = .now + .seconds(ReadLimits.pdfSeconds)
        var request = Request(op: "O")
        request.bytes(bytes)
        let (status, message) = try ask(request)
        let pages = try answer(Int32.self)
        guard status == Status.ok.rawValue else {
            throw ParseFailure(path: path, reason: PdfDocument.reason(status: status, message: message))
        }
        pageCount = Int(pages)
    }

    deinit {
        if let reader { PdfReaders.shared.giveBack(reader) }
    }

    /// An entry of the information dictionary ("Title", "Author"), trimmed; "" when absent or
    /// unreadable. Throws only when the reader failed.
    func info(_ key: String) throws(ParseFailure) -> String {
        var request = Request(op: "I")
        request.bytes(Array(key.utf8))
        let (status, value) = try ask(request)
        return status == Status.ok.rawValue ? value.trimmed : ""
    }

    /// The text of page `index` (from 0).
    func text(page index: Int, layout: Layout = .reading) throws(ParseFailure) -> String {
        var request = Request(op: "T")
        request.int32(Int32(index))
        request.int32(layout.rawValue)
        let (status, text) = try ask(request)
        guard status == Status.ok.rawValue else {
            throw ParseFailure(
                path: path, reason: "cannot read page \(index + 1) of the pdf: \(text.isEmpty ? "unknown error" : text)"
            )
        }
        return text
    }

    /// The words of page `index` in reading order, with their boxes and font sizes; none when
    /// poppler cannot read them. Throws only when the reader failed.
    func words(page index: Int) throws(ParseFailure) -> [PdfWord] {
        var request = Request(op: "W")
        request.int32(Int32(index))
        let (status, _) = try ask(request)
        let count = try answer(UInt64.self)
        var words: [PdfWord] = []
        for _ in 0..<count {
            let text = try answerString()
            let box = try (answer(Double.self), answer(Double.self), answer(Double.self), answer(Double.self))
            let fontSize = try answer(Double.self)
            let space = try answer(UInt8.self)
            words.append(
                PdfWord(
                    text: text, x: box.0, y: box.1, width: box.2, height: box.3, fontSize: fontSize,
                    spaceAfter: space != 0))
        }
        return status == Status.ok.rawValue ? words : []
    }

    /// One request to the reader, as `quarry-pdf` reads it (see its main.cpp).
    private struct Request {
        var encoded: [UInt8]
        init(op: Character) { encoded = [op.asciiValue ?? 0] }
        mutating func int32(_ value: Int32) { withUnsafeBytes(of: value) { encoded.append(contentsOf: $0) } }
        mutating func bytes(_ value: [UInt8]) {
            withUnsafeBytes(of: UInt64(value.count)) { encoded.append(contentsOf: $0) }
            encoded.append(contentsOf: value)
        }
    }

    /// Sends `request` and reads the status and string every answer starts with.
    private func ask(_ request: Request) throws(ParseFailure) -> (status: Int32, text: String) {
        guard let reader else {
            throw ParseFailure(path: path, reason: "the pdf reader failed on this file")
        }
        do throws(PdfReaderFault) {
            try reader.send(request.encoded)
        } catch {
            throw fail(error)
        }
        let status = try answer(Int32.self)
        return (status, try answerString())
    }

    /// The next value of the answer, in the host's byte order.
    private func answer<T: FixedWidthInteger>(_: T.Type) throws(ParseFailure) -> T {
        let bytes = try receive(MemoryLayout<T>.size)
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
    }

    private func answer(_: Double.Type) throws(ParseFailure) -> Double {
        Double(bitPattern: try answer(UInt64.self))
    }

    /// A string of the answer: its byte count, then its UTF-8 bytes.
    private func answerString() throws(ParseFailure) -> String {
        let count = try answer(UInt64.self)
        guard count <= UInt64(ReadLimits.document) * 4 else {
            throw fail(.ended("it answered a string of \(count) bytes"))
        }
        return String(decoding: try receive(Int(count)), as: UTF8.self)
    }

    private func receive(_ count: Int) throws(ParseFailure) -> ArraySlice<UInt8> {
        guard let reader else { throw ParseFailure(path: path, reason: "the pdf reader failed on this file") }
        do throws(PdfReaderFault) {
            return try reader.receive(count)
        } catch {
            throw fail(error)
        }
    }

    /// Forgets the reader (stopped by the fault) and gives the file's failure.
    private func fail(_ fault: PdfReaderFault) -> ParseFailure {
        reader = nil
        return fault.failure(path: path)
    }

    /// The failure reason for a status of `qp_open`, in lower case.
    static func reason(status: Int32, message: String?) -> String {
        let detail = popplerMessages(message ?? "")
        switch Status(rawValue: status) {
        case .encrypted: return "encrypted pdf: \(detail.isEmpty ? "a password is required" : detail)"
        case .openFailed:
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
