import Foundation
import QuarryModel
import QuarryTestSupport

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
        try TemporaryFolder.with { folder in try body(URL(fileURLWithPath: folder.path)) }
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

    /// Whether the shared data holds the paper and resume PDFs.
    static let hasSharedData = SharedData.has("papers") && SharedData.has("resumes/pdf")

    /// The research paper PDFs, sorted.
    static var paperPDFs: [String] {
        files(under: SharedData.path("papers")).filter { $0.hasSuffix(".pdf") }
    }

    /// The resume PDFs (`resumes/pdf/<CATEGORY>/<ID>.pdf`), sorted.
    static var resumePDFs: [String] {
        files(under: SharedData.path("resumes/pdf")).filter { $0.hasSuffix(".pdf") }
    }

    /// The first `count` resume PDFs of a category folder.
    static func resumePDFs(category: String, count: Int) -> [String] {
        Array(files(under: SharedData.path("resumes/pdf/" + category)).filter { $0.hasSuffix(".pdf") }.prefix(count))
    }

    /// Every regular file below `folder`, sorted by path.
    static func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        return enumerator.compactMap { $0 as? String }.map { folder + "/" + $0 }.sorted()
    }
}
