import ArgumentParser
import Foundation
import QuarryIndex
import QuarryIngest
import QuarryModel
import QuarryQuery

/// `quarry index`: crawl folders and bring the index up to date.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index folders of papers and resumes (only what changed is re-done).",
        discussion: """
            Walks each folder recursively (hidden entries, the index itself and symlink
            loops are skipped) and parses every file into papers, resumes or plain
            documents: text profiles and resumes, PDF, DOCX, arXiv JSON Lines (also
            .gz), CSV resume datasets, bibliographies (BibTeX .bib, RIS .ris, CSL
            JSON .json), any other text. Run it again to pick up changes:
            unchanged files are skipped (size, modification and change times and
            inode as stored; anything else is confirmed by a content hash), changed
            files re-parsed, deleted files removed. Without a folder, the folders
            indexed before are re-indexed (else the config file's roots).

            On a terminal, a progress bar shows files, records, bytes, the rate and the
            time left, and moves inside a large file too; in a pipe, plain progress lines
            go to standard error for runs longer than a second; --quiet prints neither.

            Nothing is lost: a folder that cannot be reached (a drive not mounted, a
            share that is down, a folder that cannot be read, a broken link) is
            reported as unreachable and what the index holds from it is kept, until
            `quarry forget PATH` or --prune removes it. A file that cannot be parsed is
            named with its reason and the run goes on; it is reported on every run
            until it changes (or --retry-failed reads it again). The summary counts
            failed files, skipped entries (named pipes, devices, link loops) and
            unreachable paths, and the exit status is 1 when any is not 0.

            Ctrl-C (SIGINT) or SIGTERM stops at the next batch boundary with the index
            consistent (exit 130 or 143); run `quarry index` again to finish. Only one
            process updates an index at a time: another one is told who holds it and
            exits 75, or waits with --wait.

            An index written by another version of quarry (its schema or analyzer) is
            refused, by search too (exit 65): --rebuild drops its search database and
            rebuilds every item from the catalog's stored records (no file is parsed
            again), then indexes what changed as usual.

            A first build and a --rebuild end by compacting the search database, as
            `quarry compact` does (about 30 % smaller, a few per cent of the build's
            time); later runs add to it as it is, and `quarry compact` compacts again.

            Examples:
              quarry index Corpus
              quarry index ~/papers ~/resumes --index ~/.quarry
              quarry index                     # re-index what was indexed before
              quarry index --rebuild           # rebuild the search database from the catalog
              quarry index --prune             # drop what came from unreachable folders
            """)

    @Argument(
        help: "Folders (or files) to index (default: the folders indexed before, else the config file's roots).",
        completion: .directory)
    var folders: [String] = []

    @OptionGroup var index: IndexOptions

    @Flag(name: .customLong("json"), help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress: print only failures and the summary.")
    var quiet = false

    @Flag(help: "Drop the search database and rebuild it from the catalog (after a quarry upgrade).")
    var rebuild = false

    @Flag(name: .customLong("retry-failed"), help: "Read again the files whose last reading failed, even if unchanged.")
    var retryFailed = false

    @Flag(help: "Remove what the index holds from unreachable folders and files (and forget missing roots).")
    var prune = false

    @OptionGroup var writer: WriterOptions

    @Option(name: .customLong("batch-files"), help: .hidden)
    var batchFiles: Int?

    @Option(name: .customLong("batch-records"), help: .hidden)
    var batchRecords: Int?

    @Option(name: .shortAndLong, help: "Threads that analyse documents for the writer (default: the processors).")
    var jobs: Int?

    func run() throws {
        let settings = try index.settings()
        let location = settings.location
        // An index that exists is opened first: it knows the folders indexed before.
        var existing = location.hasCatalog ? try writer.open(location, command: "index", rebuild: rebuild) : nil
        // A first build or a rebuild writes the whole search database: compacted after the run
        // (with more than one worker the merge of its shards already did: `summary.compacted`).
        let bulk = existing == nil || rebuild
        var roots = folders.map(Self.rootPath)
        if roots.isEmpty, let existing { roots = (try? existing.knownRoots()) ?? [] }
        if roots.isEmpty { roots = settings.roots }
        guard !roots.isEmpty else {
            // Nothing to index: say how, and create no empty index (a later search would answer "0 results").
            printError("no folder given, none indexed before in \(location.path), and no roots in the config file")
            FileHandle.standardError.write(
                Data(
                    ("Usage: " + Quarry.usageString(for: IndexCommand.self) + "\n  Example: quarry index ~/papers\n")
                        .utf8))
            throw ExitStatus.usage
        }
        let summary: IndexSummary
        do {
            // The indexer (and with it the writer's lock) ends with this block, before the compaction.
            let indexer = try existing ?? writer.open(location, command: "index", create: true, rebuild: rebuild)
            existing = nil
            summary = try run(indexer, location: location, roots: roots)
        }
        if bulk && !summary.interrupted && !summary.compacted { Self.compactAfterBulkBuild(location) }
        Self.report(summary)
        if json {
            printSummaryJSON(summary)
        } else {
            print(Self.summaryLine(summary))
        }
        if summary.interrupted {
            let inPart = summary.inPart.map { displayPath($0) + " is stored in part and " }.joined()
            let files = summary.notReached == 1 ? "1 file was" : "\(summary.notReached) files were"
            printError(
                "stopped by \(StopSignals.name) at a batch boundary: the index is consistent; "
                    + "\(inPart)\(files) not looked at: run `quarry index` again to finish")
            throw ExitCode(StopSignals.exitCode)
        }
        if !summary.isComplete { throw ExitStatus.someFailed }
    }

    /// One indexing run with the progress display; errors are said and become the exit status.
    private func run(_ indexer: Indexer, location: IndexLocation, roots: [String]) throws -> IndexSummary {
        if let batchFiles { indexer.batchFiles = max(1, batchFiles) }
        if let batchRecords { indexer.batchRecords = max(1, batchRecords) }
        if let jobs { indexer.workers = max(1, jobs) }
        let synonyms = Searcher.synonymsPath(location)
        if !FileManager.default.fileExists(atPath: synonyms) {
            try? (Synonyms.defaultFile + "\n").write(toFile: synonyms, atomically: true, encoding: .utf8)
        }
        StopSignals.install()
        let crawl = Crawler(excluding: [location.path]).walk(roots)
        let progress = ProgressDisplay(quiet: quiet)
        defer { progress.finish() }
        let options = Indexer.Options(retryFailed: retryFailed, prune: prune) { StopSignals.requested }
        do {
            let parser = FileParser { progress.read($0) }
            return try indexer.run(crawl, roots: roots, source: parser, options: options) { progress.update($0) }
        } catch {
            progress.finish()
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
    }

    /// After a first build or a rebuild, the search database is compacted as `quarry compact` does
    /// (a freshly written Xapian database is about 1.4 times its compacted size: docs/BENCHMARKS.md);
    /// the seconds it takes are a few per cent of the build's. A compaction that fails (the disk
    /// full, another writer) leaves the index as built and complete: it is said, not an error.
    static func compactAfterBulkBuild(_ location: IndexLocation) {
        do {
            _ = try IndexCompaction.run(location: location)
        } catch {
            printError(
                "the index is complete, but compacting its search database failed "
                    + "(\(error.localizedDescription)); `quarry compact` tries again")
        }
    }

    /// A folder argument as a root: absolute, `.` and `..` resolved, symbolic links followed (a
    /// root reached through a link is the folder it leads to; one that leads nowhere stays as given).
    static func rootPath(_ folder: String) -> String {
        URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Names on standard error every problem of the run, once each: unreachable paths, skipped
    /// entries, files that failed this run, files still failing from before, parts of files skipped.
    static func report(_ summary: IndexSummary) {
        for problem in summary.unreachable {
            printError(
                "unreachable: \(describe(problem)) (what the index holds from it is kept; `quarry forget` removes it)")
        }
        for problem in summary.skipped { printError("skipped: \(describe(problem))") }
        for failure in summary.failures { printError("failed: \(describe(failure))") }
        let new = Set(summary.failures.map(\.path))
        let older = summary.failing.filter { !new.contains($0.path) }
        for failure in older.prefix(20) { printError("still failing: \(describe(failure))") }
        if older.count > 20 {
            printError(
                "… and \(older.count - 20) more files still failing (`quarry status` lists them; --retry-failed reads them again)"
            )
        }
        if !summary.interrupted {
            for path in summary.inPart {
                printError(
                    "stored in part: \(displayPath(path)) (a run stopped while reading it; run `quarry index` again)")
            }
        }
        for problem in summary.problems.prefix(50) { printError("part skipped: \(describe(problem))") }
        if summary.problems.count > 50 { printError("… and \(summary.problems.count - 50) more skipped parts") }
    }

    /// `added 4, updated 0, removed 0, unchanged 0, failed 0, skipped 0, unreachable 0 in 0.14 s (…)`.
    static func summaryLine(_ summary: IndexSummary) -> String {
        let formats = summary.formats.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return "added \(summary.added), updated \(summary.updated), removed \(summary.removed), "
            + "unchanged \(summary.unchanged), failed \(summary.failing.count), skipped \(summary.skipped.count), "
            + "unreachable \(summary.unreachable.count) in "
            + String(format: "%.2f s", summary.seconds)
            + (formats.isEmpty ? "" : " (\(formats); \(summary.records) records)")
            + (summary.problems.isEmpty ? "" : "; \(summary.problems.count) parts skipped")
            + (summary.pruned == 0 ? "" : "; \(summary.pruned) pruned")
            + (summary.interrupted ? "; interrupted" : "")
    }

    private func printSummaryJSON(_ summary: IndexSummary) {
        func list(_ problems: [ParseFailure]) -> [[String: Any]] {
            problems.map { ["path": $0.path, "line": $0.line.map { $0 as Any } ?? NSNull(), "reason": $0.reason] }
        }
        var object: [String: Any] = summary.counts
        object["seconds"] = summary.seconds
        object["formats"] = summary.formats
        object["interrupted"] = summary.interrupted
        object["crawl_problems"] = summary.skipped.count + summary.unreachable.count
        object["failures"] = list(summary.failures)
        object["failing"] = list(summary.failing)
        object["in_part"] = summary.inPart
        object["problems"] = list(summary.problems)
        object["skipped_entries"] = list(summary.skipped)
        object["unreachable_paths"] = list(summary.unreachable)
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
