import Foundation
import QuarryAnalysis
import QuarryModel

/// Brings the index up to date with a crawl, re-doing only what changed.
///
/// A run goes: (1) rebuild the keys a crashed run left pending; (2) remove the files under the
/// walked roots that the crawl did not find, except those under an unreachable path (kept,
/// unless `prune`); (3) decide for each crawled file whether it changed (`FileChange`), reading
/// only files whose stat does not prove them unchanged, and store the changes batch by batch
/// (`IndexBatch`: the catalog first, then the Xapian documents of the affected keys); (4) note
/// the run in the catalog. A file not read ahead is stored in parts as it is parsed, `batchRecords`
/// records at a time (`RecordSource.read(_:partSize:part:)`, `Catalog.incompleteSize`). A stop
/// asked for (SIGINT, SIGTERM) is honoured between two files or two parts, after committing the
/// batch so far: the index is consistent at every batch boundary.
public final class Indexer {
    let location: IndexLocation
    let catalog: Catalog
    /// The search database; a sharded build's merge replaces it at the end of its run.
    var xapian: XapianDatabase
    /// The shards of this run's bulk build, when it is one (`ShardedBuild`).
    var shardedBuild: ShardedBuild?
    let builder: DocumentBuilder
    let derived: DerivedData
    let encoder = JSONEncoder.sortingKeys
    private let lock: IndexLock

    /// Files, records or bytes of files stored per batch before a commit. Each commit costs two
    /// synced writes (SQLite, Xapian), so a folder of small files goes faster in large batches
    /// (2,000 small files: 93.9 s in batches of 200, 73.4 s in one, docs/BENCHMARKS.md); the
    /// records and bytes bound the memory a batch holds, and `batchRecords` is also the size of
    /// the parts a large file is stored in.
    public var batchFiles = 2_000
    public var batchRecords = 2_000
    public var batchBytes: Int64 = 64 << 20
    /// Threads that build documents (analysis, the Xapian document) for the one writer: the
    /// processors this process may use, at most 8; 1 builds on the writer's thread. The index
    /// is the same for any number (`ParallelBuild`).
    public var workers = min(8, max(1, ProcessInfo.processInfo.activeProcessorCount))
    /// The document builders of the workers, each with its own analyzer, when there are more than
    /// one (`builders()`).
    private var extraBuilders: [DocumentBuilder] = []

    /// What a run may do besides indexing changes.
    public struct Options: Sendable {
        /// Read again every file whose last reading failed, even when unchanged.
        public var retryFailed = false
        /// Remove what the index holds from unreachable paths (and forget unreachable roots).
        public var prune = false
        /// Asked between files; true stops the run at the next batch boundary.
        public var shouldStop: @Sendable () -> Bool = { false }

        public init(
            retryFailed: Bool = false, prune: Bool = false, shouldStop: @escaping @Sendable () -> Bool = { false }
        ) {
            self.retryFailed = retryFailed
            self.prune = prune
            self.shouldStop = shouldStop
        }
    }

