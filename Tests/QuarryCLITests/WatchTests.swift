import Foundation
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `quarry watch` through the built binary: what changes on disk is searchable (or gone) within
/// two seconds, a burst is indexed in one run, a vanished root is kept, Ctrl-C stops cleanly.
@Suite(.serialized) struct WatchTests {
    let corpus: TestCorpus
    let files = FileManager.default

    init() throws {
        corpus = try TestCorpus()
    }

    func quarry(_ arguments: String...) throws -> QuarryBinary.Output {
        try QuarryBinary.run(arguments, in: corpus.root)
    }

    func count(_ query: String) throws -> Int {
        Int(try quarry("count", query).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Waits up to two seconds for `condition`; records an issue naming `what` when it stays false.
    func within2s(_ what: String, _ condition: () throws -> Bool) throws {
        let start = Date()
        while Date().timeIntervalSince(start) < 2 {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("not within 2 s: \(what)")
    }

    func write(_ relative: String, _ text: String) throws {
        let url = corpus.corpus.appendingPathComponent(relative)
        try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    func path(_ relative: String) -> String { corpus.corpus.appendingPathComponent(relative).path }

    @Test func watchKeepsTheIndexCurrent() throws {
        let watch = try RunningQuarry(["watch", "Corpus"], in: corpus.root)
        let first = try #require(watch.readLine())
        #expect(first.contains("added 4,"), "\(first)")

        // New, changed, renamed, deleted.
        try write("new.txt", "zebrafish in the estuary\n")
        try within2s("a new file") { try count("zebrafish") == 1 }
        try write("new.txt", "axolotl in the estuary, longer than before\n")
        try within2s("a changed file") { try count("axolotl") == 1 && count("zebrafish") == 0 }
        try files.moveItem(atPath: path("new.txt"), toPath: path("renamed.txt"))
        try within2s("a renamed file") {
            try quarry("search", "axolotl", "--output", "files").stdout == path("renamed.txt") + "\n"
        }
        try files.removeItem(atPath: path("renamed.txt"))
        try within2s("a deleted file") { try count("axolotl") == 0 }

        // A folder made, filled and moved.
        try write("dig/site/notes.txt", "quokka burrows\n")
        try within2s("a file in a new folder") { try count("quokka") == 1 }
        try files.moveItem(atPath: path("dig"), toPath: path("moved"))
        try within2s("a moved folder") {
            try quarry("search", "quokka", "--output", "files").stdout == path("moved/site/notes.txt") + "\n"
        }
        try write("moved/site/more.txt", "quokka tracks\n")
        try within2s("a new file in a moved folder") { try count("quokka") == 2 }
        try files.removeItem(atPath: path("moved"))
        try within2s("a deleted folder") { try count("quokka") == 0 }

        // A burst: one run for all of it.
        for number in 0..<50 { try write("burst/b\(number).txt", "pangolin number \(number)\n") }
        try within2s("a burst of 50 files") { try count("pangolin") == 50 }
        let status = try quarry("status", "--json").json()
        let lastRun = try #require(status["lastRun"] as? [String: Any])
        #expect((lastRun["counts"] as? [String: Any])?["added"] as? Int == 50, "\(lastRun)")

        // A root that disappears is reported and kept; when it comes back it is watched again.
        let away = corpus.root.appendingPathComponent("away").path
        try files.moveItem(atPath: corpus.corpus.path, toPath: away)
        Thread.sleep(forTimeInterval: 1)
        #expect(try count("pangolin") == 50)
        try files.moveItem(atPath: away, toPath: corpus.corpus.path)
        try write("back.txt", "narwhal tusks\n")
        let start = Date()
        while Date().timeIntervalSince(start) < 4, try count("narwhal") != 1 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(try count("narwhal") == 1, "a root that came back is watched again")

        kill(watch.process.processIdentifier, SIGINT)
        let stopped = watch.finish()
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("unreachable: "), "\(stopped.stderr)")
        #expect(stopped.stderr.contains("stopped by SIGINT: the index is consistent"), "\(stopped.stderr)")
        #expect(try quarry("check").status == 0)
        let clean = try QuarryBinary.run(["index", "Corpus", "--index", "Clean"], in: corpus.root)
        #expect(clean.status == 0)
        #expect(try quarry("dump").stdout == quarry("dump", "--index", "Clean").stdout)
    }

    /// `quarry watch . > log`: the log in the watched folder is neither indexed nor a change that
    /// starts another run (which would write the log again, for ever).
    @Test func aLogWrittenIntoTheWatchedFolderIsNoChange() throws {
        let log = corpus.corpus.appendingPathComponent("watch.log")
        files.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = try QuarryBinary.executable()
        process.arguments = ["watch", "Corpus"]
        process.currentDirectoryURL = corpus.root
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // The first run (not a latency: it indexes the folder) may be slow on a loaded machine.
        let begun = Date()
        while Date().timeIntervalSince(begun) < 60, (try? count("gupta")) ?? 0 <= 0 {
            Thread.sleep(forTimeInterval: 0.1)
        }
        try write("new.txt", "zebrafish in the estuary\n")
        try within2s("a new file") { try count("zebrafish") == 1 }
        Thread.sleep(forTimeInterval: 1.5)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains(" added ") }.count == 2, "\(lines)")
        // Quoted: a word no document holds is otherwise also searched as its spelling correction.
        #expect(try quarry("search", "\"watching\"", "--output", "files").stdout == "")
        #expect(process.terminationStatus == 0)
    }
}
