import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parent of every `TestCorpus` folder of this test process, removed when the process exits:
/// the suites' shared fixtures are static, so their deinit never runs (each run of the suite left
/// about 50 MB of corpora and indexes in the temporary folder).
private let testProcessFolder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-tests-\(getpid())")
    try? FileManager.default.removeItem(at: url)  // left by an earlier process with this id that crashed
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: testProcessFolder) }
    return url
}()

/// A temporary folder holding a copy of the repository's `Corpus/`, removed on deinit (and with
/// every other one of the process at exit).
public final class TestCorpus: Sendable {
    /// The temporary folder (holds `Corpus/` and room for `Index/`).
    public let root: URL
    /// The copied corpus folder.
    public var corpus: URL { root.appendingPathComponent("Corpus") }
    /// An index folder inside the temporary folder.
    public var index: URL { root.appendingPathComponent("Index") }

    /// The repository's own `Corpus/` folder.
    public static var repositoryCorpus: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus")
    }

    /// The repository root.
    public static var repositoryRoot: URL { repositoryCorpus.deletingLastPathComponent() }

    /// Copies the corpus (or starts empty) into a new temporary folder.
    public init(copyCorpus: Bool = true) throws {
        root = testProcessFolder.appendingPathComponent("quarry-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if copyCorpus {
            try FileManager.default.copyItem(at: Self.repositoryCorpus, to: corpus)
        } else {
            try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// The corpus file whose name starts with `prefix` (`"002"`).
    public func file(_ prefix: String) throws -> URL {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpus.path)
        guard let name = names.sorted().first(where: { $0.hasPrefix(prefix) }) else {
            throw CocoaError(.fileNoSuchFile)
        }
        return corpus.appendingPathComponent(name)
    }

    /// Writes a file into the corpus folder.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> URL {
        let url = corpus.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Sets a file's modification time.
    public func setModified(_ url: URL, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
    }
}
