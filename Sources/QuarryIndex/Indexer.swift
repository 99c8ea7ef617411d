import Foundation
import QuarryAnalysis
import QuarryModel

/// What one `quarry index` run did.
public struct IndexSummary: Sendable {
    public var added = 0
    public var updated = 0
    public var removed = 0
    public var unchanged = 0
    public var failed = 0
    public var records = 0
    public var seconds = 0.0
    /// Files parsed per format this run (`profile`: 2, `resume`: 2).
    public var formats: [String: Int] = [:]
    /// Every file that failed this run, with its reason.
    public var failures: [ParseFailure] = []
    /// Parts of files that could not be parsed while the rest was indexed (a malformed line).
    public var problems: [ParseFailure] = []
    /// Index documents rebuilt (a paper found in two files is one).
    public var documentsRebuilt = 0

    public init() {}
}

/// Progress of a run, for a progress bar: files and bytes go by as files are read, then the
/// index documents of each batch are written (`documentsWritten` of `documentsToWrite`).
public struct IndexProgress: Sendable, Equatable {
    /// Files done (read, skipped as unchanged, or failed) of all the crawl found.
    public var filesSeen = 0
    public var filesTotal = 0
    /// Bytes of the files done, of all the files' bytes.
    public var bytesSeen: Int64 = 0
    public var bytesTotal: Int64 = 0
    /// Records parsed so far this run.
    public var recordsParsed = 0
    /// Index documents written of the batch being written (0 of 0 while reading files).
    public var documentsWritten = 0
    public var documentsToWrite = 0

    public init() {}
}

/// Where an index keeps its two stores.
public struct IndexLocation: Sendable {
    /// The index folder.
    public let path: String
    public var catalogPath: String { path + "/catalog.sqlite" }
    public var xapianPath: String { path + "/xapian" }
    /// The facet columns derived from the Xapian database's value slots (see `XapianDatabase.useFacetColumns`).
    public var facetColumnsPath: String { path + "/facets.columns" }

    public init(path: String) {
        self.path = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// True when both stores exist.
    public var exists: Bool {
        FileManager.default.fileExists(atPath: catalogPath) && FileManager.default.fileExists(atPath: xapianPath)
    }
}

/// Brings the index up to date with a set of files, re-doing only what changed.
///
/// Two stores, one truth. The SQLite catalog holds every file's records; each Xapian
/// document is derived from the records that share its merge key. A batch goes:
/// (1) in one SQLite transaction, store the changed files' records and add every
/// affected key to `pending`; (2) rebuild those keys' Xapian documents (replace, or
/// delete when no record is left) and commit Xapian; (3) clear them from `pending`.
/// A crash between (1) and (3) leaves keys pending, and the next run rebuilds them
/// first; rebuilding is idempotent, so nothing is marked done before Xapian committed.
public final class Indexer {
    private let location: IndexLocation
    private let catalog: Catalog
    private let xapian: XapianDatabase
    private let builder: DocumentBuilder
    private let encoder = JSONEncoder()

    /// Files or records per batch before a commit.
    public var batchFiles = 200
    public var batchRecords = 2_000

    /// Opens (creating if needed) the index for writing. Throws `IndexError.locked` when another
    /// writer holds it, and `.incompatible` when its Xapian database was written by another schema
    /// version or analyzer.
    ///
    /// With `rebuild`, the Xapian database is dropped and rebuilt from the catalog's records
    /// (no file is parsed again): every key is first marked pending in the catalog, then the
    /// database is overwritten, so a crash at any point leaves the rebuild to the next run.
    public init(location: IndexLocation, rebuild: Bool = false) throws(IndexError) {
        self.location = location
        do {
            try FileManager.default.createDirectory(atPath: location.path, withIntermediateDirectories: true)
        } catch {
            throw .catalog(path: location.path, detail: "cannot create the index folder: \(error.localizedDescription)")
        }
        let analyzer: Analyzer
        do throws(AnalysisError) {
            analyzer = try Analyzer()
        } catch {
            throw .analyzer(error)
        }
        builder = DocumentBuilder(analyzer: analyzer)
        if rebuild {
            let catalog = try Catalog(path: location.catalogPath)
            try catalog.transaction { () throws(IndexError) in try catalog.markAllPending() }
            self.catalog = catalog
            xapian = try XapianDatabase(path: location.xapianPath, writable: true, overwrite: true)
        } else {
            xapian = try XapianDatabase(path: location.xapianPath, writable: true)
            catalog = try Catalog(path: location.catalogPath)
        }
        try IndexFormat(analyzer: analyzer).stamp(xapian, indexPath: location.path)
    }

    /// The folders indexed before, for a run without arguments.
    public func knownRoots() throws(IndexError) -> [String] { try catalog.roots() }

