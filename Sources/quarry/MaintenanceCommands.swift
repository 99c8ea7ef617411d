import ArgumentParser
import Foundation
import QuarryIndex
import QuarryIngest
import QuarryModel

/// `quarry status`: what the index holds, what fails, what changed on disk since the last run.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the index: roots, files and items, failures, size, the last run, changes on disk.",
        discussion: """
            Lists each indexed root and whether it can be reached, the files by format
            and the items by kind, every failing file with its reason, the size on disk,
            the last run (when, how long, what it did) and how many files changed on
            disk since: new, changed and gone files, found by their size, times and
            inode alone (nothing is read). Runs while `quarry index` works, and says
            who is updating the index.

            Examples:
              quarry status
              quarry status --json
            """)

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var index: IndexOptions

    func run() throws {
        let location = try index.settings().location
        let status: IndexStatus
        do {
            status = try IndexStatus.read(location: location) { roots in
                Crawler(excluding: [location.path]).walk(roots)
            }
        } catch {
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: (try? encoder.encode(status)) ?? Data(), as: UTF8.self))
        } else {
            print(Self.text(status), terminator: "")
        }
    }

    /// The status as lines of text.
    static func text(_ status: IndexStatus) -> String {
        func counts(_ values: [String: Int]) -> String {
            values.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        }
        var lines = ["index: \(displayPath(status.index)) (\(bytes(status.bytesOnDisk)) on disk)"]
        if let writer = status.writer { lines.append("being updated by \(writer)") }
        lines.append("roots:")
        for root in status.roots {
            // A link or folder inside that cannot be walked does not make the whole root unreachable.
            let state =
                root.reachable
                ? "reachable"
                : root.unreachablePath.map { $0 != root.path } == true
                    ? "reachable but for \(root.reason ?? "a path that cannot be walked") (what came through it is kept)"
                    : "UNREACHABLE (\(root.reason ?? "cannot be walked"); its files are kept)"
            lines.append("  \(displayPath(root.path)): \(state), \(root.files) files")
        }
        lines.append("files: \(status.files)" + (status.files > 0 ? " (\(counts(status.filesByFormat)))" : ""))
        lines.append("items: \(status.items)" + (status.items > 0 ? " (\(counts(status.itemsByKind)))" : ""))
        lines.append("failing: \(status.failures.count)")
        for failure in status.failures { lines.append("  \(displayPath(failure.path)): \(failure.reason)") }
        if let run = status.lastRun {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            let what = ["added", "updated", "removed", "unchanged", "failed", "skipped", "unreachable"]
                .map { "\($0) \(run.counts[$0] ?? 0)" }.joined(separator: ", ")
            lines.append(
                "last run: \(formatter.string(from: Date(timeIntervalSince1970: run.started))), "
                    + String(format: "%.2f s", run.seconds) + ": \(what)" + (run.interrupted ? " (interrupted)" : ""))
        } else {
            lines.append("last run: none")
        }
        if status.pendingKeys > 0 {
            lines.append("pending: \(status.pendingKeys) keys wait for their documents (run `quarry index`)")
        }
        let changes = status.changesOnDisk
        lines.append(
            "on disk since: \(changes.new) new, \(changes.changed) changed, \(changes.gone) gone"
                + (changes.unreachable > 0 ? ", \(changes.unreachable) unreachable" : "")
                + (changes.skipped > 0 ? ", \(changes.skipped) skipped" : "")
                + (changes.new + changes.changed + changes.gone > 0 ? " (run `quarry index`)" : ""))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A size for people: `812 B`, `3.4 MB`.
    static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : String(format: "%.1f %@", value, units[unit])
    }
}

/// `quarry check`: the Xapian database against a rebuild from the catalog, and both stores' own checks.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that the search database holds exactly what the catalog says; --repair mends it.",
        discussion: """
            Rebuilds every item from the catalog in memory and compares it with the
            search database: every item has its document, no document is orphaned,
            each document's terms (with their frequencies and positions), values and
            stored item are what a rebuild gives, and the spelling table and display
            spellings are what the documents give. Runs Xapian's own check
            (xapian-check) and SQLite's integrity check of the catalog. Exit 0 when
            all agree, 1 otherwise. --repair rebuilds what differs.

            Examples:
              quarry check
              quarry check --repair
            """)

    @Flag(help: "Rebuild the documents and derived data that differ.")
    var repair = false

    @OptionGroup var writer: WriterOptions

    @OptionGroup var index: IndexOptions

    func run() throws {
        let indexer = try writer.open(try index.settings().location, command: repair ? "check --repair" : "check")
        let report: CheckReport
        do {
            report = try indexer.check(repair: repair)
        } catch {
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
        for finding in report.findings { print(finding.description) }
        for action in report.repaired { print("repaired: \(action)") }
        print(
            "checked \(report.items) items and \(report.documents) documents: "
                + (report.isClean ? "no differences" : "\(report.findings.count) differences")
                + (report.repaired.isEmpty ? "" : ", repaired"))
        if !report.isClean && report.repaired.isEmpty { throw ExitStatus.someFailed }
    }
}