    /// Opens (creating if needed) the index for writing, first taking its lock (`IndexLock`) for
    /// `command`. Throws `IndexError.busy` naming the holder when another process has it (unless
    /// `wait`: then `waiting` is told and the call blocks), and `.incompatible` when its Xapian
    /// database was written by another schema version or analyzer.
    ///
    /// With `rebuild`, the Xapian database is dropped and rebuilt from the catalog's records
    /// (no file is parsed again): every key is first marked pending in the catalog, then the
    /// database is overwritten, so a crash at any point leaves the rebuild to the next run.
    public init(
        location: IndexLocation, rebuild: Bool = false, command: String = "index", wait: Bool = false,
        waiting: ((IndexLock.Holder) -> Void)? = nil
    ) throws(IndexError) {
        self.location = location
        do {
            try FileManager.default.createDirectory(atPath: location.path, withIntermediateDirectories: true)
        } catch {
            throw .catalog(path: location.path, detail: "cannot create the index folder: \(error.localizedDescription)")
        }
        lock = try IndexLock(location: location, command: command, wait: wait, waiting: waiting)
        IndexCompaction.removeLeftovers(location)
        try? FileManager.default.removeItem(atPath: Self.droppedPath(location))
        let analyzer: Analyzer
        do throws(AnalysisError) {
            analyzer = try Analyzer()
        } catch {
            throw .analyzer(error)
        }
        builder = DocumentBuilder(analyzer: analyzer)
        derived = DerivedData()
        // A database whose creation was killed before its first commit holds nothing, one whose
        // sharded build was killed before the merge lacks what its shards held, and a damaged one
        // cannot be read: it is created again and every catalog key rebuilt, as with `rebuild`
        // (the catalog keeps every record, so nothing is lost).
        let shardsLeft = ShardedBuild.wasCutShort(location)
        if shardsLeft { ShardedBuild.removeShards(location) }
        if location.hasCatalog && !FileManager.default.fileExists(atPath: location.xapianPath) {
            damage = "its folder \(location.xapianPath) is missing"
        }
        let catalog = try Catalog(path: location.catalogPath)
        self.catalog = catalog
        var opened: XapianDatabase? = nil
        if !(rebuild || shardsLeft || damage != nil || XapianDatabase.creationWasCutShort(at: location.xapianPath)) {
            do {
                opened = try XapianDatabase(path: location.xapianPath, writable: true)
            } catch  where error.isDamage {
                damage = error.localizedDescription
            }
        }
        if let opened {
            xapian = opened
        } else {
            try catalog.transaction { () throws(IndexError) in try catalog.markAllPending() }
            try XapianDatabase.remove(at: location.xapianPath, aside: Self.droppedPath(location))
            xapian = try XapianDatabase(path: location.xapianPath, writable: true, overwrite: true)
        }
        try IndexFormat(analyzer: analyzer).stamp(xapian, indexPath: location.path)
    }

    /// What was wrong with the search database when this writer opened it: damaged
    /// (`IndexError.isDamage`: what Xapian said) or missing beside its catalog. It was then
    /// created again with every catalog key pending, and the run rebuilds it.
    public private(set) var damage: String? = nil

    /// Where a dropped search database is moved before it is removed (`XapianDatabase.remove`).
    static func droppedPath(_ location: IndexLocation) -> String { location.path + "/xapian.dropped" }

    /// One document builder per worker (`workers`), made when first needed. Several workers
    /// build beside the writer's thread, which keeps `builder` for the derived data, so theirs
    /// are their own; one worker builds on the writer's thread with `builder`.
    func builders() throws(IndexError) -> [DocumentBuilder] {
        guard workers > 1 else { return [builder] }
        while extraBuilders.count < workers {
            do throws(AnalysisError) {
                extraBuilders.append(DocumentBuilder(analyzer: try Analyzer()))
            } catch {
                throw .analyzer(error)
            }
        }
        return Array(extraBuilders.prefix(workers))
    }

    /// The folders indexed before, for a run without arguments.
    public func knownRoots() throws(IndexError) -> [String] { try catalog.roots() }

    /// Indexes `files` found under `roots` (a crawl with nothing unreachable).
    public func run(
        files: [SourceFile], roots: [String], source: some RecordSource, progress: ((IndexProgress) -> Void)? = nil
    ) throws(IndexError) -> IndexSummary {
        try run(CrawlResult(files: files), roots: roots, source: source, progress: progress)
    }

