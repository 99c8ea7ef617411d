import Foundation
import QuarryIndex

/// `quarry index` progress on standard error: a bar redrawn in place on a terminal, a plain line
/// per tenth of the work in a pipe (only for runs longer than a second), nothing with --quiet.
///
/// The indexer reports files, bytes and records as it goes, and the documents of each batch as
/// it writes them; the parser reports the bytes read of the current file, so the bar moves
/// inside one large file (a 45 MB `.jsonl.gz`) as well as between files.
final class ProgressDisplay: @unchecked Sendable {
    enum Mode { case bar, lines, off }

    private let mode: Mode
    private let lock = NSLock()
    private let start = Date()
    private var latest = IndexProgress()
    /// Bytes read of the file being parsed (not yet in `latest.bytesSeen`).
    private var currentFileBytes: Int64 = 0
    private var lastDraw = Date.distantPast
    private var drawn = false
    /// When the batch being written started.
    private var writeStart = Date()
    /// The last tenth a plain line was printed for (reading, writing).
    private var lastTenth = (reading: 0, writing: 0)

    /// A bar on a terminal, plain lines otherwise, nothing when quiet.
    init(quiet: Bool, terminal: Bool = isatty(STDERR_FILENO) != 0) {
        mode = quiet ? .off : terminal ? .bar : .lines
    }

    /// The indexer's report.
    func update(_ progress: IndexProgress) {
        lock.lock()
        defer { lock.unlock() }
        if progress.filesSeen != latest.filesSeen || progress.bytesSeen != latest.bytesSeen { currentFileBytes = 0 }
        if progress.documentsToWrite > 0, progress.documentsWritten == 0 { writeStart = Date() }
        latest = progress
        show()
    }

    /// The parser's report: bytes read of the current file so far. Files read ahead on several
    /// threads report at once, so the report is taken under a lock.
    func read(_ bytes: Int64) {
        lock.lock()
        defer { lock.unlock() }
        currentFileBytes = bytes
        show()
    }

    /// Clears the bar.
    func finish() {
        guard mode == .bar, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    private var bytesDone: Int64 { min(latest.bytesTotal, latest.bytesSeen + currentFileBytes) }

    /// What is shown: while a file is being read, the batches written meanwhile (the parts of a
    /// large dump, 2,000 records each) are part of reading it, so the bar keeps the run's
    /// bytes, records and ETA instead of starting again at every part.
    private var shown: IndexProgress {
        guard currentFileBytes > 0 else { return latest }
        var shown = latest
        shown.documentsToWrite = 0
        shown.documentsWritten = 0
        return shown
    }

    private func show() {
        let now = Date()
        switch mode {
        case .off:
            return
        case .bar:
            guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            drawn = true
            let line = Self.bar(
                shown, bytesDone: bytesDone, elapsed: now.timeIntervalSince(start),
                writing: now.timeIntervalSince(writeStart), width: Self.columns())
            FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        case .lines:
            guard now.timeIntervalSince(start) >= 1 else { return }
            let shown = shown
            let reading = shown.bytesTotal > 0 ? Int(bytesDone * 10 / shown.bytesTotal) : 0
            let writing = shown.documentsToWrite > 0 ? shown.documentsWritten * 10 / shown.documentsToWrite : 0
            if shown.documentsToWrite >= 64, writing > lastTenth.writing {
                lastTenth.writing = writing
                FileHandle.standardError.write(Data(("indexing: " + Self.writing(shown, elapsed: nil) + "\n").utf8))
            } else if shown.documentsToWrite == 0, reading > lastTenth.reading {
                lastTenth = (reading, 0)
                FileHandle.standardError.write(
                    Data(("indexing: " + Self.reading(shown, bytesDone: bytesDone, elapsed: nil) + "\n").utf8))
            }
        }
    }

    /// One line of the bar: `[█████░░░░░░░]  45% 3/10 files, 12,345 records, 20.1/45.0 MB, 2.1 MB/s, ETA 0:12`,
    /// or while a batch's documents are written, `[███░░░] writing 4,032/74,728 documents, 812/s, ETA 1:27`.
    /// `elapsed` is the run's time so far, `writing` the time spent writing the current batch.
    static func bar(
        _ progress: IndexProgress, bytesDone: Int64, elapsed: TimeInterval, writing writeTime: TimeInterval, width: Int
    ) -> String {
        let writing = progress.documentsToWrite >= 64
        let fraction =
            writing
            ? Double(progress.documentsWritten) / Double(progress.documentsToWrite)
            : progress.bytesTotal > 0 ? Double(bytesDone) / Double(progress.bytesTotal) : 0
        let cells = 12
        let filled = max(0, min(cells, Int(fraction * Double(cells))))
        let gauge = "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: cells - filled) + "]"
        let text =
            writing
            ? Self.writing(progress, elapsed: writeTime)
            : String(format: "%3d%% ", Int(fraction * 100)) + reading(progress, bytesDone: bytesDone, elapsed: elapsed)
        let line = gauge + " " + text
        return line.count < width ? line : String(line.prefix(max(0, width - 1)))
    }

