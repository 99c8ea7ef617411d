import Foundation
import QuarryModel

/// The files of the crawl read on every processor ahead of the indexer, which stores their
/// readings in crawl order (so the index is the same for any number of workers).
///
/// A window starts at the file the indexer reached and holds at most `filesPerWorker` files per
/// worker and `windowBytes` bytes of files to read; only files that their stat already says
/// must be read (new, or changed in size or times) are read ahead, the others as before, one at
/// a time. A file larger than `largestShared` is read alone (a 45 MB `.jsonl.gz` keeps the
/// memory of one reading), and with one worker nothing is read ahead.
struct ReadAhead {
    /// The readings of the window's files, by their index in the crawl.
    var readings: [Int: FileReading] = [:]
    /// The index after the window's last file.
    var end = 0

    static let filesPerWorker = 4
    static let windowBytes: Int64 = 32 << 20
    static let largestShared: Int64 = 8 << 20

    init() {}

    /// Reads ahead the window of `files` that starts at `start`, with `workers` threads; `needsReading`
    /// is `FileChange.beforeReading` for the file.
    init(
        files: [SourceFile], from start: Int, workers: Int, source: some RecordSource,
        needsReading change: (SourceFile) -> FileChange
    ) {
        var chosen: [Int] = []
        var bytes: Int64 = 0
        var index = start
        while index < files.count, chosen.count < workers * ReadAhead.filesPerWorker {
            let file = files[index]
            guard [.new, .modified].contains(change(file)) else {
                index += 1
                continue
            }
            if file.size > ReadAhead.largestShared || bytes + file.size > ReadAhead.windowBytes {
                if chosen.isEmpty { index += 1 }
                break
            }
            chosen.append(index)
            bytes += file.size
            index += 1
        }
        end = max(index, start + 1)
        guard workers > 1, chosen.count > 1 else { return }
        let results = Results(count: chosen.count)
        let reading = chosen
        DispatchQueue.concurrentPerform(iterations: min(workers, chosen.count)) { _ in
            while let slot = results.nextSlot() { results.set(slot, source.read(files[reading[slot]])) }
        }
        for (slot, index) in chosen.enumerated() { readings[index] = results.take(slot) }
    }

    /// The readings as the threads give them, and the next file a free thread takes.
    private final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var readings: [FileReading?]
        private var taken = 0
        init(count: Int) { readings = Array(repeating: nil, count: count) }
        func nextSlot() -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard taken < readings.count else { return nil }
            taken += 1
            return taken - 1
        }
        func set(_ slot: Int, _ reading: FileReading) {
            lock.lock()
            readings[slot] = reading
            lock.unlock()
        }
        func take(_ slot: Int) -> FileReading? { readings[slot] }
    }
}

extension ReadAhead {
    /// Reads `file` as `source.read(_:partSize:part:)` does, but parses on a thread of its own, a
    /// part ahead: `part` runs on the caller's thread (the indexer stores and writes one part while
    /// the next is parsed), in order, and its false stops the reading as it would there. At most
    /// two parts wait beside the one `part` has.
    static func readInParts(
        _ file: SourceFile, partSize: Int, source: some RecordSource, part: (ParsedFile) -> Bool
    ) -> FileReading {
        let handoff = PartHandoff()
        let reader = Thread { [source] in
            let reading = source.read(file, partSize: partSize) { handoff.put($0) }
            handoff.finish(reading)
        }
        reader.stackSize = 8 << 20
        reader.start()
        while let next = handoff.take() {
            if !part(next) { handoff.stop() }
        }
        return handoff.reading()
    }

    /// Parts passed from the parsing thread to the indexer's, one at a time, under one lock.
    private final class PartHandoff: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: ParsedFile?
        private var finished: FileReading?
        private var stopped = false

        /// The parsing thread's: waits until the part before was taken; false once stopped.
        func put(_ part: ParsedFile) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            while waiting != nil, !stopped { condition.wait() }
            guard !stopped else { return false }
            waiting = part
            condition.broadcast()
            return true
        }

        /// The parsing thread's last word: the reading.
        func finish(_ reading: FileReading) {
            condition.lock()
            finished = reading
            condition.broadcast()
            condition.unlock()
        }

        /// The next part, or nil when the reading finished (or was stopped) and none waits.
        func take() -> ParsedFile? {
            condition.lock()
            defer { condition.unlock() }
            while waiting == nil, finished == nil, !stopped { condition.wait() }
            guard let part = waiting else { return nil }
            waiting = nil
            condition.broadcast()
            return part
        }

        /// No more parts: the parsing thread's next `put` says false.
        func stop() {
            condition.lock()
            stopped = true
            waiting = nil
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for the parsing thread's reading.
        func reading() -> FileReading {
            condition.lock()
            defer { condition.unlock() }
            while finished == nil { condition.wait() }
            return finished!
        }
    }
}
