import CZlibSys
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

/// A gzip copy of `path` at `path + ".gz"` (or `target`), compressed in this process; returns the
/// new path. Not by the `gzip` command: Foundation's `Process.waitUntilExit` can wait for good on
/// a child that has exited when tests start processes at once (it hung a run of this suite).
@discardableResult
func gzipCopy(of path: String, to target: String? = nil) throws -> String {
    let output = target ?? path + ".gz"
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    try Data(try gzip(bytes)).write(to: URL(fileURLWithPath: output))
    return output
}

/// `bytes` as one gzip member, by zlib's `deflate` with a gzip header and trailer.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    var stream = z_stream()
    let start = deflateInit2_(
        &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
        Int32(MemoryLayout<z_stream>.size))
    try #require(start == Z_OK, "deflateInit2 failed (\(start))")
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
    let status = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
            stream.next_in = source.baseAddress
            stream.avail_in = uInt(source.count)
            stream.next_out = target.baseAddress
            stream.avail_out = uInt(target.count)
            return deflate(&stream, Z_FINISH)
        }
    }
    try #require(status == Z_STREAM_END, "deflate failed (\(status))")
    return Array(output.prefix(Int(stream.total_out)))
}