/// `quarry compact`: the search database rewritten compactly and swapped in atomically.
struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Compact the search database (a fresh copy swapped in atomically; searches keep working).",
        discussion: """
            Writes a compact copy of the Xapian database beside it and swaps it in with
            one atomic rename, under the index's lock. Searches running meanwhile keep
            reading the old copy; `quarry serve` moves to the new one on its next request.

            Example:
              quarry compact
            """)

    @OptionGroup var writer: WriterOptions

    @OptionGroup var index: IndexOptions

    func run() throws {
        let location = try index.settings().location
        do {
            let result = try IndexCompaction.run(location: location, wait: writer.wait, waiting: writer.waiting)
            print(
                "compacted \(displayPath(location.xapianPath)): \(StatusCommand.bytes(result.before)) → "
                    + StatusCommand.bytes(result.after))
        } catch {
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
    }
}

/// `quarry forget PATH...`: drop a root, a folder or a file from the index, with its records.
struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a root, a folder or a file from the index, with everything indexed from it.",
        discussion: """
            The one way (with `quarry index --prune`) to remove what came from a folder
            that cannot be reached: `quarry index` keeps it, in case the drive or share
            comes back. A root given here is no longer re-indexed by `quarry index`. A
            folder inside a root that is still indexed comes back on the next run.

            Examples:
              quarry forget /media/old-drive/papers
              quarry forget ~/papers/draft.pdf
            """)

    @Argument(help: "Roots, folders or files to forget.")
    var paths: [String]

    @OptionGroup var writer: WriterOptions

    @OptionGroup var index: IndexOptions

    func run() throws {
        let indexer = try writer.open(try index.settings().location, command: "forget")
        let forgotten: Indexer.Forgotten
        let roots: [String]
        do {
            // As given (standardised), and through symbolic links, as `quarry index` stored it.
            let given = paths.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            let resolved = paths.map(IndexCommand.rootPath)
            forgotten = try indexer.forget(Array(Set(given + resolved)).sorted())
            roots = try indexer.knownRoots()
        } catch {
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
        let unknown = Set(forgotten.unknown)
        for path in paths
        where unknown.contains(URL(fileURLWithPath: path).standardizedFileURL.path)
            && unknown.contains(IndexCommand.rootPath(path))
        {
            printError("nothing indexed at \(displayPath(IndexCommand.rootPath(path)))")
        }
        for root in forgotten.roots { print("forgot the root \(displayPath(root))") }
        print("forgot \(forgotten.files) files")
        for path in paths.map(IndexCommand.rootPath) {
            if let root = roots.first(where: { path.hasPrefix($0 + "/") }) {
                printError(
                    "note: \(displayPath(path)) lies in the root \(displayPath(root)): `quarry index` adds it again")
            }
        }
        if forgotten.files == 0 && forgotten.roots.isEmpty { throw ExitStatus.someFailed }
    }
}

/// `quarry dump`: the whole index as sorted lines, to compare two indexes.
struct DumpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump",
        abstract: "Print the whole index as sorted text (items, terms, values, metadata, spellings, catalog rows).",
        discussion: """
            The output does not depend on the order the index was built in (no document
            or row ids, no times): two indexes of the same files give the same dump.
            scripts/crash-test.sh compares indexes with it.

            Example:
              diff <(quarry dump --index A) <(quarry dump --index B)
            """)

    @OptionGroup var index: IndexOptions

    func run() throws {
        let location = try index.settings().location
        var buffer = ""
        do {
            try IndexDump.write(location: location) { line in
                buffer += line
                buffer += "\n"
                if buffer.utf8.count > 1 << 16 {
                    FileHandle.standardOutput.write(Data(buffer.utf8))
                    buffer = ""
                }
            }
        } catch {
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
        FileHandle.standardOutput.write(Data(buffer.utf8))
    }
}
