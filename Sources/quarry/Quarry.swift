import ArgumentParser
import Foundation
import QuarryIndex
import QuarryModel

/// The `quarry` command: index folders of papers and resumes, then search them.
@main
struct Quarry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Full-text search for research papers and resumes.",
        discussion: """
            Index a folder once, search it in milliseconds, re-index to pick up only what
            changed.

              quarry index Corpus                 index a folder into ./Index
              quarry search 'author:"Ahan Gupta"' ranked, faceted search
              quarry count 'kind:paper year:2024' how many items match
              quarry index                        re-index the folders indexed before
              quarry show pd3feacb23599           one item whole, with all its sources
              quarry similar pd3feacb23599        more like this
              quarry serve                        the search page on http://127.0.0.1:8080/
              quarry status                       roots, failures, last run, changes on disk
              quarry check --repair               the search database against the catalog
              quarry forget /media/old/papers     drop what came from a folder
              quarry eval                         ranking quality on Cranfield, ADI, MED

            The index is --index DIR, else $QUARRY_INDEX, else the config file's index,
            else ./Index. The config file is $XDG_CONFIG_HOME/quarry/config.toml
            (~/.config/quarry/config.toml):
              index = "~/papers/.quarry"      the default index
              roots = ["~/papers"]            what `quarry index` indexes by default
              facets = ["author", "year"]     the facets search counts by default

            Exit codes: 0 success, 1 some files failed, 64 bad usage or query, 65 an index
            written by another version (run `quarry index --rebuild`), 66 no index or no
            such item, 75 another process is updating the index, 78 a broken config file,
            130/143 stopped by SIGINT/SIGTERM.

            Shell completions: quarry --generate-completion-script bash|zsh|fish. The manual
            page: quarry manual > quarry.1 (scripts/demo.sh installs both).
            """,
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, CountCommand.self, ShowCommand.self, SimilarCommand.self,
            WatchCommand.self, ServeCommand.self, StatusCommand.self, CheckCommand.self, CompactCommand.self,
            ForgetCommand.self,
            DumpCommand.self, EvalCommand.self, ManualCommand.self,
        ])

    /// Answers `quarry --version` before the argument parser starts (it builds every command's
    /// option table through reflection, most of the time of so short a run), and hands the
    /// arguments after a subcommand's name straight to that subcommand's parser: the whole
    /// tree's parser reads the root and the subcommand twice each (once to look for a
    /// completion-script request), each read a reflection over the options. Anything the
    /// subcommand's parser refuses (`--help`, a usage error) goes to the whole tree, so help
    /// and error messages are the tree's.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"], let version = configuration.version.isEmpty ? nil : configuration.version {
            print(version)
            return
        }
        if let name = arguments.first,
            let subcommand = configuration.subcommands.first(where: { $0._commandName == name }),
            var command = try? subcommand.parseAsRoot(Array(arguments.dropFirst()))
        {
            do {
                if var asynchronous = command as? AsyncParsableCommand {
                    try await asynchronous.run()
                } else {
                    try command.run()
                }
            } catch {
                exit(withError: error)
            }
            return
        }
        await main(nil)
    }
}

/// `--wait`, and how the commands that change an index open it.
struct WriterOptions: ParsableArguments {
    @Flag(help: "When another process is updating the index, wait for it instead of exiting with 75.")
    var wait = false

    /// Says on standard error whom a writer waits for.
    func waiting(_ holder: IndexLock.Holder) {
        printError("the index is being updated by \(holder.description): waiting…")
    }

    /// Opens the index at `location` for writing as `command`, creating it only when `create`;
    /// prints what went wrong and throws its exit status.
    func open(_ location: IndexLocation, command: String, create: Bool = false, rebuild: Bool = false) throws -> Indexer
    {
        guard create || location.hasCatalog else {
            printError(IndexError.missingIndex(path: location.path).localizedDescription)
            throw ExitStatus.noInput
        }
        do {
            let indexer = try Indexer(
                location: location, rebuild: rebuild, command: command, wait: wait, waiting: waiting)
            if let damage = indexer.damage {
                printError(
                    "the search database was damaged (\(damage)): it is rebuilt from the catalog, which keeps every record"
                )
            }
            return indexer
        } catch {
            printError(error.localizedDescription)
            throw ExitCode(error.exitCode)
        }
    }
}

/// Exit codes (sysexits where one fits).
enum ExitStatus {
    static let someFailed = ExitCode(1)
    static let usage = ExitCode(64)
    static let noInput = ExitCode(66)
    /// EX_CONFIG: the config file cannot be used.
    static let config = ExitCode(78)
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("quarry: " + message + "\n").utf8))
}

/// `--color auto|always|never`: colour on a terminal unless NO_COLOR is set and non-empty;
/// `always` and `never` override both.
struct ColorOptions: ParsableArguments {
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Option(
        name: .customLong("color"),
        help: "Colour the output: auto (on a terminal, unless NO_COLOR is set), always or never.")
    var choice: Choice = .auto

    /// Whether to colour what goes to standard output.
    func enabled(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto: return isatty(STDOUT_FILENO) != 0 && (environment["NO_COLOR"] ?? "").isEmpty
        }
    }
}

/// A path as the user would like to read it: relative to the current folder when inside it, on
/// one line (a newline or other control character in a name is shown as `\n`, `\u{7}`).
func displayPath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    let shown = path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    guard shown.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return shown }
    var escaped = ""
    for scalar in shown.unicodeScalars {
        switch scalar {
        case "\n": escaped += "\\n"
        case "\t": escaped += "\\t"
        case "\r": escaped += "\\r"
        default:
            if scalar.properties.generalCategory == .control {
                escaped += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
    }
    return escaped
}

/// A problem as one line: `path:line: reason`, the path as `displayPath` shows it.
func describe(_ problem: ParseFailure) -> String {
    displayPath(problem.path) + (problem.line.map { ":\($0)" } ?? "") + ": " + problem.reason
}