    /// `3/10 files, 12,345 records, 20.1/45.0 MB, 2.1 MB/s, ETA 0:12` (rate and ETA with `elapsed`;
    /// without, the percentage first, for plain lines).
    static func reading(_ progress: IndexProgress, bytesDone: Int64, elapsed: TimeInterval?) -> String {
        var parts = [
            "\(progress.filesSeen)/\(progress.filesTotal) files", "\(grouped(progress.recordsParsed)) records",
            sizes(bytesDone, of: progress.bytesTotal),
        ]
        if let elapsed, elapsed >= 0.5, bytesDone > 0 {
            let rate = Double(bytesDone) / elapsed
            parts.append(size(Int64(rate)) + "/s")
            parts.append("ETA " + clock(Double(progress.bytesTotal - bytesDone) / rate))
        } else if elapsed == nil, progress.bytesTotal > 0 {
            parts.insert("\(bytesDone * 100 / progress.bytesTotal)%", at: 0)
        }
        return parts.joined(separator: ", ")
    }

    /// `writing 4,032/74,728 documents`, with the rate and ETA when `elapsed` (writing this batch) is given.
    static func writing(_ progress: IndexProgress, elapsed: TimeInterval?) -> String {
        var text = "writing \(grouped(progress.documentsWritten))/\(grouped(progress.documentsToWrite)) documents"
        if let elapsed, elapsed >= 0.5, progress.documentsWritten > 0 {
            let rate = Double(progress.documentsWritten) / elapsed
            text +=
                ", \(grouped(Int(rate)))/s, ETA "
                + clock(Double(progress.documentsToWrite - progress.documentsWritten) / rate)
        }
        return text
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ number: Int) -> String {
        let digits = String(number)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// Bytes in B, kB, MB or GB (powers of 1000).
    static func size(_ bytes: Int64) -> String {
        let value = Double(bytes)
        if value < 1_000 { return "\(bytes) B" }
        if value < 1_000_000 { return String(format: "%.1f kB", value / 1_000) }
        if value < 1_000_000_000 { return String(format: "%.1f MB", value / 1_000_000) }
        return String(format: "%.2f GB", value / 1_000_000_000)
    }

    /// `20.1/45.0 MB`: both sizes in the unit of the total.
    static func sizes(_ done: Int64, of total: Int64) -> String {
        let whole = size(total)
        guard let space = whole.lastIndex(of: " ") else { return whole }
        let unit = whole[whole.index(after: space)...]
        let scale: Double = unit == "kB" ? 1e3 : unit == "MB" ? 1e6 : unit == "GB" ? 1e9 : 1
        let part = scale == 1 ? String(done) : String(format: unit == "GB" ? "%.2f" : "%.1f", Double(done) / scale)
        return part + "/" + whole
    }

    /// Seconds as `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    /// The terminal's width (80 when unknown).
    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
