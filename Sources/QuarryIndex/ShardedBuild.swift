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
/// fails is undone the same way at once (`abandon`).
final class ShardedBuild {
    /// The shards, open for writing; every batch's derived data (spelling table, keyed values'
    /// spellings) and the search database's metadata go to the first.
    let shards: [XapianDatabase]
    private let location: IndexLocation

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

    /// Merges the committed shards into one compacted copy swapped in for the search database,
    /// then removes them (`qx_db_merge_in_place`).
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
        shardedBuild = nil
        ShardedBuild.removeShards(location)
        try? catalog.transaction { () throws(IndexError) in try catalog.markAllPending() }
    }

    /// `rebuildPending` for a sharded build: the keys are taken a chunk at a time, each shard
    /// building and writing an equal share of the chunk on its own thread; the derived data is
    /// counted by this thread and written to the first shard, and every shard commits before the
    /// keys leave `pending`.
    func rebuildSharded(_ keys: [MergeKey], into sharded: ShardedBuild, roots: [String], summary: inout IndexSummary)
        throws(IndexError)
    {
        let shards = sharded.shards
        let builders = Array(try builders().prefix(shards.count))
        let decoder = JSONDecoder()
        let chunkSize = Self.keysPerSlice * shards.count
        var written = 0
        for start in stride(from: 0, to: keys.count, by: chunkSize) {
            let chunk = Array(keys[start..<min(keys.count, start + chunkSize)])
            // A key may be pending again in a later batch of the same build (another file gave it a
            // record): its documents leave the shard that holds them, and what they gave is taken off.
            for key in chunk {
                for shard in shards {
                    for old in try shard.documents(withTerm: Schema.keyTerm(key)) {
                        guard let item = try? decoder.decode(IndexedItem.self, from: try old.data()) else {
                            throw .storedData(
                                what: "a document of key \(key)", detail: "its stored item does not decode")
                        }
                        derived.count(item, by: -1)
                        try shard.delete(idTerm: Schema.idTerm(item.id))
                    }
                }
            }
            let records = try chunk.map { key throws(IndexError) in try catalog.records(forKey: key) }
            let outcomes = Slots<Result<[DerivedData.Contribution], IndexError>>(
                count: shards.count, initial: .success([]))
            let shared = Unchecked((chunk: chunk, records: records, roots: roots, builders: builders, shards: shards))
            let work: @Sendable (Int) -> Void = { shard in
                let input = shared.value
                let share =
                    input.chunk.count * shard / input.shards.count..<input.chunk.count * (shard + 1)
                    / input.shards.count
                outcomes[shard] = Result { () throws(IndexError) in
                    var contributions: [DerivedData.Contribution] = []
                    for index in share {
                        let built = try ParallelBuild.build(
                            key: input.chunk[index], records: input.records[index], roots: input.roots,
                            builder: input.builders[shard])
                        for item in built.items {
                            try input.shards[shard].replace(idTerm: item.idTerm, with: item.document)
                            contributions.append(item.contribution)
                        }
                    }
                    return contributions
                }
            }
            DispatchQueue.concurrentPerform(iterations: shards.count, execute: work)
            for outcome in outcomes.values {
                for contribution in try outcome.get() { derived.count(contribution, by: 1) }
            }
            written += chunk.count
            if let reportProgress {
                current.documentsWritten = written
                reportProgress(current)
            }
        }
        try derived.apply(to: shards[0])
        let commits = Slots<Result<Void, IndexError>>(count: shards.count, initial: .success(()))
        let shared = Unchecked(shards)
        DispatchQueue.concurrentPerform(iterations: shards.count) { shard in
            commits[shard] = Result { () throws(IndexError) in try shared.value[shard].commit() }
        }
        for commit in commits.values { try commit.get() }
        try catalog.clearPending(keys)
        summary.documentsRebuilt += keys.count
    }
}
