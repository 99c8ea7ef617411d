import QuarryModel

/// How a crawled file compares with what the catalog stored for it: the change rules, all here.
///
/// Decided in two steps, so that an unchanged file is not even opened: `beforeReading` looks only
/// at what the crawl's `stat` gave; when that cannot tell, the file is read once (parsed and hashed
/// together, see `RecordSource`) and `afterReading` decides by the content hash.
enum FileChange: Equatable {
    /// Not in the catalog: its records are added.
    case new
    /// Size and modification time as stored: not read at all.
    case unchanged
    /// Only the modification time moved (same size, same content hash): the catalog takes the new time.
    case touched
    /// Anything else: its records replace the stored ones.
    case modified

    /// `.unchanged` when the size and modification time are as stored; nil when the file must be read to tell.
    static func beforeReading(_ file: SourceFile, stored: Catalog.FileEntry?) -> FileChange? {
        guard let stored, stored.size == file.size, stored.mtimeNanos == file.mtimeNanos else { return nil }
        return .unchanged
    }

    /// The change, by the content hash of the file's one read (nil when it could not be read to its end).
    static func afterReading(_ file: SourceFile, stored: Catalog.FileEntry?, contentHash: String?) -> FileChange {
        guard let stored else { return .new }
        if let contentHash, stored.size == file.size, stored.hash == contentHash { return .touched }
        return .modified
    }
}
