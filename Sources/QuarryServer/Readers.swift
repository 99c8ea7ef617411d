import Dispatch
import Foundation
import QuarryIndex
import QuarryQuery

/// One reader of the index: a searcher and a read-only catalog connection. Neither is
/// thread-safe, so a reader serves one request at a time (see `ReaderPool`).
final class IndexReader {
    let searcher: Searcher
    let catalog: CatalogReader

    init(location: IndexLocation) throws(SearchError) {
        searcher = try Searcher(location: location)
        do {
            catalog = try CatalogReader(location: location)
        } catch {
            throw .index(error)
        }
    }
}

/// Index readers for concurrent requests: each request borrows an idle reader (or opens a
/// new one), moves it to the index's latest committed revision, uses it on a worker thread
/// and gives it back. So a server sees each commit of a `quarry index` run without a restart,
/// and requests never share a Xapian handle.
final class ReaderPool: @unchecked Sendable {
    let location: IndexLocation
    private let lock = NSLock()
    private var idle: [IndexReader] = []
    private let queue = DispatchQueue(label: "quarry.readers", attributes: .concurrent)

    /// A pool over the index at `location`; opens one reader now so a missing index fails early.
    init(location: IndexLocation) throws(SearchError) {
        self.location = location
        idle.append(try IndexReader(location: location))
    }

    /// Runs `body` with a reader at the latest revision, off the server's event loops.
    func withReader<T: Sendable>(_ body: @escaping @Sendable (IndexReader) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.borrow(body) })
            }
        }
    }

    private func borrow<T>(_ body: (IndexReader) throws -> T) throws -> T {
        lock.lock()
        var reader = idle.popLast()
        lock.unlock()
        if let current = reader {
            do {
                try current.searcher.refresh()
            } catch {
                // The index was replaced or damaged under this reader: open it afresh.
                reader = nil
            }
        }
        if reader == nil { reader = try IndexReader(location: location) }
        guard let reader else { throw SearchError.index(.missingIndex(path: location.path)) }
        defer {
            lock.lock()
            idle.append(reader)
            lock.unlock()
        }
        return try body(reader)
    }
}
