import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How a crawled file compares with what the catalog stored for it: the change rules, all here.
///
/// 1. The crawl's stat decides first, without opening the file (`beforeReading`): a file the
///    catalog does not hold is `new`; one whose size changed is `modified`; one whose size,
///    modification time, status-change time (ctime), device and inode are all as stored, and
///    not racily clean (below), is `unchanged` and not opened. The mtime alone proves nothing:
///    `mv B A` with equal sizes and mtimes (or `touch -d`) keeps it, but gives A another inode
///    and a new ctime, which no program can set back.
/// 2. Any other file of the same size is most likely untouched (`touch`, a checkout, `chmod`,
///    a restore): it is `touched`, to be confirmed by its content hash alone, without parsing
///    (`RecordSource.contentHash(of:)`, `byContentHash`); the same hash keeps it `touched` (the
///    catalog takes the new stat), another one makes it `modified`.
/// 3. A `new` or `modified` file is read once, records and hash together (`RecordSource.read`),
///    and `afterReading` has the last word: a file deleted since the crawl is `vanished` (gone);
///    a known one that cannot be read now is `unreadable` (what the index holds from it stays:
///    nothing a user did not delete disappears).
///
/// Racily clean files (as git calls them): file times have a granularity (the kernel's coarse
/// clock, a few milliseconds, on Linux; whole seconds or 2 s on FAT, some network shares), so a
/// file written again within the tick of its last change keeps every time. A stored stat proves
/// the content only when the file's last change (mtime or ctime) lies more than `racyWindow` before
/// the moment its content was read (`Catalog.FileEntry.checkedNanos`); a later write gets a later
/// time. A file changed closer to its reading than that is confirmed by its hash next time.
enum FileChange: Equatable {
    /// Not in the catalog: its records are added.
    case new
    /// Stat as stored, and stored well after its last change: not opened at all.
    case unchanged
    /// Same size, same content hash, something else in the stat moved: the catalog takes the new stat.
    case touched
    /// Anything else: its records replace the stored ones.
    case modified
    /// In the catalog, but it could not be opened or read to its end (permissions, an I/O error):
    /// its records stay, and the file is a failure until it can be read.
    case unreadable
    /// Deleted or renamed between the crawl and its reading: gone.
    case vanished

    /// What the crawl's stat alone tells; `.touched` still needs `byContentHash` to confirm it.
    /// With `retryFailed`, a file whose last reading failed is read again (`.modified`).
    static func beforeReading(_ file: SourceFile, stored: Catalog.FileEntry?, retryFailed: Bool = false)
        -> FileChange
    {
        guard let stored else { return .new }
        if retryFailed, stored.error != nil { return .modified }
        guard stored.size == file.size else { return .modified }
        if !statDiffers(file, stored: stored), !isRacilyClean(stored) { return .unchanged }
        return .touched
    }

    /// A file the stat calls touched, by its content hash (nil when it could not be read): still
    /// `.touched` when the hash is as stored, else `.modified` (to be read).
    static func byContentHash(_ contentHash: String?, stored: Catalog.FileEntry) -> FileChange {
        guard let contentHash, contentHash == stored.hash else { return .modified }
        return .touched
    }

    /// The change, once the file was read: vanished, unreadable, new, or by the content hash. With
    /// `retryFailed`, a file whose last reading failed takes its new reading even when its content
    /// is the same (this quarry may parse it where an older one failed).
    static func afterReading(
        _ file: SourceFile, stored: Catalog.FileEntry?, reading: FileReading, retryFailed: Bool = false
    ) -> FileChange {
        if reading.vanished { return .vanished }
        guard let stored else { return .new }
        guard let hash = reading.contentHash else { return .unreadable }
        if hash == stored.hash, stored.size == file.size, !(retryFailed && stored.error != nil) { return .touched }
        return .modified
    }

    /// True when the size, times, device or inode differ from the stored ones (the file changed,
    /// or was replaced); false proves it unchanged only when it is not racily clean.
    static func statDiffers(_ file: SourceFile, stored: Catalog.FileEntry) -> Bool {
        stored.size != file.size || stored.mtimeNanos != file.mtimeNanos || stored.ctimeNanos != file.ctimeNanos
            || stored.device != file.device || stored.inode != file.inode
    }

    /// True when the stored file changed too close to the moment its content was read for its stat to
    /// prove that content (`racyWindow`).
    static func isRacilyClean(_ stored: Catalog.FileEntry) -> Bool {
        let lastChange = max(stored.mtimeNanos, stored.ctimeNanos)
        return lastChange >= stored.checkedNanos - racyWindow(forTimes: stored.mtimeNanos, stored.ctimeNanos)
    }

    /// How close to a file's last change its reading must not be: 20 ms where the file system keeps
    /// sub-second times (the kernel's coarse clock ticks every 1 to 10 ms), 2 s where both times
    /// are whole seconds (FAT keeps even seconds).
    static func racyWindow(forTimes mtimeNanos: Int64, _ ctimeNanos: Int64) -> Int64 {
        let wholeSeconds = mtimeNanos % 1_000_000_000 == 0 && ctimeNanos % 1_000_000_000 == 0
        return wholeSeconds ? 2_000_000_000 : 20_000_000
    }

    /// The wall clock in nanoseconds since 1970: when a file's content was read.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
