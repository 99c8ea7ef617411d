import Foundation
import QuarryModel

/// The changes of up to `Indexer.batchFiles` files (or `batchRecords` records, or `batchBytes` bytes of
/// files stored), committed together.
///
/// The batch protocol (two stores, one truth), in `Indexer.commit` and `Indexer.rebuildPending`:
/// 1. one SQLite transaction applies every entry to the catalog and adds every merge key whose
///    records changed to `pending`;
/// 2. the Xapian documents of the pending keys are rebuilt from the catalog (their old documents
///    deleted first, derived data adjusted, see `DerivedData`) and Xapian commits;
/// 3. the keys leave `pending`.
/// A crash before (1) commits loses nothing the catalog had; a crash between (1) and (3) leaves
/// the keys pending, and the next run (or any writer) rebuilds them first. Rebuilding a key is
/// idempotent, so nothing is marked done before Xapian committed it.
struct IndexBatch {
    /// One file's change.
    enum Entry {
        /// Its records (or its failure) replace what the catalog had; for a file read in parts, its
        /// last part, from ordinal `first` (0 for a file read whole; a failure replaces every part).
        /// `checkedNanos`: when its content was read (see `FileChange`).
        case store(
            SourceFile, hash: String, parsed: Result<ParsedFile, ParseFailure>, isNew: Bool, checkedNanos: Int64,
            first: Int = 0)
        /// A part of the records of a file read in parts (`RecordSource.read(_:partSize:part:)`), from
        /// ordinal `first`: the first part replaces what the catalog had, and the file's row says
        /// it is incomplete (`Catalog.incompleteSize`) until `.store` stores the last part.
        case storePart(SourceFile, ParsedFile, first: Int)
        /// Same content: the catalog takes the new stat.
        case touch(SourceFile, checkedNanos: Int64)
        /// Cannot be read now: the catalog keeps its records and notes why, and what `kept` says.
        case unreadable(ParseFailure, kept: String = "what was indexed from it before is kept")
        /// Gone (or forgotten): its records leave the catalog.
        case remove(path: String)
    }

    var entries: [Entry] = []
    /// Records parsed into the batch so far.
    var recordCount = 0
    /// Bytes of the files stored into the batch so far.
    var byteCount: Int64 = 0

    /// True when the batch should be committed now.
    func isFull(files: Int, records: Int, bytes: Int64) -> Bool {
        entries.count >= files || recordCount >= records || byteCount >= bytes
    }
}

extension Indexer {
    /// Commits a batch: its entries into the catalog in one transaction, then the affected keys'
    /// documents into Xapian (`rebuildPending`); empties it.
    func commit(_ batch: inout IndexBatch, into summary: inout IndexSummary) throws(IndexError) {
        guard !batch.entries.isEmpty else { return }
        let entries = batch.entries
        batch = IndexBatch()
        try catalog.transaction { () throws(IndexError) in
            for entry in entries {
                switch entry {
                case .store(let file, let hash, let parsed, let isNew, let checkedNanos, let first):
                    try store(
                        file, hash: hash, parsed: parsed, isNew: isNew, checkedNanos: checkedNanos, first: first,
                        into: &summary)
                case .storePart(let file, let part, let first):
                    try store(
                        file, hash: "", parsed: .success(part), isNew: false, checkedNanos: 0, first: first,
                        complete: false, into: &summary)
                case .touch(let file, let checkedNanos):
                    try catalog.touch(file: file, checkedNanos: checkedNanos)
                case .unreadable(let failure, let kept):
                    try catalog.markUnreadable(path: failure.path, error: failure.reason + "; " + kept)
                    summary.failures.append(failure)
                case .remove(let path):
                    try catalog.remove(path: path)
                }
            }
        }
        try rebuildPending(&summary)
    }

