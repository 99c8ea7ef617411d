import Foundation
import Testing

@testable import QuarryIngest

/// A folder under the system's temporary directory, removed after use.
struct TemporaryFolder {
    let path: String

    /// Runs `body` with a fresh folder, then removes it.
    static func with(_ body: (TemporaryFolder) throws -> Void) throws {
        let path = FileManager.default.temporaryDirectory.path + "/quarry-ingest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(TemporaryFolder(path: Crawler.absolutePath(path)))
    }

    /// Writes a file (making its folders) and returns its path.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        let folder = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes a UTF-8 text file and returns its path.
    @discardableResult
    func write(_ relative: String, text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Makes a folder.
    func makeFolder(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    /// Makes a symbolic link at `relative` pointing to `destination`.
    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: destination)
    }
}

/// A gzip copy of `path` at `path + ".gz"` made by the `gzip` command; returns the new path.
@discardableResult
func gzipCopy(of path: String, to target: String? = nil) throws -> String {
    let output = target ?? path + ".gz"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-c", path]
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    defer { try? handle.close() }
    process.standardOutput = handle
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "gzip failed")
    return output
}
