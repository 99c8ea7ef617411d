import Dispatch
import Foundation
import QuarryAnalysis
import QuarryModel

/// The documents of one merge key, built off the writer's thread: each item's id term, its
/// Xapian document and what it gives the derived data; and what the key's old documents gave,
/// which the writer takes off.
struct BuiltKey {
    struct Item {
        var idTerm: String
        var document: XapianDocument
        var contribution: DerivedData.Contribution
    }

    /// A document the key had before: its id term and what it gave the derived data.
    struct Old {
        var idTerm: String
        var contribution: DerivedData.Contribution
    }

    var items: [Item] = []
    var old: [Old] = []
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
    /// `old` holds the stored data of each key's documents before (read by the writer).
    static func build(
        keys: [MergeKey], records: [[Catalog.StoredRecord]], old: [[Data]], roots: [String],
        builders: [DocumentBuilder]
    ) throws(IndexError) -> [BuiltKey] {
        let workers = max(1, min(builders.count, keys.count))
        let slots = Slots<Result<BuiltKey, IndexError>>(count: keys.count, initial: .success(BuiltKey()))
        let shared = Unchecked((keys: keys, records: records, old: old, roots: roots, builders: builders))
        let work: @Sendable (Int) -> Void = { worker in
            let input = shared.value
            let builder = input.builders[worker]
            for index in stride(from: worker, to: input.keys.count, by: workers) {
                slots[index] = Result { () throws(IndexError) in
                    var built = try Self.build(
                        key: input.keys[index], records: input.records[index], roots: input.roots, builder: builder)
                    built.old = try Self.old(input.old[index], key: input.keys[index], builder: builder)
                    return built
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
    /// while the next is built (`Indexer.rebuildPending`); with one builder it runs at once, on
    /// the caller's thread. The builders are the build's alone until its `result()` returns.
    static func ahead(
        keys: [MergeKey], records: [[Catalog.StoredRecord]], old: [[Data]], roots: [String],
        builders: [DocumentBuilder]
    ) -> BackgroundWork<[BuiltKey]> {
        BackgroundWork(inline: builders.count == 1) { () throws(IndexError) in
            try build(keys: keys, records: records, old: old, roots: roots, builders: builders)
        }
    }

    /// `body(0)`, …, `body(count - 1)` on `count` threads at once, their results in order; throws
    /// the first error in that order once all have ended.
    static func onEachThread<Value>(_ count: Int, _ body: @escaping (Int) throws(IndexError) -> Value)
        throws(IndexError) -> [Value]
    {
        let slots = Slots<Result<Value, IndexError>?>(count: count, initial: nil)
        let shared = Unchecked(body)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots[index] = Result { () throws(IndexError) in try shared.value(index) }
        }
        return try slots.values.map { result throws(IndexError) in try result!.get() }
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

    /// What the old documents of `key` (their stored data) gave the derived data; throws
    /// `IndexError.storedData` for one whose stored item does not decode.
    static func old(_ data: [Data], key: MergeKey, builder: DocumentBuilder) throws(IndexError) -> [BuiltKey.Old] {
        let decoder = JSONDecoder()
        return try data.map { data throws(IndexError) in
            guard let item = try? decoder.decode(IndexedItem.self, from: data) else {
                throw .storedData(what: "a document of key \(key)", detail: "its stored item does not decode")
            }
            return BuiltKey.Old(
                idTerm: Schema.idTerm(item.id), contribution: DerivedData.Contribution(of: item, builder: builder))
        }
    }
}

/// Work started on a thread of its own (or done at once, `inline`); `result()` waits for it the
/// first time. Whoever started it leaves what it uses alone until then.
final class BackgroundWork<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var outcome: Result<Value, IndexError>?
    private var isSettled = false

    init(inline: Bool = false, _ work: @escaping () throws(IndexError) -> Value) {
        guard !inline else {
            outcome = Result { () throws(IndexError) in try work() }
            isSettled = true
            return
        }
        let run = Unchecked(work)
        DispatchQueue.global().async { [self] in
            outcome = Result { () throws(IndexError) in try run.value() }
            done.signal()
        }
    }

    /// The work's value or error; waits for it the first time.
    func result() -> Result<Value, IndexError> {
        if !isSettled {
            done.wait()
            isSettled = true
        }
        return outcome!
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
