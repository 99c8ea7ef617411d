import QuarryModel

/// How a crawled file compares with what the catalog stored for it: the change rules, all here.
///
/// The crawl's `stat` decides first, without opening the file: a new file, one whose size changed
/// (`modified`: read once, records and hash together, see `RecordSource.read`) and one whose size
/// and modification time are as stored (`unchanged`: not opened). When only the time moved, the
/// file is most likely untouched (`touch`, a checkout, a restore): `beforeReading` says `touched`,
/// the source hashes the file without parsing it (`RecordSource.contentHash(of:)`), and
/// `byContentHash` keeps `touched` when the hash is as stored and says `modified` otherwise (the
/// one case where a file is read twice: a same-size edit).
enum FileChange: Equatable {
    /// Not in the catalog: its records are added.
    case new
    /// Size and modification time as stored: not read at all.
    case unchanged
    /// Only the modification time moved (same size; the content hash confirms it): the catalog takes the new time.
    case touched
    /// Anything else: its records replace the stored ones.
    case modified

    /// What the crawl's stat alone tells; `.touched` still needs `byContentHash` to confirm it.
    static func beforeReading(_ file: SourceFile, stored: Catalog.FileEntry?) -> FileChange {
        guard let stored else { return .new }
        guard stored.size == file.size else { return .modified }
        return stored.mtimeNanos == file.mtimeNanos ? .unchanged : .touched
    }

    /// A file the stat calls touched, by its content hash (nil when it could not be read): still
    /// `.touched` when the hash is as stored, else `.modified`.
    static func byContentHash(_ contentHash: String?, stored: Catalog.FileEntry) -> FileChange {
        guard let contentHash, contentHash == stored.hash else { return .modified }
        return .touched
    }
}
