import ArgumentParser
import Foundation

/// The `quarry` command: index folders of papers and resumes, then search them.
@main
struct Quarry: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarry",
        abstract: "Full-text search for research papers and resumes.",
        discussion: """
            Index a folder once, search it in milliseconds, re-index to pick up only what
            changed.

              quarry index Corpus                 index a folder into ./Index
              quarry search 'author:"Ahan Gupta"' ranked, faceted search
              quarry index                        re-index the folders indexed before
              quarry show pd3feacb23599           one item whole, with all its sources
              quarry similar pd3feacb23599        more like this
              quarry eval                         ranking quality on Cranfield, ADI, MED

            Every command uses the index in ./Index, or $QUARRY_INDEX when set, or --index
            PATH. Exit codes: 0 success, 1 some files failed, 64 bad usage or query, 65 an
            index written by another version (run `quarry index --rebuild`), 66 no index.
            """,
        version: "0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, ShowCommand.self, SimilarCommand.self, ServeCommand.self,
            EvalCommand.self,
        ])
}

/// The `--index PATH` option every command shares.
struct IndexOptions: ParsableArguments {
    @Option(name: .customLong("index"), help: "The index folder (default: $QUARRY_INDEX, else ./Index).")
    var path: String?

    /// The index folder to use.
    var resolved: String {
        if let path { return path }
        if let environment = ProcessInfo.processInfo.environment["QUARRY_INDEX"], !environment.isEmpty {
            return environment
        }
        return "Index"
    }
}

/// Exit codes (sysexits where one fits).
enum ExitStatus {
    static let someFailed = ExitCode(1)
    static let usage = ExitCode(64)
    static let noInput = ExitCode(66)
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("quarry: " + message + "\n").utf8))
}

/// A path as the user would like to read it: relative to the current folder when inside it.
func displayPath(_ path: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
    return path
}
