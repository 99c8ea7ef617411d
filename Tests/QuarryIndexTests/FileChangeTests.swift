import QuarryModel
import Testing

@testable import QuarryIndex

/// The change rules: what the crawl's stat decides alone, and what the content hash decides when only the time moved.
@Suite struct FileChangeTests {
    static let stored = Catalog.FileEntry(
        id: 1, path: "/c/a.txt", size: 100, mtimeNanos: 5_000, hash: "00000000000000aa", format: "text",
        recordCount: 1, error: nil)

    @Test(
        arguments: [
            // size, mtime → change by the stat
            (100, 5_000, FileChange.unchanged),
            (100, 6_000, .touched),
            (100, 4_000, .touched),
            (101, 5_000, .modified),
            (99, 4_000, .modified),
        ] as [(Int64, Int64, FileChange)])
    func theStatDecidesFirst(size: Int64, mtime: Int64, expected: FileChange) {
        let file = SourceFile(path: "/c/a.txt", size: size, mtimeNanos: mtime)
        #expect(FileChange.beforeReading(file, stored: Self.stored) == expected)
        #expect(FileChange.beforeReading(file, stored: nil) == .new)
    }

    @Test(
        arguments: [
            // content hash of a file the stat calls touched → change
            ("00000000000000aa", FileChange.touched),
            ("00000000000000bb", .modified),
            (nil, .modified),
        ] as [(String?, FileChange)])
    func theContentHashConfirmsATouch(hash: String?, expected: FileChange) {
        #expect(FileChange.byContentHash(hash, stored: Self.stored) == expected)
    }
}
