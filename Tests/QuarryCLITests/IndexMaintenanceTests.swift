import Foundation
import QuarryIndex
import QuarryModel
import QuarryTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `quarry` binary started in the background: stdin to write to, stdout read line by line.
final class RunningQuarry: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private var buffer = Data()

    init(_ arguments: [String], in directory: URL, executable: URL? = nil) throws {
        process.executableURL =
            try executable ?? #require(QuarryBinary.url, "the quarry binary was not built next to the tests")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["QUARRY_INDEX"] = nil
        process.environment = environment
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
    }

    /// Writes one line to the process's standard input.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// The next line of standard output (nil at its end).
    func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = buffer[buffer.startIndex..<newline]
                buffer.removeSubrange(buffer.startIndex...newline)
                return String(decoding: line, as: UTF8.self)
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(chunk)
        }
    }

    /// Sends a request line and reads the answer line as a JSON object.
    func ask(_ request: String) throws -> [String: Any] {
        send(request)
        let line = try #require(readLine(), "no answer to \(request)")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// Closes standard input, waits for the exit and returns the status and standard error.
    func finish() -> (status: Int32, stderr: String) {
        try? input.fileHandleForWriting.close()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }
}

/// status, check, compact, forget, dump, the writer's lock, signals and readers during writes,
/// through the built binary.
@Suite(.serialized) struct IndexMaintenanceTests {
    let corpus: TestCorpus
    var location: IndexLocation { IndexLocation(path: corpus.index.path) }

    init() throws {
        corpus = try TestCorpus()
    }

    func quarry(_ arguments: String...) throws -> QuarryBinary.Output {
        try QuarryBinary.run(arguments, in: corpus.root)
    }

    /// Writes `count` small documents into `Corpus/many/`.
    func writeMany(_ count: Int, word: String = "tapes") throws {
        let folder = corpus.corpus.appendingPathComponent("many")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for number in 0..<count {
            try "\(word) and notes number \(number) about herons, otters and wading birds\n"
                .write(
                    to: folder.appendingPathComponent(String(format: "n%04d.txt", number)), atomically: false,
                    encoding: .utf8)
        }
    }

    @Test func statusListsRootsFilesFailuresAndChangesOnDisk() throws {
        try Data([0, 1, 2]).write(to: corpus.corpus.appendingPathComponent("scan.bin"))
        _ = try quarry("index", "Corpus")
        try "a new file".write(to: corpus.corpus.appendingPathComponent("new.txt"), atomically: false, encoding: .utf8)
        let status = try quarry("status")
        #expect(status.status == 0, "\(status.stderr)")
        #expect(status.stdout.contains("Corpus: reachable, 5 files"))
        #expect(status.stdout.contains("items: 15 (13 paper, 2 resume)"))
        #expect(status.stdout.contains("failing: 1") && status.stdout.contains("scan.bin: "))
        #expect(status.stdout.contains("last run: ") && status.stdout.contains("failed 1"))
        #expect(status.stdout.contains("on disk since: 1 new"))
        let json = try quarry("status", "--json").json()
        #expect(json["files"] as? Int == 5 && json["items"] as? Int == 15)
        #expect((json["failures"] as? [[String: Any]])?.count == 1)
        #expect(((json["changesOnDisk"] as? [String: Any])?["new"]) as? Int == 1)
        #expect((json["bytesOnDisk"] as? Int ?? 0) > 0)
        let root = try #require((json["roots"] as? [[String: Any]])?.first)
        #expect(root["reachable"] as? Bool == true)
    }

    @Test func anUnreachableRootIsReportedKeptAndForgottenOnRequest() throws {
        _ = try quarry("index", "Corpus")
        try FileManager.default.moveItem(at: corpus.corpus, to: corpus.root.appendingPathComponent("away"))
        let index = try quarry("index")
        #expect(index.status == 1)
        #expect(index.stdout.contains("removed 0") && index.stdout.contains("unreachable 1"))
        #expect(index.stderr.contains("unreachable: ") && index.stderr.contains("Corpus"))
        let status = try quarry("status")
        #expect(status.stdout.contains("UNREACHABLE"))
        #expect(try quarry("search", "title:lynx", "--json").json()["total"] as? Int == 1)
        let forget = try quarry("forget", "Corpus")
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(forget.stdout.contains("forgot 4 files"))
        #expect(try quarry("search", "title:lynx", "--json").json()["total"] as? Int == 0)
        #expect(try quarry("forget", "Corpus").status == 1)
    }

