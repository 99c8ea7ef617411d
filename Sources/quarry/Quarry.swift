import ArgumentParser
import Foundation

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
              quarry eval                         ranking quality on Cranfield, ADI, MED

            The index is --index DIR, else $QUARRY_INDEX, else the config file's index,
            else ./Index. The config file is $XDG_CONFIG_HOME/quarry/config.toml
            (~/.config/quarry/config.toml):
              index = "~/papers/.quarry"      the default index
              roots = ["~/papers"]            what `quarry index` indexes by default
              facets = ["author", "year"]     the facets search counts by default

            Exit codes: 0 success, 1 some files failed, 64 bad usage or query, 65 an index
            written by another version (run `quarry index --rebuild`), 66 no index or no
            such item, 78 a broken config file.

            Shell completions: quarry --generate-completion-script bash|zsh|fish. The manual
            page: quarry manual > quarry.1 (scripts/demo.sh installs both).
            """,
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, CountCommand.self, ShowCommand.self, SimilarCommand.self,
            ServeCommand.self, EvalCommand.self, ManualCommand.self,
        ])

    /// Answers `quarry --version` before the argument parser starts (it builds every command's
    /// option table through reflection, most of the time of so short a run); everything else
    /// goes to the parser.
    static func main() async {
        if CommandLine.arguments.count == 2, CommandLine.arguments[1] == "--version",
            let version = configuration.version.isEmpty ? nil : configuration.version
        {
            print(version)
            return
        }
        await main(nil)
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

/// A path as the user would like to read it: relative to the current folder when inside it.
func displayPath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
    return path
}
