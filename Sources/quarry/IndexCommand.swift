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
            unchanged files are skipped (size and modification time, confirmed by a
            content hash), changed files re-parsed, deleted files removed. Without a
            folder, the folders indexed before are re-indexed (else the config file's
            roots). A file that cannot be read is named with its reason on standard error;
            the run goes on.

            On a terminal, a progress bar shows files, records, bytes, the rate and the
            time left, and moves inside a large file too; in a pipe, plain progress lines
            go to standard error for runs longer than a second; --quiet prints neither.

            An index written by another version of quarry (its schema or analyzer) is
            refused, by search too (exit 65): --rebuild drops its search database and
            rebuilds every item from the catalog's stored records (no file is parsed
            again), then indexes what changed as usual.

            Examples:
              quarry index Corpus
              quarry index ~/papers ~/resumes --index ~/.quarry
              quarry index                     # re-index what was indexed before
              quarry index --rebuild           # rebuild the search database from the catalog
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

    func run() throws {
        let settings = try index.settings()
        let location = settings.location
        func open() throws -> Indexer {
            do {
                return try Indexer(location: location, rebuild: rebuild)
            } catch {
                printError(error.localizedDescription)
                throw ExitCode(error.exitCode)
            }
        }
        // An index that exists is opened first: it knows the folders indexed before.
        let existing = location.exists ? try open() : nil
        var roots = folders.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path }
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
        let indexer = try existing ?? open()
        let synonyms = Searcher.synonymsPath(location)
        if !FileManager.default.fileExists(atPath: synonyms) {
            try? (Synonyms.defaultFile + "\n").write(toFile: synonyms, atomically: true, encoding: .utf8)
        }
        let crawl = Crawler(excluding: [location.path]).walk(roots)
        for problem in crawl.problems { printError(problem.description) }
        let progress = ProgressDisplay(quiet: quiet)
        let summary: IndexSummary
        do {
            let parser = FileParser { progress.read($0) }
            summary = try indexer.run(files: crawl.files, roots: roots, source: parser) { progress.update($0) }
        } catch {
            progress.finish()
            printError(error.localizedDescription)
            throw ExitStatus.someFailed
        }
        progress.finish()
        for failure in summary.failures {
            printError("failed: \(displayPath(failure.path))\(failure.line.map { ":\($0)" } ?? ""): \(failure.reason)")
        }
        for problem in summary.problems.prefix(50) {
            printError("skipped: \(displayPath(problem.path))\(problem.line.map { ":\($0)" } ?? ""): \(problem.reason)")
        }
        if summary.problems.count > 50 { printError("… and \(summary.problems.count - 50) more skipped parts") }
        if json {
            printSummaryJSON(summary, problems: crawl.problems.count)
        } else {
            print(summaryLine(summary))
        }
        if summary.failed > 0 || !crawl.problems.isEmpty { throw ExitStatus.someFailed }
    }

    private func summaryLine(_ summary: IndexSummary) -> String {
        let formats = summary.formats.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return "added \(summary.added), updated \(summary.updated), removed \(summary.removed), "
            + "unchanged \(summary.unchanged), failed \(summary.failed) in "
            + String(format: "%.2f s", summary.seconds)
            + (formats.isEmpty ? "" : " (\(formats); \(summary.records) records)")
            + (summary.problems.isEmpty ? "" : "; \(summary.problems.count) parts skipped")
    }

    private func printSummaryJSON(_ summary: IndexSummary, problems: Int) {
        let object: [String: Any] = [
            "added": summary.added, "updated": summary.updated, "removed": summary.removed,
            "unchanged": summary.unchanged, "failed": summary.failed, "records": summary.records,
            "seconds": summary.seconds, "formats": summary.formats, "crawl_problems": problems,
            "failures": summary.failures.map {
                ["path": $0.path, "line": $0.line.map { $0 as Any } ?? NSNull(), "reason": $0.reason]
            },
            "problems": summary.problems.map {
                ["path": $0.path, "line": $0.line.map { $0 as Any } ?? NSNull(), "reason": $0.reason]
            },
        ]
        if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
