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
