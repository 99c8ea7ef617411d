import QuarryAnalysis
import QuarryModel

/// What an index was written with: the schema version and the analyzer's settings, kept in its
/// Xapian metadata (`Schema.Metadata`). A reader or writer of another format refuses the index
/// (`IndexError.incompatible`) instead of answering wrongly; `quarry index --rebuild` rewrites it.
public struct IndexFormat: Equatable, Sendable {
    /// `Schema.version` as text ("" when the index holds none).
    public var schemaVersion: String
    /// `Analyzer.settings` ("" when the index holds none).
    public var analyzer: String

    /// The format this code writes with `analyzer`.
    public init(analyzer: Analyzer) {
        schemaVersion = String(Schema.version)
        self.analyzer = analyzer.settings
    }

    /// The format stored in `database`.
    init(storedIn database: XapianDatabase) throws(IndexError) {
        schemaVersion = try database.metadata(Schema.Metadata.schemaVersion)
        analyzer = try database.metadata(Schema.Metadata.analyzer)
    }

    /// Throws `.incompatible` unless `database` was written in this format.
    public func check(_ database: XapianDatabase, indexPath: String) throws(IndexError) {
        let stored = try IndexFormat(storedIn: database)
        guard stored != self else { return }
        var differences: [String] = []
        if stored.schemaVersion != schemaVersion {
            let found = stored.schemaVersion.isEmpty ? "none" : stored.schemaVersion
            differences.append("schema version \(found), this quarry uses \(schemaVersion)")
        }
        if stored.analyzer != analyzer {
            let found = stored.analyzer.isEmpty ? "none" : "'\(stored.analyzer)'"
            differences.append("analyzer \(found), this quarry uses '\(analyzer)'")
        }
        throw .incompatible(path: indexPath, detail: differences.joined(separator: "; "))
    }

    /// Writes this format into a writable `database` that holds no documents yet (and commits),
    /// or checks the format of one that does.
    func stamp(_ database: XapianDatabase, indexPath: String) throws(IndexError) {
        guard try database.documentCount() == 0 else { return try check(database, indexPath: indexPath) }
        guard try IndexFormat(storedIn: database) != self else { return }
        try database.setMetadata(Schema.Metadata.schemaVersion, schemaVersion)
        try database.setMetadata(Schema.Metadata.analyzer, analyzer)
        try database.commit()
    }
}
