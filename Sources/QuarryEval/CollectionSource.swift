import Foundation
import QuarryModel

/// Hands the indexer a test collection's papers: the documents file is the one source file,
/// and its records are the papers `TestCollection.papers` builds.
public struct CollectionSource: RecordSource {
    /// The documents file these papers come from.
    public let path: String
    /// The papers, one per document.
    public let papers: [Paper]
    /// The hash of the documents file's text, read once when the collection was loaded.
    public let contentHash: String

    /// The source of `collection`'s documents file.
    public init(_ collection: TestCollection) {
        path = URL(fileURLWithPath: collection.documentsPath).standardizedFileURL.path
        papers = collection.papers
        contentHash = collection.documentsHash
    }

    /// The documents file as the crawler would describe it (size and modification time).
    public func sourceFile() throws(EvalError) -> SourceFile {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .unreadable(path: path, detail: error.localizedDescription)
        }
        let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return SourceFile(path: path, size: size, mtimeNanos: Int64((modified * 1e9).rounded()))
    }

    /// The papers, for the documents file; any other file is not part of the collection.
    public func read(_ file: SourceFile) -> FileReading {
        guard file.path == path else {
            return FileReading(
                contentHash: nil,
                parsed: .failure(
                    ParseFailure(path: file.path, reason: "not the documents file of this collection (\(path))")))
        }
        return FileReading(
            contentHash: contentHash, parsed: .success(ParsedFile(format: "smart", records: papers.map(Record.paper))))
    }
}