    /// Indexes a crawl of `roots`: adds new files, re-reads changed ones, skips unchanged ones,
    /// removes those that are gone, and keeps what the index holds from unreachable paths.
    public func run(
        _ crawl: CrawlResult, roots: [String], source: some RecordSource, options: Options = Options(),
        progress: ((IndexProgress) -> Void)? = nil
    ) throws(IndexError) -> IndexSummary {
        let start = Date()
        var summary = IndexSummary()
        reportProgress = progress
        defer { reportProgress = nil }
        current = IndexProgress()
        current.filesTotal = crawl.files.count
        current.bytesTotal = crawl.files.reduce(0) { $0 + $1.size }
        let unreachable = Set(crawl.unreachable)
        summary.unreachable = crawl.problems.filter { unreachable.contains($0.path) }
        summary.skipped = (crawl.problems.filter { !unreachable.contains($0.path) } + crawl.skipped)
            .sorted { $0.path < $1.path }

        // A run that starts with an empty search database writes shards side by side (`ShardedBuild`),
        // merged at its end; a run that fails undoes them.
        try startShardedBuildIfEmpty()
        var finished = false
        defer { if !finished { abandonShardedBuild() } }
        try rebuildPending(&summary)
        try catalog.transaction { () throws(IndexError) in
            try catalog.addRoots(roots)
            if options.prune {
                for root in roots where crawl.isUnreachable(root) { try catalog.removeRoot(root) }
            }
        }
        let known = try catalog.files()
        var batch = IndexBatch()

        // Gone: known under the walked roots, not found, and not under a path the crawl could not see.
        // When every known path was found (a crawl's paths are distinct), none is gone.
        let storedEntries = crawl.files.map { known[$0.path] }
        var gone: [String] = []
        if storedEntries.count(where: { $0 != nil }) < known.count {
            let found = Set(crawl.files.map(\.path))
            gone = known.keys.filter { !found.contains($0) }.sorted()
        }
        for path in gone {
            guard roots.contains(where: { path == $0 || Catalog.isPath(path, under: $0) }) else { continue }
            if crawl.isUnreachable(path) {
                guard options.prune else { continue }
                summary.pruned += 1
            } else {
                summary.removed += 1
            }
            batch.entries.append(.remove(path: path))
            if batch.isFull(files: batchFiles, records: batchRecords, bytes: batchBytes) {
                try commit(&batch, into: &summary)
            }
        }
        try commit(&batch, into: &summary)

        var readAhead = ReadAhead()
        for (index, file) in crawl.files.enumerated() {
            if options.shouldStop() {
                summary.interrupted = true
                summary.notReached = crawl.files.count - index
                break
            }
            current.filesSeen = index
            progress?(current)
            defer { current.bytesSeen += file.size }
            let stored = storedEntries[index]
            var change = FileChange.beforeReading(file, stored: stored, retryFailed: options.retryFailed)
            if change == .touched, let stored {
                change = FileChange.byContentHash(source.contentHash(of: file), stored: stored)
            }
            switch change {
            case .unchanged:
                summary.unchanged += 1
                continue
            case .touched:
                batch.entries.append(.touch(file, checkedNanos: FileChange.now()))
                summary.unchanged += 1
                continue
            default:
                break
            }
            if index >= readAhead.end {
                readAhead = ReadAhead(
                    files: crawl.files, from: index, workers: workers, source: source,
                    needsReading: {
                        FileChange.beforeReading($0, stored: known[$0.path], retryFailed: options.retryFailed)
                    })
            }
            // A file not read ahead is read here, and a large one stored in parts as it is parsed
            // (with more than one worker, parsed on a thread of its own a part ahead).
            var inParts = 0
            var stopped = false
            var failed: IndexError? = nil
            let read = { (part: (ParsedFile) -> Bool) -> FileReading in
                guard self.workers > 1 else { return source.read(file, partSize: self.batchRecords, part: part) }
                return ReadAhead.readInParts(file, partSize: self.batchRecords, source: source, part: part)
            }
            let reading =
                readAhead.readings[index]
                ?? read { part in
                    if options.shouldStop() {
                        stopped = true
                        return false
                    }
                    batch.entries.append(.storePart(file, part, first: inParts))
                    batch.recordCount += part.records.count
                    current.recordsParsed += part.records.count
                    inParts += part.records.count
                    guard batch.isFull(files: batchFiles, records: batchRecords, bytes: batchBytes) else { return true }
                    do throws(IndexError) {
                        try commit(&batch, into: &summary)
                    } catch {
                        failed = error
                        return false
                    }
                    return true
                }
            if let failed { throw failed }
            if stopped {
                summary.interrupted = true
                summary.notReached = crawl.files.count - index - 1
                break
            }
            let checked = FileChange.now()
            if case .success(let parsed) = reading.parsed { current.recordsParsed += parsed.records.count }
            change = FileChange.afterReading(file, stored: stored, reading: reading, retryFailed: options.retryFailed)
            // Parts stored replaced the file's row: the same content is stored to its end all the same.
            if inParts > 0, [.unchanged, .touched].contains(change) { change = .modified }
            switch change {
            case .unchanged, .touched:
                batch.entries.append(.touch(file, checkedNanos: checked))
                summary.unchanged += 1
            case .vanished:
                guard stored != nil else { continue }
                batch.entries.append(.remove(path: file.path))
                summary.removed += 1
            case .unreadable:
                let failure = reading.parsed.failure ?? ParseFailure(path: file.path, reason: "cannot read the file")
                guard inParts > 0 else {
                    batch.entries.append(.unreadable(failure))
                    break
                }
                let kept = "the \(inParts) records read before are kept, and the next run reads it again"
                batch.entries.append(.unreadable(failure, kept: kept))
            case .new, .modified:
                if case .success(let parsed) = reading.parsed { batch.recordCount += parsed.records.count }
                batch.byteCount += file.size
                batch.entries.append(
                    .store(
                        file, hash: reading.contentHash ?? "", parsed: reading.parsed, isNew: stored == nil,
                        checkedNanos: checked, first: inParts))
            }
            if batch.isFull(files: batchFiles, records: batchRecords, bytes: batchBytes) {
                try commit(&batch, into: &summary)
            }
        }
        try commit(&batch, into: &summary)
        try rebuildPending(&summary)
        try finishShardedBuild(&summary)
        finished = true
        if !summary.interrupted {
            current.filesSeen = crawl.files.count
            progress?(current)
        }

        try writeFacetColumns()
        let failures = try catalog.failures()
        summary.failing = failures.filter { $0.error != Catalog.incompleteError }.map {
            ParseFailure(path: $0.path, reason: $0.error)
        }
        summary.inPart = failures.filter { $0.error == Catalog.incompleteError }.map(\.path)
        summary.seconds = Date().timeIntervalSince(start)
        try catalog.recordRun(
            Catalog.Run(
                started: start.timeIntervalSince1970, seconds: summary.seconds, summary: summary.counts,
                interrupted: summary.interrupted))
        return summary
    }

