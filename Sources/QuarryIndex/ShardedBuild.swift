import Dispatch
import Foundation
import QuarryModel

/// A bulk build (the first build of an index, or a rebuild) written to several Xapian databases
/// side by side, one writer thread each, then merged into the index's search database by Xapian's
/// compaction at the end of the run.
///
/// An incremental run has one writer, and most of its time goes into Xapian's own write path
/// (`replace_document`, `commit`: docs/BENCHMARKS.notes.md), which one database cannot share
/// between threads. A run that starts with an empty search database and more than one worker
/// instead gives each shard a share of every batch's keys: each shard's thread builds and writes
/// its own documents and commits them. The merged database holds what a one-thread build holds
/// (the same items, terms with their wdf and positions, values, metadata and spelling table:
/// `IndexDump`, `ParallelBuildTests`), its document ids in shard order, and is compact: the
/// merge is the compaction a bulk build ends with.
///
/// The shards live in the index folder (`xapian-shard-N`) until the merge. The search database is
/// not committed meanwhile: searches see the empty index of a first build until the run ends. The
/// catalog's pending keys leave as each batch is committed to the shards, so a run killed before
/// the merge leaves shards behind, and the next writer rebuilds every key from the catalog
/// (`Indexer.init`), as it does after a first build killed before its first commit; a run that
/// fails is undone the same way at once (`Indexer.abandonShardedBuild`).
final class ShardedBuild {
    /// The shards, open for writing; every batch's derived data (spelling table, keyed values'
    /// spellings) and the search database's metadata go to the first.
    let shards: [XapianDatabase]
    private let location: IndexLocation
    /// The job writing the last chunk handed over, the keys that leave `pending` when it is done
    /// (empty unless it ends a batch), and its batch's keys: those it writes and how many in all.
    var inFlight: (job: BackgroundWork<Void>, keys: [MergeKey], writes: Range<Int>, of: Int)?

    /// At most this many shards, whatever the number of workers.
    static let maximumShards = 4

    /// Creates `count` empty shards for the index at `location`, the first holding `database`'s
    /// metadata (its format stamp).
    init(location: IndexLocation, count: Int, metadataOf database: XapianDatabase) throws(IndexError) {
        self.location = location
        Self.removeShards(location)
        shards = try (0..<count).map { shard throws(IndexError) in
            try XapianDatabase(path: Self.path(location, shard: shard), writable: true, overwrite: true)
        }
        for key in try database.metadataKeys(withPrefix: "") {
            try shards[0].setMetadata(key, try database.metadata(key))
        }
        for shard in shards { try shard.commit() }
    }

    /// The folder of shard number `shard`.
    static func path(_ location: IndexLocation, shard: Int) -> String { location.path + "/xapian-shard-\(shard)" }

    /// True when shards of a sharded build were left behind by a run killed before its merge.
    static func wasCutShort(_ location: IndexLocation) -> Bool {
        FileManager.default.fileExists(atPath: path(location, shard: 0))
    }

    /// Removes every shard folder there is.
    static func removeShards(_ location: IndexLocation) {
        for shard in 0..<maximumShards { try? FileManager.default.removeItem(atPath: path(location, shard: shard)) }
    }

    /// Merges the committed shards into one compacted copy swapped in for the search database
    /// (`qx_db_merge_in_place`); the caller then closes and removes them.
    func merge() throws(IndexError) {
        try XapianDatabase.mergeInPlace(
            path: location.xapianPath, sources: shards.map(\.path), scratch: IndexCompaction.scratchPath(location))
    }
}

extension Indexer {
    /// Starts a sharded build for this run when the search database is empty and there is more
    /// than one worker.
    func startShardedBuildIfEmpty() throws(IndexError) {
        guard workers > 1, shardedBuild == nil, try xapian.documentCount() == 0 else { return }
        shardedBuild = try ShardedBuild(
            location: location, count: min(workers, ShardedBuild.maximumShards), metadataOf: xapian)
    }

    /// Ends the run's sharded build: the shards merged into the search database (reopened), which
    /// is then compact (`summary.compacted`), and removed.
    func finishShardedBuild(_ summary: inout IndexSummary) throws(IndexError) {
        guard shardedBuild != nil else { return }
        try settleShardedBuild(&summary)
        try shardedBuild?.merge()
        shardedBuild = nil  // the shards close here, before their folders go
        ShardedBuild.removeShards(location)
        xapian = try XapianDatabase(path: location.xapianPath, writable: true)
        summary.compacted = true
    }

    /// Undoes the run's sharded build after an error: its shards go, and every key is pending
    /// again, so that the next run (or this writer's next) rebuilds them from the catalog.
    func abandonShardedBuild() {
        guard shardedBuild != nil else { return }
        _ = shardedBuild?.inFlight?.job.result()  // its threads write to the shards until it ends
        shardedBuild = nil  // the shards close here, before their folders go
        ShardedBuild.removeShards(location)
        try? catalog.transaction { () throws(IndexError) in try catalog.markAllPending() }
    }

