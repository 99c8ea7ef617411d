import QuarryModel
import Testing

@testable import QuarryIndex

/// The change rules: what the crawl's stat decides alone, and what the content hash of the file's one read decides.
@Suite struct FileChangeTests {
    static let stored = Catalog.FileEntry(
        id: 1, path: "/c/a.txt", size: 100, mtimeNanos: 5_000, hash: "00000000000000aa", format: "text",
        recordCount: 1, error: nil)

    @Test(
        arguments: [
            // size, mtime → decided before reading?
            (100, 5_000, FileChange?.some(.unchanged)),
            (100, 6_000, nil),
            (101, 5_000, nil),
            (99, 4_000, nil),
        ] as [(Int64, Int64, FileChange?)])
    func statAloneDecidesOnlyWhenSizeAndTimeAreAsStored(size: Int64, mtime: Int64, expected: FileChange?) {
        let file = SourceFile(path: "/c/a.txt", size: size, mtimeNanos: mtime)
        #expect(FileChange.beforeReading(file, stored: Self.stored) == expected)
        #expect(FileChange.beforeReading(file, stored: nil) == nil, "a new file is always read")
    }

    @Test(
        arguments: [
            // size, content hash → change
            (100, "00000000000000aa", FileChange.touched),
            (100, "00000000000000bb", .modified),
            (101, "00000000000000aa", .modified),
            (100, nil, .modified),
        ] as [(Int64, String?, FileChange)])
    func theContentHashDecidesTheRest(size: Int64, hash: String?, expected: FileChange) {
        let file = SourceFile(path: "/c/a.txt", size: size, mtimeNanos: 9_000)
        #expect(FileChange.afterReading(file, stored: Self.stored, contentHash: hash) == expected)
        #expect(FileChange.afterReading(file, stored: nil, contentHash: hash) == .new)
    }
}
