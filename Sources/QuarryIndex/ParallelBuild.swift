import Dispatch
import Foundation
import QuarryAnalysis
import QuarryModel

/// The documents of one merge key, built off the writer's thread: each item's id term, its
/// Xapian document and what it gives the derived data.
struct BuiltKey {
    struct Item {
        var idTerm: String
        var document: XapianDocument
        var contribution: DerivedData.Contribution
    }

    var items: [Item] = []
}

/// Builds the documents of many keys on several threads: analysis (tokenizing, stemming, the
/// spelling words) and the making of each Xapian document run in parallel, one `DocumentBuilder`
/// (one analyzer, one libstemmer handle) per thread; the one writer then adds them in key order,
/// so the database is the same as a one-thread build's, document ids included.
///
/// Worker `w` takes keys `w`, `w + workers`, … (items are small and similar, so striping
/// balances well enough); every result lands in its own slot, and the first error in key
/// order is thrown.
enum ParallelBuild {
    static func build(
        keys: [MergeKey], records: [[Catalog.StoredRecord]], roots: [String], builders: [DocumentBuilder]
    ) throws(IndexError) -> [BuiltKey] {
        let workers = max(1, min(builders.count, keys.count))
        let slots = Slots<Result<BuiltKey, IndexError>>(count: keys.count, initial: .success(BuiltKey()))
        let shared = Unchecked((keys: keys, records: records, roots: roots, builders: builders))
        let work: @Sendable (Int) -> Void = { worker in
            let input = shared.value
            let builder = input.builders[worker]
            for index in stride(from: worker, to: input.keys.count, by: workers) {
                slots[index] = Result { () throws(IndexError) in
                    try Self.build(
                        key: input.keys[index], records: input.records[index], roots: input.roots, builder: builder)
                }
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return try slots.values.map { result throws(IndexError) in try result.get() }
    }

    /// A slice's build started beside the writer's thread, so that the writer adds one slice
    /// while the next is built (`Indexer.rebuildPending`); `result()` waits for it. With one
    /// builder it runs at once, on the caller's thread. The builders are the build's alone until
    /// `result()` returns.
    final class Ahead: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var outcome: Result<[BuiltKey], IndexError> = .success([])
        private var isSettled = false

        init(keys: [MergeKey], records: [[Catalog.StoredRecord]], roots: [String], builders: [DocumentBuilder]) {
            let run = { () -> Result<[BuiltKey], IndexError> in
                Result { () throws(IndexError) in
                    try ParallelBuild.build(keys: keys, records: records, roots: roots, builders: builders)
                }
            }
            guard builders.count > 1 else {
                outcome = run()
                isSettled = true
                return
            }
            let work = Unchecked(run)
            DispatchQueue.global().async { [self] in
                outcome = work.value()
                done.signal()
            }
        }

        /// The built keys, or the first error in key order; waits for the build the first time.
        func result() -> Result<[BuiltKey], IndexError> {
            if !isSettled {
                done.wait()
                isSettled = true
            }
            return outcome
        }
    }

    /// The documents of one key's items (`Entity.items` groups its records).
    static func build(
        key: MergeKey, records: [Catalog.StoredRecord], roots: [String], builder: DocumentBuilder
    ) throws(IndexError) -> BuiltKey {
        var built = BuiltKey()
        for item in Entity.items(key: key, records: records, roots: roots) {
            let (document, words) = try builder.documentAndSpellingWords(for: item, key: key)
            built.items.append(
                BuiltKey.Item(
                    idTerm: Schema.idTerm(item.id), document: document,
                    contribution: DerivedData.Contribution(of: item, spellingWords: words)))
        }
        return built
    }
}

/// A value handed to worker threads that only read it (or, for a class, each use their own part).
final class Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Result slots written by worker threads, each slot by exactly one thread, read after they all
/// end (a buffer allocated once, so no two writes touch the same Swift value).
final class Slots<Value>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value>

    init(count: Int, initial: Value) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: initial)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Value {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    var values: [Value] { Array(storage) }
}