    /// A broken link inside a root is what cannot be walked, not the root: status names it, and
    /// the root stays reachable (it said UNREACHABLE for the whole root).
    @Test func aBrokenLinkInsideARootIsNamedAndTheRootIsReachable() throws {
        let link = corpus.corpus.appendingPathComponent("gone.pdf").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent/gone.pdf")
        _ = try quarry("index", "Corpus")
        let status = try quarry("status")
        #expect(!status.stdout.contains("UNREACHABLE"), "\(status.stdout)")
        #expect(status.stdout.contains("reachable but for") && status.stdout.contains("gone.pdf"), "\(status.stdout)")
    }

    @Test func checkFindsWhatDiffersAndRepairMendsIt() throws {
        _ = try quarry("index", "Corpus")
        let clean = try quarry("check")
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        #expect(clean.stdout.contains("checked 15 items and 15 documents: no differences"))
        // Damage the search side behind the catalog's back: drop one document, change another.
        do {
            let writer = try XapianDatabase(path: location.xapianPath, writable: true)
            let lynx = MergeKey.paper(
                titleKey: Normalize.titleKey(
                    "Lynx: Enabling Efficient MoE Inference through Dynamic Batch-Aware Expert Selection"))
            try writer.delete(idTerm: Schema.idTerm(lynx.itemID))
            try writer.setMetadata(Schema.displayKey(Schema.author.facet!, key: "vima gupta"), "VIMA")
            try writer.commit()
        }
        let damaged = try quarry("check")
        #expect(damaged.status == 1)
        #expect(damaged.stdout.contains("missing: item "))
        #expect(damaged.stdout.contains("derived: display spellings"))
        let repair = try quarry("check", "--repair")
        #expect(repair.status == 0, "\(repair.stdout)")
        #expect(repair.stdout.contains("repaired: "))
        #expect(try quarry("check").status == 0)
        #expect(try quarry("search", "title:lynx", "--json").json()["total"] as? Int == 1)
    }

    @Test func compactSwapsInACompactCopyWhileSearchesGoOn() throws {
        try writeMany(60)
        _ = try quarry("index", "Corpus")
        let server = try RunningQuarry(["serve", "--stdio"], in: corpus.root)
        #expect(try server.ask(#"{"query": "tapes"}"#)["total"] as? Int == 60)
        for _ in 0..<3 {
            let compact = try quarry("compact")
            #expect(compact.status == 0, "\(compact.stderr)")
            #expect(compact.stdout.contains("compacted "))
            #expect(try server.ask(#"{"query": "tapes"}"#)["total"] as? Int == 60)
        }
        #expect(try quarry("check").status == 0)
        #expect(!FileManager.default.fileExists(atPath: location.path + "/xapian.compacting"))
        #expect(server.finish().status == 0)
    }

