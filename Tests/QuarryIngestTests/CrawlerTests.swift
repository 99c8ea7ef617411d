import Foundation
import QuarryModel
import Testing

@testable import QuarryIngest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite("Crawler")
struct CrawlerTests {
    /// root/
    ///   a.txt, B.MD, c.pdf, notes (no extension), .hidden.txt, .git/x.txt
    ///   sub/d.txt, sub/deeper/e.md, sub/loop → root (a loop)
    ///   index/f.txt (excluded), index-link → index (a way around the exclusion)
    ///   same.txt → sub/d.txt (a second path to one file), dangling.txt → nowhere
    private func makeTree(_ folder: TemporaryFolder) throws {
        try folder.write("a.txt", text: "alpha")
        try folder.write("B.MD", text: "# bravo")
        try folder.write("c.pdf", text: "not really a pdf")
        try folder.write("notes", text: "no extension")
        try folder.write(".hidden.txt", text: "hidden")
        try folder.write(".git/x.txt", text: "hidden folder")
        try folder.write("sub/d.txt", text: "delta")
        try folder.write("sub/deeper/e.md", text: "echo")
        try folder.write("index/f.txt", text: "the index")
        try folder.link("sub/loop", to: folder.path)
        try folder.link("index-link", to: folder.path + "/index")
        try folder.link("same.txt", to: folder.path + "/sub/d.txt")
        try folder.link("dangling.txt", to: folder.path + "/missing.txt")
    }

    @Test func walkFindsEveryFileAndReportsProblems() throws {
        try TemporaryFolder.with { folder in
            try makeTree(folder)
            let result = Crawler(excluding: [folder.path + "/index"]).walk([folder.path])
            #expect(
                result.files.map(\.path) == [
                    folder.path + "/B.MD",
                    folder.path + "/a.txt",
                    folder.path + "/c.pdf",
                    folder.path + "/notes",
                    folder.path + "/sub/d.txt",
                    folder.path + "/sub/deeper/e.md",
                ])
            #expect(result.problems.map(\.path) == [folder.path + "/dangling.txt", folder.path + "/sub/loop"])
            #expect(result.problems.first?.reason.hasPrefix("broken symbolic link") == true)
            #expect(result.problems.last?.reason == "symbolic link loop (leads back to \(folder.path))")
        }
    }

    @Test func filesCarrySizeAndModificationTime() throws {
        try TemporaryFolder.with { folder in
            let path = try folder.write("a.txt", text: "alpha")
            let file = try #require(Crawler().walk([folder.path]).files.first)
            #expect(file.path == path)
            #expect(file.size == 5)
            let now = Int64(Date().timeIntervalSince1970 * 1e9)
            #expect(abs(now - file.mtimeNanos) < 3_600 * 1_000_000_000)
        }
    }

    @Test func linkedFolderOutsideTheRootIsFollowed() throws {
        try TemporaryFolder.with { outside in
            try outside.write("far.txt", text: "far away")
            try TemporaryFolder.with { folder in
                try folder.link("elsewhere", to: outside.path)
                let result = Crawler().walk([folder.path])
                #expect(result.files.map(\.path) == [folder.path + "/elsewhere/far.txt"])
                #expect(result.problems.isEmpty)
            }
        }
    }

    @Test func rootsMayBeFilesAndAreStandardised() throws {
        try TemporaryFolder.with { folder in
            try folder.write("a.txt", text: "alpha")
            try folder.write("c.pdf", text: "not really a pdf")
            try folder.write("sub/d.txt", text: "delta")
            let roots = [
                folder.path + "/sub/../a.txt", folder.path + "/./sub/", folder.path + "/c.pdf", folder.path + "//sub",
            ]
            let result = Crawler().walk(roots)
            #expect(
                result.files.map(\.path) == [
                    folder.path + "/a.txt", folder.path + "/c.pdf", folder.path + "/sub/d.txt",
                ])
            #expect(result.problems.isEmpty)
        }
    }

    @Test func missingRootIsAProblemNotACrash() {
        let missing = "/nonexistent-quarry-root/papers"
        let result = Crawler().walk([missing])
        #expect(result.files.isEmpty)
        #expect(result.problems == [ParseFailure(path: missing, reason: "cannot walk (no such file or directory)")])
    }

    /// Names in one folder, with what the walk finds: the full paths, sorted as strings; an
    /// excluded path excludes itself and what lies below it, never a sibling it is a prefix of.
    static let namesAndExclusions: [(names: [String], excluded: [String], found: [String])] = [
        (
            ["b.txt", "a-c/x.txt", "a/x.txt", "A.txt", "ab.txt"], [],
            ["A.txt", "a-c/x.txt", "a/x.txt", "ab.txt", "b.txt"]
        ),
        (["é.txt", "e.txt", "z.txt", "ü/ß.txt"], [], ["e.txt", "z.txt", "é.txt", "ü/ß.txt"]),
        (["ab/x.txt", "abc/y.txt", "ab.txt"], ["ab"], ["ab.txt", "abc/y.txt"]),
        (["ab/x.txt", "abc/y.txt", "ab.txt"], ["ab.txt", "abc/y.txt"], ["ab/x.txt"]),
        (["a/b/c/d.txt", "a/b.txt"], ["a/b"], ["a/b.txt"]),
    ]

    @Test(arguments: namesAndExclusions)
    func namesAreJoinedSortedAndExcludedByWholeComponents(
        _ names: [String], _ excluded: [String], _ found: [String]
    ) throws {
        try TemporaryFolder.with { folder in
            for name in names { try folder.write(name, text: name) }
            let result = Crawler(excluding: excluded.map { folder.path + "/" + $0 }).walk([folder.path])
            #expect(result.files.map(\.path) == found.map { folder.path + "/" + $0 })
            #expect(result.problems.isEmpty)
        }
    }

    @Test func excludedRootIsSkipped() throws {
        try TemporaryFolder.with { folder in
            try folder.write("index/f.txt", text: "the index")
            let result = Crawler(excluding: [folder.path + "/index/"]).walk([folder.path + "/index"])
            #expect(result.files.isEmpty)
            #expect(result.problems.isEmpty)
        }
    }

    @Test(.enabled(if: geteuid() != 0, "root reads every folder"))
    func unreadableFolderIsAProblem() throws {
        try TemporaryFolder.with { folder in
            try folder.write("locked/secret.txt", text: "secret")
            try folder.write("open.txt", text: "open")
            let locked = folder.path + "/locked"
            chmod(locked, 0o000)
            defer { chmod(locked, 0o755) }
            let result = Crawler().walk([folder.path])
            #expect(result.files.map(\.path) == [folder.path + "/open.txt"])
            #expect(result.problems.map(\.path) == [locked])
        }
    }

    @Test func danglingLinksOfAnyNameAreReported() throws {
        try TemporaryFolder.with { folder in
            try folder.write("real", text: "x")
            try folder.link("gone", to: folder.path + "/missing")
            try folder.link(".hidden-gone", to: folder.path + "/missing")
            let result = Crawler().walk([folder.path])
            #expect(result.files.map(\.path) == [folder.path + "/real"])
            #expect(result.problems.map(\.path) == [folder.path + "/gone"])
        }
    }

    @Test func fifosAreSkipped() throws {
        try TemporaryFolder.with { folder in
            try folder.write("a.txt", text: "alpha")
            #expect(mkfifo(folder.path + "/pipe", 0o644) == 0)
            let result = Crawler().walk([folder.path])
            #expect(result.files.map(\.path) == [folder.path + "/a.txt"])
            #expect(result.problems.isEmpty)
        }
    }

    @Test func crawledSeedsParse() throws {
        let result = Crawler().walk([Corpus.folder])
        #expect(result.files.count == 4)
        #expect(result.problems.isEmpty)
        let formats = try result.files.map { try FileParser().records(in: $0).format }
        #expect(formats == ["resume", "profile", "resume", "profile"])
    }
}