    /// Indexes `files` (the crawl of `roots`): adds new files, re-parses changed ones,
    /// skips unchanged ones and forgets files under `roots` that are gone.
    public func run(
        files: [SourceFile], roots: [String], source: some RecordSource,
        progress: ((IndexProgress) -> Void)? = nil
    ) throws(IndexError) -> IndexSummary {
        let start = Date()
        var summary = IndexSummary()
        reportProgress = progress
        defer { reportProgress = nil }
        current = IndexProgress()
        current.filesTotal = files.count
        current.bytesTotal = files.reduce(0) { $0 + $1.size }
        try rebuildPending(&summary)
        try catalog.transaction { () throws(IndexError) in try catalog.addRoots(roots) }
        let known = try catalog.files()

        // Files under these roots that the catalog knows but the crawl did not find are gone.
        let found = Set(files.map(\.path))
        let gone = known.keys.filter { path in
            !found.contains(path) && roots.contains { root in path == root || path.hasPrefix(root + "/") }
        }
        if !gone.isEmpty {
            try catalog.transaction { () throws(IndexError) in
                for path in gone.sorted() { try catalog.remove(path: path) }
            }
            summary.removed = gone.count
            try rebuildPending(&summary)
        }

        var batch: [(file: SourceFile, hash: String, parsed: Result<ParsedFile, ParseFailure>, isNew: Bool)] = []
        var batchRecordCount = 0
        for (index, file) in files.enumerated() {
            current.filesSeen = index
            progress?(current)
            defer { current.bytesSeen += file.size }
            let stored = known[file.path]
            var change = FileChange.beforeReading(file, stored: stored)
            if change == .touched, let stored {
                change = FileChange.byContentHash(source.contentHash(of: file), stored: stored)
            }
            switch change {
            case .unchanged:
                summary.unchanged += 1
                continue
            case .touched:
                try catalog.touch(path: file.path, mtimeNanos: file.mtimeNanos)
                summary.unchanged += 1
                continue
            case .new, .modified:
                break
            }
            let reading = source.read(file)
            if case .success(let result) = reading.parsed {
                batchRecordCount += result.records.count
                current.recordsParsed += result.records.count
            }
            batch.append((file, reading.contentHash ?? "", reading.parsed, stored == nil))
            if batch.count >= batchFiles || batchRecordCount >= batchRecords {
                try commit(batch, into: &summary)
                batch.removeAll()
                batchRecordCount = 0
            }
        }
        try commit(batch, into: &summary)
        try xapian.writeFacetColumns(to: location.facetColumnsPath, slots: Schema.facets.compactMap { $0.facet?.slot })
        current.filesSeen = files.count
        progress?(current)
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// Stores a batch in the catalog, then rebuilds the affected index documents.
    private func commit(
        _ batch: [(file: SourceFile, hash: String, parsed: Result<ParsedFile, ParseFailure>, isNew: Bool)],
        into summary: inout IndexSummary
    ) throws(IndexError) {
        guard !batch.isEmpty else { return }
        try catalog.transaction { () throws(IndexError) in
            for item in batch {
                switch item.parsed {
                case .success(let parsed):
                    let path = item.file.path
                    try catalog.store(
                        file: item.file, hash: item.hash, format: parsed.format, count: parsed.records.count, error: nil
                    ) { (ordinal) throws(IndexError) -> Catalog.NewRecord in
                        let record = parsed.records[ordinal]
                        let json: Data
                        do {
                            json = try encoder.encode(record)
                        } catch {
                            throw .storedData(what: "a record of \(path)", detail: "cannot encode it as JSON: \(error)")
                        }
                        guard case .paper(let paper) = record else {
                            return Catalog.NewRecord(
                                key: Entity.key(for: record, path: path, ordinal: ordinal), json: json)
                        }
                        let sketch = PaperSketch(paper: paper, path: path)
                        let candidates = try catalog.candidates(signatures: sketch.signatures)
                        let key = Entity.key(
                            for: record, path: path, ordinal: ordinal, sketch: sketch, candidates: candidates)
                        return Catalog.NewRecord(key: key, json: json, sketch: sketch)
                    }
                    summary.problems += parsed.problems
                    summary.records += parsed.records.count
                    summary.formats[parsed.format, default: 0] += 1
                    if item.isNew { summary.added += 1 } else { summary.updated += 1 }
                case .failure(let failure):
                    try catalog.store(
                        file: item.file, hash: item.hash, format: "failed", count: 0, error: failure.description
                    ) { (_) throws(IndexError) -> Catalog.NewRecord in
                        throw .catalog(path: location.catalogPath, detail: "a failed file has no records")
                    }
                    summary.failed += 1
                    summary.failures.append(failure)
                }
            }
        }
        try rebuildPending(&summary)
    }

    /// Rebuilds the Xapian documents of every pending key, commits, then clears them.
    private func rebuildPending(_ summary: inout IndexSummary) throws(IndexError) {
        let keys = try catalog.pendingKeys()
        guard !keys.isEmpty else { return }
        let roots = try catalog.roots()
        current.documentsToWrite = keys.count
        defer {
            current.documentsToWrite = 0
            current.documentsWritten = 0
        }
        for (written, key) in keys.enumerated() {
            if written % 64 == 0, let reportProgress {
                current.documentsWritten = written
                reportProgress(current)
            }
            // A key may have held other groups before: drop them all, then write today's.
            try xapian.delete(idTerm: Schema.keyTerm(key))
            for item in Entity.items(key: key, records: try catalog.records(forKey: key), roots: roots) {
                let document = try builder.document(for: item, key: key)
                try xapian.replace(idTerm: Schema.idTerm(item.id), with: document)
            }
        }
        try storeDisplayNames()
        try xapian.addSpellings(builder.takeSpellingWords())
        try xapian.commit()
        try catalog.clearPending(keys)
        summary.documentsRebuilt += keys.count
    }

    /// The progress callback of the current run, and where the run is.
    private var reportProgress: ((IndexProgress) -> Void)?
    private var current = IndexProgress()

    /// Display spellings already in the index this run, so each is read and written once.
    private var knownDisplayNames: [String: String] = [:]

    /// Stores the best display spelling of each keyed facet value met in this batch.
    private func storeDisplayNames() throws(IndexError) {
        for (key, spelling) in builder.takeDisplayNames() {
            var current = knownDisplayNames[key] ?? ""
            if knownDisplayNames[key] == nil { current = try xapian.metadata(key) }
            if current.isEmpty || Normalize.displayQuality(spelling) > Normalize.displayQuality(current) {
                try xapian.setMetadata(key, spelling)
                knownDisplayNames[key] = spelling
            } else {
                knownDisplayNames[key] = current
            }
        }
    }
}
