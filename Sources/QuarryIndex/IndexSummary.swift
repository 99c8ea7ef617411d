import Foundation
import QuarryModel

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
    public var exists: Bool { hasCatalog && FileManager.default.fileExists(atPath: xapianPath) }

    /// True when the catalog exists: a writer can open the index (and makes a missing search
    /// database again from the catalog: `Indexer.damage`).
    public var hasCatalog: Bool { FileManager.default.fileExists(atPath: catalogPath) }
}

/// What one `quarry index` run did, and what stands in the way of a complete index.
///
/// The exit status follows from it (`isComplete`): a run is complete when no file is failing,
/// no entry was skipped and every path was reachable.
public struct IndexSummary: Sendable {
    public var added = 0
    public var updated = 0
    public var removed = 0
    public var unchanged = 0
    public var records = 0
    public var seconds = 0.0
    /// Files parsed per format this run (`profile`: 2, `resume`: 2).
    public var formats: [String: Int] = [:]
    /// Files that failed this run, with their reasons.
    public var failures: [ParseFailure] = []
    /// Every file failing after this run (those of `failures`, and those that failed before and
    /// are unchanged), with their reasons.
    public var failing: [ParseFailure] = []
    /// Parts of files that could not be parsed while the rest was indexed (a malformed line).
    public var problems: [ParseFailure] = []
    /// Entries of the crawl that were not indexed: named pipes, devices, link loops, names that are not UTF-8.
    public var skipped: [ParseFailure] = []
    /// Paths that could not be walked; what the index holds from under them is kept.
    public var unreachable: [ParseFailure] = []
    /// Files under unreachable paths removed on request (`--prune`).
    public var pruned = 0
    /// Index documents rebuilt (a paper found in two files is one).
    public var documentsRebuilt = 0
    /// True when the run's sharded build was merged into the search database, which is then
    /// compact (`ShardedBuild`).
    public var compacted = false
    /// True when a stop was asked for (SIGINT, SIGTERM) and the run ended at a batch boundary.
    public var interrupted = false
    /// Files not looked at because the run was interrupted.
    public var notReached = 0
    /// Files stored in part (`Catalog.incompleteSize`): the one a stop came in the middle of, or
    /// one a killed run left. The next run reads them again; they are not failures.
    public var inPart: [String] = []

    public init() {}

    /// Files that failed this run (`failing.count` counts those failing after it).
    public var failed: Int { failures.count }

    /// True when nothing failed, nothing was skipped and everything was reachable (exit status 0).
    public var isComplete: Bool { failing.isEmpty && skipped.isEmpty && unreachable.isEmpty && inPart.isEmpty }

    /// The counts, by name, as the catalog keeps them for `quarry status`.
    public var counts: [String: Int] {
        [
            "added": added, "updated": updated, "removed": removed, "unchanged": unchanged, "failed": failing.count,
            "skipped": skipped.count, "unreachable": unreachable.count, "records": records, "pruned": pruned,
        ]
    }
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
