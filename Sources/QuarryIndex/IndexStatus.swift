import Foundation
import QuarryModel

/// What `quarry status` reports: the roots and whether they can be reached, files and items by
/// format and kind, failing files with their reasons, the size on disk, the last run, and how
/// many files changed on disk since (by their stat alone: nothing is read or parsed).
///
/// It reads the catalog (read-only) and the Xapian database without taking the writer's lock,
/// so it answers while `quarry index` runs (then `writer` says who holds the lock).
public struct IndexStatus: Codable, Sendable {
    /// An indexed root.
    public struct Root: Codable, Sendable {
        public var path: String
        /// False when the root (or a folder or link in it) could not be walked; `reason` says why.
        public var reachable: Bool
        public var reason: String?
        /// The path that could not be walked: the root itself, or a folder or link in it.
        public var unreachablePath: String?
        /// Files the index holds from under it.
        public var files: Int
    }

    /// A failing file.
    public struct Failure: Codable, Sendable {
        public var path: String
        public var reason: String
    }

    /// What the last run did.
    public struct LastRun: Codable, Sendable {
        /// Seconds since 1970.
        public var started: Double
        public var seconds: Double
        public var interrupted: Bool
        /// `added`, `updated`, `removed`, `unchanged`, `failed`, `skipped`, `unreachable`, `records`.
        public var counts: [String: Int]
    }

    /// Files on disk whose stat differs from the catalog's (found by a walk; nothing read).
    public struct Changes: Codable, Sendable {
        /// Files the index does not hold yet.
        public var new = 0
        /// Files whose size, times or inode differ from the catalog's: the next run reads them.
        public var changed = 0
        /// Files the index holds that are not there any more.
        public var gone = 0
        /// Entries the walk could not see or skipped.
        public var unreachable = 0
        public var skipped = 0
    }

    public var index: String
    public var roots: [Root]
    public var files: Int
    public var filesByFormat: [String: Int]
    public var items: Int
    public var itemsByKind: [String: Int]
    public var failures: [Failure]
    /// Bytes the index folder takes on disk.
    public var bytesOnDisk: Int64
    public var lastRun: LastRun?
    /// Merge keys waiting for their documents (an interrupted or crashed run).
    public var pendingKeys: Int
    public var changesOnDisk: Changes
    /// Who is updating the index now, if anyone (`pid 4242 (quarry index) since 14:03:07`).
    public var writer: String?

    /// Reads the status of the index at `location`; `walk` crawls the roots (stat only).
    public static func read(location: IndexLocation, walk: ([String]) -> CrawlResult) throws(IndexError) -> IndexStatus
    {
        guard location.exists else { throw .missingIndex(path: location.path) }
        let catalog = try Catalog(path: location.catalogPath, readOnly: true)
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        let known = try catalog.files()
        let rootPaths = try catalog.roots()
        let crawl = walk(rootPaths)

        var changes = Changes()
        let found = Set(crawl.files.map(\.path))
        for file in crawl.files {
            if let stored = known[file.path] {
                if FileChange.statDiffers(file, stored: stored) { changes.changed += 1 }
            } else {
                changes.new += 1
            }
        }
        for path in known.keys where !found.contains(path) && !crawl.isUnreachable(path) {
            if rootPaths.contains(where: { path == $0 || Catalog.isPath(path, under: $0) }) { changes.gone += 1 }
        }
        changes.unreachable = crawl.unreachable.count
        changes.skipped = crawl.skipped.count + crawl.problems.count - crawl.unreachable.count

        let roots = rootPaths.map { root -> Root in
            // The first path under the root that could not be walked, and why.
            let unreachable = crawl.problems.first { problem in
                crawl.unreachable.contains(problem.path)
                    && (problem.path == root || Catalog.isPath(problem.path, under: root))
            }
            return Root(
                path: root, reachable: unreachable == nil,
                reason: unreachable.map { $0.path == root ? $0.reason : $0.description },
                unreachablePath: unreachable?.path,
                files: known.keys.filter { $0 == root || Catalog.isPath($0, under: root) }.count)
        }
        var byFormat: [String: Int] = [:]
        for entry in known.values { byFormat[entry.format, default: 0] += 1 }
        var byKind: [String: Int] = [:]
        for kind in Kind.allCases {
            let count = try database.termFrequency(Schema.kind.booleanTerm(kind.rawValue))
            if count > 0 { byKind[kind.rawValue] = count }
        }
        let run = try catalog.lastRun().map {
            LastRun(started: $0.started, seconds: $0.seconds, interrupted: $0.interrupted, counts: $0.summary)
        }
        return IndexStatus(
            index: location.path, roots: roots, files: known.count, filesByFormat: byFormat,
            items: try database.documentCount(), itemsByKind: byKind,
            failures: try catalog.failures().map { Failure(path: $0.path, reason: $0.error) },
            bytesOnDisk: Self.size(of: location.path), lastRun: run, pendingKeys: try catalog.pendingKeys().count,
            changesOnDisk: changes, writer: IndexLock.holder(of: location)?.description)
    }

    /// The bytes the files under `path` take.
    static func size(of path: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: Int64 = 0
        while let name = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        return total
    }
}
