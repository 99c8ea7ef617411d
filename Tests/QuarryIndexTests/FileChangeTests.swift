import QuarryModel
import Testing

@testable import QuarryIndex

/// The change rules: what the crawl's stat decides alone, and what the content hash decides when only the time moved.
@Suite struct FileChangeTests {
    static let stored = Catalog.FileEntry(
        id: 1, path: "/c/a.txt", size: 100, mtimeNanos: 5_000, hash: "00000000000000aa", format: "text",
        recordCount: 1, error: nil, checkedNanos: 10_000_000_000)

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

/// The rest of the stat rules, the racy window and the outcomes of a reading.
@Suite struct FileChangeStatRulesTests {
    static let stored = Catalog.FileEntry(
        id: 1, path: "/c/a.txt", size: 100, mtimeNanos: 5_000, hash: "00000000000000aa", format: "text",
        recordCount: 1, error: nil, ctimeNanos: 6_000, device: 8, inode: 42, checkedNanos: 10_000_000_000)

    /// The stored file as found again, with one thing changed.
    static func found(
        size: Int64 = 100, mtime: Int64 = 5_000, ctime: Int64 = 6_000, device: UInt64 = 8, inode: UInt64 = 42
    ) -> SourceFile {
        SourceFile(path: "/c/a.txt", size: size, mtimeNanos: mtime, ctimeNanos: ctime, device: device, inode: inode)
    }

    @Test(
        arguments: [
            ("as stored", found(), FileChange.unchanged),
            // `mv B A` with equal size and mtime: another inode, a new ctime; the hash decides.
            ("another inode", found(inode: 43), .touched),
            // Rewritten in place, then `touch -d` set the old mtime back: the ctime moved.
            ("a new ctime", found(ctime: 7_000), .touched),
            ("another device", found(device: 9), .touched),
            ("another mtime", found(mtime: 5_001), .touched),
            ("another size", found(size: 101), .modified),
        ] as [(String, SourceFile, FileChange)])
    func everyStatFieldMustBeAsStored(_ what: String, file: SourceFile, expected: FileChange) {
        #expect(FileChange.beforeReading(file, stored: Self.stored) == expected, "\(what)")
    }

    /// A content read within the racy window of the file's last change does not prove it: a write in
    /// the same clock tick keeps every time as it was. The window is 20 ms for sub-second times, 2 s
    /// when both times are whole seconds (FAT).
    @Test(arguments: [
        (Int64(6_000), Int64(0), false), (6_000, 19_000_000, false), (6_000, 21_000_000, true),
        (3_000_000_000, 1_500_000_000, false), (3_000_000_000, 2_100_000_000, true),
    ])
    func aStatTooCloseToItsReadingIsConfirmedByTheHash(ctime: Int64, readAfter: Int64, trusted: Bool) {
        var stored = Self.stored
        stored.mtimeNanos = ctime == 6_000 ? 5_000 : 2_000_000_000
        stored.ctimeNanos = ctime
        stored.checkedNanos = ctime + readAfter
        let file = Self.found(mtime: stored.mtimeNanos, ctime: ctime)
        #expect((FileChange.beforeReading(file, stored: stored) == .unchanged) == trusted)
    }

    @Test func aFailedFileIsReadAgainOnlyWhenAskedTo() {
        var failed = Self.stored
        failed.error = "binary file"
        #expect(FileChange.beforeReading(Self.found(), stored: failed) == .unchanged)
        #expect(FileChange.beforeReading(Self.found(), stored: failed, retryFailed: true) == .modified)
        let reading = FileReading(
            contentHash: failed.hash, parsed: .failure(ParseFailure(path: "/c/a.txt", reason: "x")))
        #expect(FileChange.afterReading(Self.found(mtime: 9), stored: failed, reading: reading) == .touched)
        #expect(
            FileChange.afterReading(Self.found(mtime: 9), stored: failed, reading: reading, retryFailed: true)
                == .modified)
    }

    @Test(
        arguments: [
            // vanished, hash, known → change
            (true, String?.none, true, FileChange.vanished),
            (true, nil, false, .vanished),
            // Known but not readable now: what the index holds stays.
            (false, nil, true, .unreadable),
            // Never read whole and not known: stored as a failure.
            (false, nil, false, .new),
            (false, "00000000000000aa", true, .touched),
            (false, "00000000000000bb", true, .modified),
        ] as [(Bool, String?, Bool, FileChange)])
    func aReadingDecidesTheRest(vanished: Bool, hash: String?, known: Bool, expected: FileChange) {
        let reading = FileReading(
            contentHash: hash, parsed: .failure(ParseFailure(path: "/c/a.txt", reason: "x")), vanished: vanished)
        #expect(
            FileChange.afterReading(Self.found(mtime: 9), stored: known ? Self.stored : nil, reading: reading)
                == expected)
    }
}