    /// `rebuildPending` for a sharded build, one chunk of keys at a time and one chunk ahead of the
    /// shards: this thread reads a chunk's records from the catalog (its one SQLite connection)
    /// while the shards write the chunk before, then hands the chunk to a job of its own
    /// (`BackgroundWork`; one job at a time, and this thread leaves the shards and the derived
    /// data alone while one runs). A job first takes the chunk's old documents out of the shard that holds them
    /// (a key may be pending again in a later batch of the same build, when another file gave it a
    /// record) and what they gave off the derived data, then each shard builds and writes an equal
    /// share of the chunk on its own thread; the batch's last job writes the derived data to the
    /// first shard and commits every shard. It returns with that job in flight: this thread stores
    /// the next batch in the catalog meanwhile, and `settleShardedBuild` (the next `rebuildPending`,
    /// the end of the run) waits for it before the keys leave `pending`.
    func rebuildSharded(_ keys: [MergeKey], into sharded: ShardedBuild, roots: [String], summary: inout IndexSummary)
        throws(IndexError)
    {
        let builders = Array(try builders().prefix(sharded.shards.count))
        let chunkSize = Self.keysPerSlice * sharded.shards.count
        for start in stride(from: 0, to: keys.count, by: chunkSize) {
            let chunk = Array(keys[start..<min(keys.count, start + chunkSize)])
            let records = try chunk.map { key throws(IndexError) in try catalog.records(forKey: key) }
            try settleShardedBuild(&summary)
            let isLast = start + chunkSize >= keys.count
            let shared = Unchecked(
                (
                    chunk: chunk, records: records, roots: roots, builders: builders, shards: sharded.shards,
                    derived: derived, isLast: isLast
                ))
            let job = BackgroundWork { () throws(IndexError) in
                let input = shared.value
                try Self.writeShards(
                    input.chunk, records: input.records, roots: input.roots, builders: input.builders,
                    shards: input.shards, derived: input.derived)
                if input.isLast {
                    try input.derived.apply(to: input.shards[0])
                    _ = try ParallelBuild.onEachThread(input.shards.count) { shard throws(IndexError) in
                        try input.shards[shard].commit()
                    }
                }
            }
            sharded.inFlight = (job, isLast ? keys : [], start..<start + chunk.count, keys.count)
            if isLast { catalog.startNoting() }
        }
    }

    /// Waits for the sharded build's job in flight, if any; when it was a batch's last, the batch's
    /// keys leave `pending` (the shards committed them). Throws the job's error.
    func settleShardedBuild(_ summary: inout IndexSummary) throws(IndexError) {
        guard let sharded = shardedBuild, let flight = sharded.inFlight else { return }
        sharded.inFlight = nil
        // While it is waited for, the progress shows the batch's documents being written.
        let shown = current.documentsToWrite
        current.documentsToWrite = flight.of
        current.documentsWritten = flight.writes.lowerBound
        reportProgress?(current)
        defer {
            current.documentsToWrite = shown
            current.documentsWritten = 0
        }
        try flight.job.result().get()
        current.documentsWritten = flight.writes.upperBound
        reportProgress?(current)
        guard !flight.keys.isEmpty else { return }
        // A key the catalog marked pending again since the job read its records (the next batch
        // stored meanwhile) stays pending: the next rebuild writes it with them.
        let marked = catalog.stopNoting()
        try catalog.clearPending(marked.all ? [] : flight.keys.filter { !marked.keys.contains($0) })
        summary.documentsRebuilt += flight.keys.count
    }

    /// A job's work: the chunk's old documents out of every shard (on the job's thread), then each
    /// shard's share built and written on a thread of its own, and what they give counted.
    private static func writeShards(
        _ chunk: [MergeKey], records: [[Catalog.StoredRecord]], roots: [String], builders: [DocumentBuilder],
        shards: [XapianDatabase], derived: DerivedData
    ) throws(IndexError) {
        for key in chunk {
            for shard in shards {
                let data = try shard.documents(withTerm: Schema.keyTerm(key)).map { document throws(IndexError) in
                    try document.data()
                }
                for old in try ParallelBuild.old(data, key: key, builder: builders[0]) {
                    derived.count(old.contribution, by: -1)
                    try shard.delete(idTerm: old.idTerm)
                }
            }
        }
        let written = try ParallelBuild.onEachThread(shards.count) { shard throws(IndexError) in
            var contributions: [DerivedData.Contribution] = []
            for index in chunk.count * shard / shards.count..<chunk.count * (shard + 1) / shards.count {
                let built = try ParallelBuild.build(
                    key: chunk[index], records: records[index], roots: roots, builder: builders[shard])
                for item in built.items {
                    try shards[shard].replace(idTerm: item.idTerm, with: item.document)
                    contributions.append(item.contribution)
                }
            }
            return contributions
        }
        for contribution in written.joined() { derived.count(contribution, by: 1) }
    }
}