    /// The progress callback of the current run, and where the run is.
    var reportProgress: ((IndexProgress) -> Void)?
    var current = IndexProgress()

    /// What `forget` removed.
    public struct Forgotten: Sendable {
        /// Files removed from the catalog (with their records).
        public var files = 0
        /// Roots no longer indexed.
        public var roots: [String] = []
        /// Paths that matched nothing indexed.
        public var unknown: [String] = []
    }

    /// Removes files and roots at or below each of `paths` (absolute) from the index, with their records.
    public func forget(_ paths: [String]) throws(IndexError) -> Forgotten {
        var forgotten = Forgotten()
        try catalog.transaction { () throws(IndexError) in
            let roots = try catalog.roots()
            for path in paths {
                let files = try catalog.paths(atOrUnder: path)
                let matchedRoots = roots.filter { $0 == path || Catalog.isPath($0, under: path) }
                if files.isEmpty && matchedRoots.isEmpty { forgotten.unknown.append(path) }
                for root in matchedRoots { try catalog.removeRoot(root) }
                for file in files { try catalog.remove(path: file) }
                forgotten.files += files.count
                forgotten.roots += matchedRoots
            }
        }
        var summary = IndexSummary()
        try rebuildPending(&summary)
        try writeFacetColumns()
        return forgotten
    }

    /// Writes the facet columns of the committed revision (`XapianDatabase.writeFacetColumns`),
    /// which searches count facets from while they match it; a crash before leaves them stale, and
    /// stale columns are not used.
    func writeFacetColumns() throws(IndexError) {
        try xapian.writeFacetColumns(to: location.facetColumnsPath, slots: Schema.facets.compactMap { $0.facet?.slot })
    }
}

extension JSONEncoder {
    /// An encoder whose output has its keys sorted, so that a value is always the same bytes
    /// (Foundation's key order otherwise changes from process to process).
    static var sortingKeys: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension Result {
    /// The error of a failure, nil for a success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
