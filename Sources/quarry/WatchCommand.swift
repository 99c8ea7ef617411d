import ArgumentParser
import Foundation
import QuarryIndex
import QuarryIngest
import QuarryModel

#if canImport(Glibc)
    import Glibc
#endif

/// `quarry watch`: index folders, then keep the index current as their files change.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Index folders, then keep the index current as files change (Linux inotify).",
        discussion: """
            First brings the index up to date as `quarry index` does, then watches every
            folder below the given ones: a file added, changed, renamed or deleted, or a
            folder moved, is searchable (or gone) within about a second. A burst of
            changes is indexed together once the folders are quiet for 200 ms (at most
            a second after the first change), only the folders that changed are walked
            again, and the rules of `quarry index` apply (unchanged files are not read,
            failures are reported, nothing is lost).

            A watched folder that disappears (a drive unmounted) is reported as
            unreachable and what the index holds from it is kept; when it comes back it
            is indexed again. Each update prints a summary line with the time.

            While it runs, watch is the index's writer: a `quarry index` meanwhile is told
            who holds it (exit 75, or --wait). Ctrl-C (SIGINT) or SIGTERM stops it at a
            batch boundary with the index consistent (exit 0).

            Examples:
              quarry watch ~/papers ~/resumes
              quarry watch                     # the folders indexed before
            """)

    @Argument(
        help: "Folders to watch (default: the folders indexed before, else the config file's roots).",
        completion: .directory)
    var folders: [String] = []

    @OptionGroup var index: IndexOptions

    @Flag(name: .shortAndLong, help: "Print only failures and the summary lines.")
    var quiet = false

    @OptionGroup var writer: WriterOptions

    func run() throws {
        #if canImport(Glibc)
            let settings = try index.settings()
            let location = settings.location
            let indexer = try writer.open(location, command: "watch", create: true)
            var roots = folders.map(IndexCommand.rootPath)
            if roots.isEmpty { roots = (try? indexer.knownRoots()) ?? [] }
            if roots.isEmpty { roots = settings.roots }
            guard !roots.isEmpty else {
                printError("no folder given, none indexed before in \(location.path), and no roots in the config file")
                throw ExitStatus.usage
            }
            StopSignals.install()
            // The index, and standard output and error when they are files (`quarry watch . > log`):
            // indexing them would change them again, for ever.
            let excluded = [location.path] + [1, 2].compactMap(Self.regularFile(descriptor:))
            // Watches first, so a change during the first run is seen.
            let watcher: FolderWatcher
            do {
                watcher = try FolderWatcher(roots: roots, excluding: excluded)
            } catch {
                printError(error.description)
                throw ExitStatus.someFailed
            }
            let crawler = Crawler(excluding: excluded)
            let parser = FileParser()
            let options = Indexer.Options { StopSignals.requested }
            var walk = roots
            var first = true
            while !StopSignals.requested {
                let summary: IndexSummary
                do {
                    summary = try indexer.run(crawler.walk(walk), roots: walk, source: parser, options: options)
                } catch {
                    printError(error.localizedDescription)
                    throw ExitCode(error.exitCode)
                }
                IndexCommand.report(summary)
                var now = time(nil)
                var parts = tm()
                localtime_r(&now, &parts)
                let time = String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
                let what = first ? "" : " " + walk.joined(separator: ", ") + ":"
                // Unbuffered, so a pipe gets each line as it happens.
                FileHandle.standardOutput.write(Data("\(time)\(what) \(IndexCommand.summaryLine(summary))\n".utf8))
                if first && !quiet {
                    let folders = watcher.watchedFolders == 1 ? "1 folder" : "\(watcher.watchedFolders) folders"
                    printError("watching \(folders) under \(roots.joined(separator: ", ")) (Ctrl-C stops)")
                }
                first = false
                walk = watcher.nextChanges { StopSignals.requested }
            }
            printError("stopped by \(StopSignals.name): the index is consistent")
        #else
            printError("quarry watch needs Linux's inotify")
            throw ExitStatus.usage
        #endif
    }

    /// The path of the regular file open as `descriptor` (through `/proc/self/fd`), nil for a
    /// terminal, a pipe or anything else.
    static func regularFile(descriptor: Int32) -> String? {
        #if canImport(Glibc)
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")
        #else
            return nil
        #endif
    }
}
