import Foundation
import QuarryTestSupport
import Testing

/// Crash safety through the built binary: the short mode of `scripts/crash-test.sh` (five
/// rounds, each killing `quarry index` with SIGKILL at a random moment, recovering, and comparing
/// with a clean full build: dump, searches, `quarry check`, `xapian-check`). The long mode
/// (`scripts/crash-test.sh`, 50 kills) is run by hand.
@Suite struct CrashTests {
    @Test func everyRecoveryAfterSIGKILLEqualsACleanBuild() throws {
        let quarry = try QuarryBinary.executable()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Generated files only (no ../shared PDFs), so the five rounds take about a minute in a debug build.
        process.arguments = [
            "python3", TestCorpus.repositoryRoot.appendingPathComponent("scripts/crash_test.py").path,
            "--quarry", quarry.path, "--kills", "5", "--files", "40", "--shared", "/nonexistent",
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("5/5 equal to a clean build"), "\(text)")
    }
}