    /// Bytes of the search database's files.
    func xapianBytes() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: location.xapianPath).reduce(0) { total, name in
            let attributes = try FileManager.default.attributesOfItem(atPath: location.xapianPath + "/" + name)
            return total + ((attributes[.size] as? NSNumber)?.intValue ?? 0)
        }
    }

    @Test func aFirstBuildEndsCompactedAndLaterRunsLeaveItToCompact() throws {
        try writeMany(400)
        #expect(try quarry("index", "Corpus").status == 0)
        let built = try xapianBytes()
        #expect(try quarry("compact").status == 0)
        #expect(try xapianBytes() == built, "the first build left its database uncompacted")
        // A later run adds to the database as it is; what a killed compaction left goes with it.
        try writeMany(400, word: "reels")
        try FileManager.default.createDirectory(
            atPath: location.path + "/xapian.compacting", withIntermediateDirectories: false)
        #expect(try quarry("index").status == 0)
        #expect(!FileManager.default.fileExists(atPath: location.path + "/xapian.compacting"))
        let grown = try xapianBytes()
        #expect(try quarry("compact").status == 0)
        #expect(try xapianBytes() < grown, "an incremental run compacted the database")
        #expect(try quarry("search", "reels", "--json").json()["total"] as? Int == 400)
    }

    @Test func aLongLivedReaderSeesNewCommits() throws {
        _ = try quarry("index", "Corpus")
        let server = try RunningQuarry(["serve", "--stdio"], in: corpus.root)
        #expect(try server.ask(#"{"query": "tapes"}"#)["total"] as? Int == 0)
        try writeMany(5)
        _ = try quarry("index")
        #expect(try server.ask(#"{"query": "tapes"}"#)["total"] as? Int == 5)
        #expect(server.finish().status == 0)
    }

    /// A long-lived reader remembers term frequencies and spelling suggestions for the revision it
    /// reads: once `quarry index` commits, its answers (spelling, feedback, totals, facets) are
    /// those of a server started afresh, byte for byte.
    @Test func aLongLivedServerAnswersAsANewOneAfterTheIndexChanges() throws {
        try writeMany(30)
        _ = try quarry("index", "Corpus")
        let requests = [
            #"{"query": "herons tapse", "match": "any", "facets": ["author", "kind"]}"#,
            #"{"query": "wading reels", "match": "any"}"#, #"{"query": "otters notes"}"#,
        ]
        func answers(_ server: RunningQuarry) throws -> [String] {
            try requests.map { request in
                server.send(request)
                return try #require(server.readLine(), "no answer to \(request)")
            }
        }
        let server = try RunningQuarry(["serve", "--stdio"], in: corpus.root)
        let before = try answers(server)
        try writeMany(45, word: "reels")
        _ = try quarry("index")
        let fresh = try RunningQuarry(["serve", "--stdio"], in: corpus.root)
        let after = try answers(fresh)
        #expect(after[0] != before[0] && after[1] != before[1], "the index did not change the answers")
        #expect(try answers(server) == after)
        #expect(server.finish().status == 0)
        #expect(fresh.finish().status == 0)
    }

    @Test func searchesWhileTheIndexerCommitsNeverFail() throws {
        try writeMany(400)
        _ = try quarry("index", "Corpus")
        try writeMany(400, word: "reels")
        let server = try RunningQuarry(["serve", "--stdio"], in: corpus.root)
        let indexer = try RunningQuarry(["index", "--batch-files", "3"], in: corpus.root)
        var answers = 0
        var failures: [String] = []
        while indexer.process.isRunning || answers < 20 {
            for query in [#"{"query": "herons", "facets": ["author", "kind"]}"#, #"{"query": "reels OR tapes"}"#] {
                let answer = try server.ask(query)
                if answer["error"] != nil || answer["total"] == nil { failures.append("\(answer)") }
                answers += 1
            }
        }
        #expect(indexer.finish().status == 0)
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(try server.ask(#"{"query": "reels"}"#)["total"] as? Int == 400)
        #expect(server.finish().status == 0)
    }

    /// Search processes (each opening the index afresh) while `quarry index` runs again and again
    /// over changing files: every search answers.
    @Test func searchProcessesWhileIndexRunsInALoopNeverFail() throws {
        final class Tally: @unchecked Sendable {
            let lock = NSLock()
            var searches = 0
            var failures: [String] = []
            var done = false
        }
        try writeMany(150)
        _ = try quarry("index", "Corpus")
        let tally = Tally()
        let root = corpus.root
        let searchers = (0..<2).map { number in
            Thread {
                while !tally.lock.withLock({ tally.done }) {
                    let query = number == 0 ? "herons" : "tapes OR reels OR spools"
                    let answer = try? QuarryBinary.run(["search", query, "--json", "--facet", "author"], in: root)
                    let total = (try? answer?.json())?["total"] as? Int
                    tally.lock.withLock {
                        tally.searches += 1
                        if answer?.status != 0 || total != 150 {
                            tally.failures.append("\(answer?.status ?? -1): \(answer?.stderr ?? "")")
                        }
                    }
                }
            }
        }
        for searcher in searchers { searcher.start() }
        for word in ["reels", "spools", "tapes", "reels"] {
            try writeMany(150, word: word)
            let run = try quarry("index", "--batch-files", "4")
            #expect(run.status == 0, "\(run.stderr)")
        }
        tally.lock.withLock { tally.done = true }
        while searchers.contains(where: \.isExecuting) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(tally.searches >= 10)
        #expect(tally.failures.isEmpty, "\(tally.failures.count) of \(tally.searches): \(tally.failures.prefix(3))")
    }

    @Test func aSecondWriterIsToldWhoHoldsTheIndexOrWaits() throws {
        _ = try quarry("index", "Corpus")
        var lock: IndexLock? = try IndexLock(location: location, command: "index")
        let refused = try quarry("index")
        #expect(refused.status == 75)
        #expect(
            refused.stderr.contains("is being updated by pid \(getpid()) (quarry index) since "), "\(refused.stderr)")
        let waiter = try RunningQuarry(["index", "--wait"], in: corpus.root)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(waiter.process.isRunning)
        lock = nil
        let waited = waiter.finish()
        #expect(waited.status == 0, "\(waited.stderr)")
        #expect(waited.stderr.contains("waiting"))
        withExtendedLifetime(lock) {}
    }

    /// `quarry index` killed while Xapian created the database (found by the crash test): the
    /// folder holds table files but no version file; the next run creates it again.
    @Test func aDatabaseWhoseCreationWasKilledIsCreatedAgain() throws {
        let xapian = corpus.index.appendingPathComponent("xapian")
        try FileManager.default.createDirectory(at: xapian, withIntermediateDirectories: true)
        for name in ["flintlock", "postlist.glass", "termlist.glass"] {
            FileManager.default.createFile(atPath: xapian.appendingPathComponent(name).path, contents: nil)
        }
        FileManager.default.createFile(atPath: location.catalogPath, contents: nil)
        let index = try quarry("index", "Corpus")
        #expect(index.status == 0, "\(index.stderr)")
        #expect(try quarry("count", "gupta").stdout != "0\n")
        #expect(try quarry("check").status == 0)
    }

    @Test func aLockLeftByADeadProcessNeverBlocks() throws {
        _ = try quarry("index", "Corpus")
        // A lock file naming a process that is gone, and no flock on it.
        try "pid 999999\nsince 1700000000\ncommand index\n".write(
            toFile: IndexLock.path(location), atomically: false, encoding: .utf8)
        let index = try quarry("index")
        #expect(index.status == 0, "\(index.stderr)")
    }

    @Test func sigtermStopsAtABatchBoundaryWithTheIndexConsistent() throws {
        try writeMany(600)
        let indexer = try RunningQuarry(["index", "Corpus", "--batch-files", "5"], in: corpus.root)
        // Wait for the first batches to be committed, then ask it to stop.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: location.catalogPath),
                let count = try? QuarryBinary.run(["status", "--json"], in: corpus.root).json()["files"] as? Int,
                count > 10
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(indexer.process.processIdentifier, SIGTERM)
        let stopped = indexer.finish()
        #expect(stopped.status == 143, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("stopped by SIGTERM at a batch boundary"))
        #expect(try quarry("check").status == 0)
        let again = try quarry("index")
        #expect(again.status == 0)
        #expect(try quarry("search", "herons", "--json").json()["total"] as? Int == 600)
    }

    /// A stop that comes while a JSON Lines dump is stored in parts: the parts stored so far stay
    /// (a consistent index that `quarry check` passes), the message and `quarry status` name the
    /// file, and the next run reads it again to its end.
    @Test func sigtermInsideADumpLeavesItStoredInPartForTheNextRun() throws {
        let lines = (0..<600).map { number in
            #"{"id": "2503.\#(String(format: "%05d", number))", "title": "Herons of the estuary \#(number)", "abstract": "Wading birds", "update_date": "2025-03-01"}"#
        }
        let dump = corpus.corpus.appendingPathComponent("dump.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: dump, atomically: false, encoding: .utf8)
        let indexer = try RunningQuarry(
            ["index", "Corpus", "--batch-records", "20", "--jobs", "1"], in: corpus.root)
        // Wait for the dump's first parts to be committed, then ask it to stop.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: location.catalogPath),
                let failures = try? QuarryBinary.run(["status", "--json"], in: corpus.root).json()["failures"]
                    as? [[String: Any]],
                failures.contains(where: { ($0["reason"] as? String)?.hasPrefix("stored in part") == true })
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(indexer.process.processIdentifier, SIGTERM)
        let stopped = indexer.finish()
        #expect(stopped.status == 143, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("dump.jsonl is stored in part and"), "\(stopped.stderr)")
        #expect(!stopped.stderr.contains("failing"), "\(stopped.stderr)")
        #expect(try quarry("check").status == 0)
        let stored = try #require(try quarry("search", "herons", "--json").json()["total"] as? Int)
        #expect(stored > 0 && stored < 600)
        #expect(try quarry("status").stdout.contains("dump.jsonl: stored in part"))
        let again = try quarry("index")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try quarry("search", "herons", "--json").json()["total"] as? Int == 600)
        #expect(!(try quarry("status").stdout.contains("stored in part")))
    }

    @Test func dumpIsTheSameForAnIncrementalAndACleanBuild() throws {
        _ = try quarry("index", "Corpus")
        try FileManager.default.removeItem(at: try corpus.file("004"))
        try writeMany(3)
        _ = try quarry("index")
        let incremental = try quarry("dump")
        let clean = try QuarryBinary.run(["index", "Corpus", "--index", "Clean"], in: corpus.root)
        #expect(clean.status == 0)
        let cleanDump = try quarry("dump", "--index", "Clean")
        #expect(incremental.stdout.contains("\nitem ") && incremental.stdout.contains("\nrecord "))
        #expect(incremental.stdout == cleanDump.stdout)
    }
}