/// A folder's entries come back in byte order (the order `memcmp` gives, a name before the longer
/// names it begins), whatever the names' lengths around the eight bytes compared as one number,
/// with non-ASCII and invalid UTF-8 names among them.
@Suite struct FolderEntryOrderTests {
    static let tables: [[[UInt8]]] = [
        ["P0009320.txt", "P0009320", "P000932", "P00093200.txt", "P0009320a", "P0009320 .txt", "P0009320.txt.bak"]
            .map { Array($0.utf8) },
        ["é.txt", "e.txt", "z.txt", "ü", "A", "ab", "abcdefgh", "abcdefghi", "abcdefgg", "~"].map { Array($0.utf8) },
        [[0x61, 0xFF, 0x62], [0x61, 0xFE], [0x61], [0xC3, 0xA9, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78, 0x78], [0x7F]],
        Self.generated(count: 300),
    ]

    /// Names of 1 to 20 bytes over a few letters (so many share long beginnings), some non-ASCII.
    static func generated(count: Int) -> [[UInt8]] {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [[UInt8]] = ["a", "b", "0", ".", "é"].map { Array($0.utf8) }
        var names: Set<[UInt8]> = []
        while names.count < count {
            var name: [UInt8] = []
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                name += alphabet.randomElement(using: &generator)!
            }
            if name != [0x2E] && name != [0x2E, 0x2E] { names.insert(name) }
        }
        return Array(names)
    }

    @Test(arguments: tables)
    func entriesComeInByteOrder(_ names: [[UInt8]]) throws {
        try TemporaryFolder.with { folder in
            for name in names {
                let path = Array(folder.path.utf8) + [UInt8(ascii: "/")] + name + [0]
                let descriptor = path.withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
                }
                #expect(descriptor >= 0)
                close(descriptor)
            }
            guard case .success(let entries) = Walk.entries(of: folder.path) else {
                Issue.record("cannot list \(folder.path)")
                return
            }
            let expected = names.sorted { $0.lexicographicallyPrecedes($1) }
            let listed = entries.map { $0.name.map { Array($0.utf8) } ?? $0.invalidBytes }
            #expect(listed == expected)
            // A name is text exactly when its bytes are UTF-8; only the others keep their bytes.
            #expect(entries.allSatisfy { ($0.name == nil) != $0.invalidBytes.isEmpty })
        }
    }
}