    /// Stores one file's records (the catalog resolves each paper's merge key: `Entity`) or its
    /// failure; for a file read in parts, one part (`first`, `complete`: `Catalog.store`).
    private func store(
        _ file: SourceFile, hash: String, parsed: Result<ParsedFile, ParseFailure>, isNew: Bool, checkedNanos: Int64,
        first: Int, complete: Bool = true, into summary: inout IndexSummary
    ) throws(IndexError) {
        switch parsed {
        case .success(let parsed):
            let path = file.path
            try catalog.store(
                file: file, hash: hash, format: parsed.format, count: parsed.records.count, error: nil,
                checkedNanos: checkedNanos, first: first, complete: complete
            ) { (ordinal) throws(IndexError) -> Catalog.NewRecord in
                let record = parsed.records[ordinal - first]
                let json: Data
                do {
                    json = try encoder.encode(record)
                } catch {
                    throw .storedData(what: "a record of \(path)", detail: "cannot encode it as JSON: \(error)")
                }
                var sketch: PaperSketch? = nil
                if case .paper(let paper) = record { sketch = PaperSketch(paper: paper, path: path) }
                return Catalog.NewRecord(
                    key: Entity.key(for: record, path: path, ordinal: ordinal), json: json, sketch: sketch)
            }
            summary.problems += parsed.problems
            summary.records += parsed.records.count
            guard complete else { return }
            summary.formats[parsed.format, default: 0] += 1
            if isNew { summary.added += 1 } else { summary.updated += 1 }
        case .failure(let failure):
            try catalog.store(
                file: file, hash: hash, format: Catalog.failedFormat, count: 0, error: failure.description,
                checkedNanos: checkedNanos
            ) { (_) throws(IndexError) -> Catalog.NewRecord in
                throw .catalog(path: location.catalogPath, detail: "a failed file has no records")
            }
            summary.failures.append(failure)
        }
    }

    /// Keys whose documents are built in parallel before the writer adds them (bounds the memory
    /// of built documents waiting).
    static let keysPerSlice = 512

    /// Rebuilds the Xapian documents of every pending key, commits, then clears them.
    func rebuildPending(_ summary: inout IndexSummary) throws(IndexError) {
        // A sharded build's job still writing the last batch: its keys are pending until it is done.
        try settleShardedBuild(&summary)
        let keys = try catalog.pendingKeys()
        guard !keys.isEmpty else { return }
        let roots = try catalog.roots()
        current.documentsToWrite = keys.count
        defer {
            current.documentsToWrite = 0
            current.documentsWritten = 0
        }
        if let sharded = shardedBuild {
            return try rebuildSharded(keys, into: sharded, roots: roots, summary: &summary)
        }
        // The writer's thread reads the catalog (one SQLite connection) and writes Xapian; the
        // documents in between are built on all cores (`ParallelBuild`), a slice of keys at a time,
        // one slice ahead: while the writer adds a slice's documents, the next is being built. A
        // small batch (a few changed files) is cut into slices of 16 keys or more, so that the
        // writer starts while the rest is built.
        let size = max(16, min(Self.keysPerSlice, keys.count / 8))
        let slices = stride(from: 0, to: keys.count, by: size).map { Array(keys[$0..<min(keys.count, $0 + size)]) }
        let builders = try builders()
        let catalog = self.catalog
        let xapian = self.xapian
        // The writer reads each key's records and old documents as it starts the slice's build:
        // no other slice writes those keys.
        let startBuild = { (slice: [MergeKey]) throws(IndexError) -> BackgroundWork<[BuiltKey]> in
            let records = try slice.map { key throws(IndexError) in try catalog.records(forKey: key) }
            let old = try slice.map { key throws(IndexError) in
                try xapian.documents(withTerm: Schema.keyTerm(key)).map { document throws(IndexError) in
                    try document.data()
                }
            }
            return ParallelBuild.ahead(keys: slice, records: records, old: old, roots: roots, builders: builders)
        }
        var ahead: BackgroundWork<[BuiltKey]>? = try startBuild(slices[0])
        // On an error the build in flight is waited for: its builders serve the next batch.
        defer { _ = ahead?.result() }
        var written = 0
        for index in slices.indices {
            let built = try ahead?.result().get() ?? []
            ahead = index + 1 < slices.count ? try startBuild(slices[index + 1]) : nil
            for keyBuilt in built {
                if written % 64 == 0, let reportProgress {
                    current.documentsWritten = written
                    reportProgress(current)
                }
                written += 1
                // A key may have held other groups before: take off what its old documents gave the
                // derived data, drop those today's items do not replace, then write today's. An item
                // that stays replaces its own document (same document id), so Xapian changes only the
                // postings of the terms that differ instead of deleting and adding them all.
                let kept = Set(keyBuilt.items.map(\.idTerm))
                for old in keyBuilt.old {
                    derived.count(old.contribution, by: -1)
                    if !kept.contains(old.idTerm) { try xapian.delete(idTerm: old.idTerm) }
                }
                for item in keyBuilt.items {
                    try xapian.replace(idTerm: item.idTerm, with: item.document)
                    derived.count(item.contribution, by: 1)
                }
            }
        }
        try derived.apply(to: xapian)
        try xapian.commit()
        try catalog.clearPending(keys)
        summary.documentsRebuilt += keys.count
    }
}
