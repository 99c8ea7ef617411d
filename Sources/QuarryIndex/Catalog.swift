import Foundation
import QuarryModel

/// The SQLite catalog: which file produced which records (with size, mtime, hash and
/// errors), the indexed roots, and the index documents waiting to be rebuilt.
///
/// It is the source of truth; the Xapian database is derived from it. Every Xapian
/// document is rebuilt from the catalog's records that share its key, so redoing a
/// rebuild is always safe (see `Indexer`).
final class Catalog {
    /// The catalog's layout version; a different one is refused, except older ones a writer
    /// upgrades: version 1 gains the columns version 2 added (a file's ctime, device, inode and
    /// when its stat was taken) and the `runs` table; version 2 stored every record's JSON as it
    /// is, version 3 packs what it writes (`JSONPacker`) and reads both, so a version 2 catalog
    /// needs no rewrite (and readers take it as it is); version 4 settles paper keys (`Entity`:
    /// a function of the listings present), which a writer does once to an older catalog.
    static let schemaVersion = 4
    /// The oldest version a reader takes as it is (version 2 differs only in its plain records).
    static let oldestReadable = 2

    private let db: SQLiteDatabase
    /// Packs the records this catalog stores.
    private let packer = JSONPacker()

    /// A file as the catalog last saw it.
    struct FileEntry: Sendable {
        var id: Int64
        var path: String
        var size: Int64
        var mtimeNanos: Int64
        var hash: String
        var format: String
        var recordCount: Int
        var error: String?
        var ctimeNanos: Int64 = 0
        var device: UInt64 = 0
        var inode: UInt64 = 0
        /// When the stored stat was taken (the start of that crawl), in nanoseconds since 1970.
        var checkedNanos: Int64 = 0
    }

    /// The format name of a file that gave no records because it failed.
    static let failedFormat = "failed"

    /// The size stored for a file whose records are stored in parts while it is read
    /// (`RecordSource.read(_:partSize:part:)`) until its last part is: no stat has it, so a run
    /// stopped or killed in the middle leaves the file `modified`, and the next run reads it again.
    static let incompleteSize: Int64 = -1
    /// The error of a file stored in part, which `quarry status` lists until its last part is stored.
    static let incompleteError = "stored in part: the run stopped while reading it; the next run reads it again"

    /// A stored record with the file it came from.
    struct StoredRecord {
        var path: String
        var ordinal: Int
        var record: Record
    }

    /// Opens the catalog at `path`, creating or upgrading it; `readOnly` opens an existing one as
    /// it is (for `status`, `dump` and other readers, which must not wait for a writer).
    init(path: String, readOnly: Bool = false) throws(IndexError) {
        db = try SQLiteDatabase(path: path, readOnly: readOnly)
        var version: Int64 = 0
        try db.query("PRAGMA user_version") { row in version = row.int(0) }
        if readOnly {
            guard (Int64(Self.oldestReadable)...Int64(Self.schemaVersion)).contains(version) else {
                throw .incompatibleCatalog(path: path, found: Int(version), expected: Self.schemaVersion)
            }
            return
        }
        // The write-ahead log is cut back to 64 MiB after a checkpoint (SQLite otherwise keeps it at
        // the largest size it ever reached: 5.4 GB after a million records stored at once).
        try db.execute(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=67108864;"
        )
        if !(0...Int64(Self.schemaVersion)).contains(version) {
            throw .incompatibleCatalog(path: path, found: Int(version), expected: Self.schemaVersion)
        }
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS roots(path TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS files(
                id INTEGER PRIMARY KEY, path TEXT UNIQUE NOT NULL, size INTEGER NOT NULL,
                mtime_ns INTEGER NOT NULL, hash TEXT NOT NULL, format TEXT NOT NULL,
                record_count INTEGER NOT NULL, error TEXT, indexed_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS records(
                file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL, key TEXT NOT NULL, json BLOB NOT NULL,
                PRIMARY KEY(file_id, ordinal));
            CREATE INDEX IF NOT EXISTS files_failing ON files(path) WHERE error IS NOT NULL;
            CREATE INDEX IF NOT EXISTS records_by_key ON records(key);
            CREATE TABLE IF NOT EXISTS pending(key TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS sketches(
                file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL, key TEXT NOT NULL, sketch BLOB NOT NULL,
                PRIMARY KEY(file_id, ordinal));
            CREATE TABLE IF NOT EXISTS signatures(
                signature TEXT NOT NULL,
                file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE, ordinal INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS signatures_by_text ON signatures(signature);
            CREATE INDEX IF NOT EXISTS signatures_by_file ON signatures(file_id);
            CREATE TABLE IF NOT EXISTS runs(
                id INTEGER PRIMARY KEY, started REAL NOT NULL, seconds REAL NOT NULL, summary TEXT NOT NULL);
            """)
        // Version 1 had no ctime, device, inode or stat time: add them (0 until a file is seen again).
        var columns: Set<String> = []
        try db.query("PRAGMA table_info(files)") { row in columns.insert(row.text(1)) }
        for column in ["ctime_ns", "device", "inode", "checked_ns"] where !columns.contains(column) {
            try db.execute("ALTER TABLE files ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
        }
        if version != Int64(Self.schemaVersion) {
            // Up to version 3 a paper took the key of the listings stored before it.
            if version > 0 { try transaction { () throws(IndexError) in try settleAll() } }
            try db.execute("PRAGMA user_version = \(Self.schemaVersion)")
        }
    }

    /// Runs `body` in one SQLite transaction.
    func transaction<T>(_ body: () throws(IndexError) -> T) throws(IndexError) -> T {
        try db.transaction(body)
    }

    /// The folders indexed so far.
    func roots() throws(IndexError) -> [String] {
        var roots: [String] = []
        try db.query("SELECT path FROM roots ORDER BY path") { row in roots.append(row.text(0)) }
        return roots
    }

    /// Remembers folders to re-index when `quarry index` is run without arguments, keeping no root
    /// inside another: a folder inside a known root is covered by it, and a folder that holds
    /// known roots replaces them. Returns the roots it replaced (the folders of their files,
    /// relative to the root, change: their keys are marked pending).
    @discardableResult
    func addRoots(_ newRoots: [String]) throws(IndexError) -> [String] {
        var replaced: [String] = []
        for root in newRoots {
            let known = try roots()
            if known.contains(where: { root == $0 || Self.isPath(root, under: $0) }) { continue }
            for inner in known where Self.isPath(inner, under: root) {
                try db.query("DELETE FROM roots WHERE path = ?", [.text(inner)])
                replaced.append(inner)
            }
            try db.query("INSERT OR IGNORE INTO roots(path) VALUES (?)", [.text(root)])
        }
        for inner in replaced { try markPending(try keys(under: inner)) }
        return replaced
    }

    /// Forgets a root (its files stay until removed).
    func removeRoot(_ root: String) throws(IndexError) {
        try db.query("DELETE FROM roots WHERE path = ?", [.text(root)])
    }

    /// True when `path` lies strictly below the folder `folder`.
    static func isPath(_ path: String, under folder: String) -> Bool {
        folder == "/" ? path != "/" && path.hasPrefix("/") : path.hasPrefix(folder + "/")
    }

    /// The keys of the records of every file at or below `path`.
    private func keys(under path: String) throws(IndexError) -> Set<MergeKey> {
        var keys: Set<MergeKey> = []
        for (filePath, entry) in try files() where filePath == path || Self.isPath(filePath, under: path) {
            keys.formUnion(try self.keys(ofFileID: entry.id))
        }
        return keys
    }

    /// Every file the catalog knows, by path.
    func files() throws(IndexError) -> [String: FileEntry] {
        var files: [String: FileEntry] = [:]
        try db.query("SELECT count(*) FROM files") { row in files.reserveCapacity(Int(row.int(0))) }
        try db.query(
            """
            SELECT id, path, size, mtime_ns, hash, format, record_count, error, ctime_ns, device, inode, checked_ns
            FROM files
            """
        ) { row in
            let entry = FileEntry(
                id: row.int(0), path: row.text(1), size: row.int(2), mtimeNanos: row.int(3), hash: row.text(4),
                format: row.text(5), recordCount: Int(row.int(6)), error: row.isNull(7) ? nil : row.text(7),
                ctimeNanos: row.int(8), device: UInt64(bitPattern: row.int(9)), inode: UInt64(bitPattern: row.int(10)),
                checkedNanos: row.int(11))
            files[entry.path] = entry
        }
        return files
    }

    /// Keys of the records a file produced.
    private func keys(ofFileID id: Int64) throws(IndexError) -> Set<MergeKey> {
        var keys: Set<MergeKey> = []
        try db.query("SELECT key FROM records WHERE file_id = ?", [.int(id)]) { row in
            keys.insert(MergeKey(rawValue: row.text(0)))
        }
        return keys
    }

    /// A record ready to store: its own merge key (`Entity.key(for:path:ordinal:)`), its JSON,
    /// and for papers the sketch entity resolution compares (with the signatures it is found by).
    struct NewRecord {
        var key: MergeKey
        var json: Data
        var sketch: PaperSketch?
    }

    /// A stored paper listing: where it is (file row id and ordinal), its key and its sketch.
    struct Listing {
        var fileID: Int64
        var ordinal: Int
        var key: MergeKey
        var sketch: PaperSketch

        /// The listing's place, which names it.
        var place: Place { Place(fileID: fileID, ordinal: ordinal) }

        struct Place: Hashable {
            var fileID: Int64
            var ordinal: Int
        }
    }

    /// A signature shared by more listings than this (`f2:large langu`) says too little to find
    /// the same paper by: it links none of them (`candidates`).
    static let signatureLimit = 64

    /// Replaces a file's records (and its row) and marks every affected key pending.
    ///
    /// The file's old records are deleted first, and the papers left under their keys are
    /// settled (`settle(from:)`: they may have been linked through a record that went); then
    /// `resolve` is asked for each new record in turn (by its ordinal in the file), and a paper
    /// takes the key of the listings it is linked to (`Entity`), so it sees the catalog without
    /// this file's old records but with every other file (those stored earlier in the same
    /// transaction included).
    ///
    /// A file read in parts is stored part by part: the first with `first` 0 (its old records
    /// go), the next ones with `first` the ordinal of their first record (added to those stored
    /// before), each but the last with `complete` false, which stores `incompleteSize` and
    /// `incompleteError` in its row instead of its stat and hash.
    func store(
        file: SourceFile, hash: String, format: String, count: Int, error: String?, checkedNanos: Int64 = 0,
        first: Int = 0, complete: Bool = true, resolve: (Int) throws(IndexError) -> NewRecord
    ) throws(IndexError) {
        var affected: Set<MergeKey> = []
        var fileID: Int64? = nil
        try db.query("SELECT id FROM files WHERE path = ?", [.text(file.path)]) { row in fileID = row.int(0) }
        let stat: [SQLiteDatabase.Value] = [
            .int(complete ? file.size : Self.incompleteSize), .int(file.mtimeNanos), .int(file.ctimeNanos),
            .int(Int64(bitPattern: file.device)),
            .int(Int64(bitPattern: file.inode)), .int(checkedNanos),
        ]
        let content: [SQLiteDatabase.Value] = [
            .text(complete ? hash : ""), .text(format), .int(Int64(first + count)),
            (complete ? error : Self.incompleteError).map { .text($0) } ?? .null,
            .int(Int64(Date().timeIntervalSince1970)),
        ]
        if let id = fileID {
            if first == 0 {
                affected = try keys(ofFileID: id)
                let signatures = try deleteRecords(ofFileID: id)
                try settle(keysThatLostRecords: affected, signaturesThatLostHolders: signatures)
            }
            try db.query(
                """
                UPDATE files SET size=?, mtime_ns=?, ctime_ns=?, device=?, inode=?, checked_ns=?,
                hash=?, format=?, record_count=?, error=?, indexed_at=? WHERE id=?
                """, stat + content + [.int(id)])
        } else {
            try db.query(
                """
                INSERT INTO files(size, mtime_ns, ctime_ns, device, inode, checked_ns,
                hash, format, record_count, error, indexed_at, path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, stat + content + [.text(file.path)]
            ) { row in fileID = row.int(0) }
        }
        guard let id = fileID else { throw .catalog(path: db.path, detail: "no row id for \(file.path)") }
        for ordinal in first..<(first + count) {
            var record = try resolve(ordinal)
            // A paper linked only to listings of one key no greater than its own takes that key;
            // linked to several keys, or to a greater one, it is stored under its own and settled.
            var linkedKeys: Set<MergeKey> = []
            var crowded: [String] = []
            if let sketch = record.sketch {
                // Its signatures' counts do not hold it yet: one fewer other listing is allowed.
                let found = try candidates(signatures: sketch.signatures, limit: Self.signatureLimit - 1)
                for candidate in found.listings where sketch.isLinked(to: candidate.sketch) {
                    linkedKeys.insert(candidate.key)
                }
                crowded = found.crowded
                if linkedKeys.count == 1, let key = linkedKeys.first, key <= record.key {
                    record.key = key
                    linkedKeys = []
                }
            }
            try db.query(
                "INSERT INTO records(file_id, ordinal, key, json) VALUES (?, ?, ?, ?)",
                [.int(id), .int(Int64(ordinal)), .text(record.key.rawValue), .blob(packer.pack(record.json))])
            if let sketch = record.sketch {
                let data: Data
                do {
                    data = try JSONEncoder.sortingKeys.encode(sketch)
                } catch {
                    throw .catalog(path: db.path, detail: "cannot encode a sketch of \(file.path)")
                }
                try db.query(
                    "INSERT INTO sketches(file_id, ordinal, key, sketch) VALUES (?, ?, ?, ?)",
                    [.int(id), .int(Int64(ordinal)), .text(record.key.rawValue), .blob(data)])
                for signature in Set(sketch.signatures) {
                    try db.query(
                        "INSERT INTO signatures(signature, file_id, ordinal) VALUES (?, ?, ?)",
                        [.text(signature), .int(id), .int(Int64(ordinal))])
                }
                // Settled when linked to other keys, and with every listing of a signature it crowds
                // past the limit (links through it are gone).
                var seeds =
                    linkedKeys.isEmpty ? [] : [Listing(fileID: id, ordinal: ordinal, key: record.key, sketch: sketch)]
                for signature in crowded { seeds += try holders(of: signature) }
                try settle(from: seeds)
            }
            affected.insert(record.key)
        }
        try markPending(affected)
    }

    /// Settles the papers left under `keys` after some of their records went, and the listings of
    /// those `signatures` now back at the limit (links through them are back).
    private func settle(keysThatLostRecords keys: Set<MergeKey>, signaturesThatLostHolders signatures: [String])
        throws(IndexError)
    {
        var seeds: [Listing] = []
        for key in keys.sorted() where key.kind == .paper { seeds += try listings(forKey: key) }
        for signature in signatures
        where try holderCount(signature, upTo: Self.signatureLimit + 1) == Self.signatureLimit {
            seeds += try holders(of: signature)
        }
        try settle(from: seeds)
    }

    /// Deletes a file's records with their sketches and signatures; returns the signatures, each once.
    private func deleteRecords(ofFileID id: Int64) throws(IndexError) -> [String] {
        var signatures: [String] = []
        try db.query("SELECT DISTINCT signature FROM signatures WHERE file_id = ?", [.int(id)]) { row in
            signatures.append(row.text(0))
        }
        try db.query("DELETE FROM records WHERE file_id = ?", [.int(id)])
        try db.query("DELETE FROM sketches WHERE file_id = ?", [.int(id)])
        try db.query("DELETE FROM signatures WHERE file_id = ?", [.int(id)])
        return signatures
    }

    /// The paper listings found by any of `signatures`; a signature that more than `limit`
    /// listings have (`signatureLimit`) is skipped, and named in `crowded` when they are
    /// `limit + 1`.
    func candidates(signatures: [String], limit: Int = Catalog.signatureLimit) throws(IndexError)
        -> (listings: [Listing], crowded: [String])
    {
        var found: [Listing] = []
        var crowded: [String] = []
        var seen: Set<Listing.Place> = []
        for signature in signatures {
            let count = try holderCount(signature, upTo: limit + 2)
            if count == limit + 1 { crowded.append(signature) }
            guard count > 0, count <= limit else { continue }
            found += try listings(Self.listingsBySignature, [.text(signature)], except: &seen)
        }
        return (found, crowded)
    }

    /// How many paper listings have `signature`, counted up to `upTo`.
    func holderCount(_ signature: String, upTo: Int) throws(IndexError) -> Int {
        var count: Int64 = 0
        try db.query(
            "SELECT count(*) FROM (SELECT 1 FROM signatures WHERE signature = ? LIMIT ?)",
            [.text(signature), .int(Int64(upTo))]
        ) { row in count = row.int(0) }
        return Int(count)
    }

    /// Every paper listing that has `signature`, however many.
    func holders(of signature: String) throws(IndexError) -> [Listing] {
        var seen: Set<Listing.Place> = []
        return try listings(Self.listingsBySignature, [.text(signature)], except: &seen)
    }

    /// The paper listings stored under `key`.
    func listings(forKey key: MergeKey) throws(IndexError) -> [Listing] {
        var seen: Set<Listing.Place> = []
        return try listings(
            """
            SELECT sketches.file_id, sketches.ordinal, sketches.key, sketches.sketch FROM records
            JOIN sketches ON sketches.file_id = records.file_id AND sketches.ordinal = records.ordinal
            WHERE records.key = ? ORDER BY sketches.file_id, sketches.ordinal
            """, [.text(key.rawValue)], except: &seen)
    }

    /// Every paper listing, in file row and ordinal order.
    func allListings() throws(IndexError) -> [Listing] {
        var seen: Set<Listing.Place> = []
        return try listings(
            "SELECT file_id, ordinal, key, sketch FROM sketches ORDER BY file_id, ordinal", except: &seen)
    }

    /// The listings of one signature, by `listings(_:_:except:)`.
    private static let listingsBySignature = """
        SELECT sketches.file_id, sketches.ordinal, sketches.key, sketches.sketch FROM signatures
        JOIN sketches ON sketches.file_id = signatures.file_id AND sketches.ordinal = signatures.ordinal
        WHERE signatures.signature = ?
        """

    /// The listings `sql` selects (file row id, ordinal, key, sketch) but those in `seen`, which
    /// gains them; a sketch that cannot be decoded is skipped.
    private func listings(
        _ sql: String, _ parameters: [SQLiteDatabase.Value] = [], except seen: inout Set<Listing.Place>
    )
        throws(IndexError) -> [Listing]
    {
        var found: [Listing] = []
        let decoder = JSONDecoder()
        try db.query(sql, parameters) { row in
            let place = Listing.Place(fileID: row.int(0), ordinal: Int(row.int(1)))
            guard seen.insert(place).inserted, let sketch = try? decoder.decode(PaperSketch.self, from: row.blob(3))
            else { return }
            found.append(
                Listing(
                    fileID: place.fileID, ordinal: place.ordinal, key: MergeKey(rawValue: row.text(2)), sketch: sketch))
        }
        return found
    }

    /// Calls `body` with the places of the listings of each signature that 2 to `limit` listings share.
    func signatureGroups(limit: Int = Catalog.signatureLimit, _ body: ([Listing.Place]) -> Void) throws(IndexError) {
        var signature = ""
        var group: [Listing.Place] = []
        func flush() {
            if (2...limit).contains(group.count) { body(group) }
            group = []
        }
        try db.query("SELECT signature, file_id, ordinal FROM signatures ORDER BY signature") { row in
            let text = row.text(0)
            if text != signature {
                flush()
                signature = text
            }
            group.append(Listing.Place(fileID: row.int(1), ordinal: Int(row.int(2))))
        }
        flush()
    }

    /// Moves a paper listing's record to `key`.
    func setKey(_ key: MergeKey, of place: Listing.Place) throws(IndexError) {
        for table in ["records", "sketches"] {
            try db.query(
                "UPDATE \(table) SET key = ? WHERE file_id = ? AND ordinal = ?",
                [.text(key.rawValue), .int(place.fileID), .int(Int64(place.ordinal))])
        }
    }

    /// Forgets a file and its records, marking their keys pending.
    func remove(path: String) throws(IndexError) {
        var fileID: Int64? = nil
        try db.query("SELECT id FROM files WHERE path = ?", [.text(path)]) { row in fileID = row.int(0) }
        guard let id = fileID else { return }
        let keys = try keys(ofFileID: id)
        try markPending(keys)
        let signatures = try deleteRecords(ofFileID: id)
        try db.query("DELETE FROM files WHERE id = ?", [.int(id)])
        try settle(keysThatLostRecords: keys, signaturesThatLostHolders: signatures)
    }

    /// Records the new stat of a file whose content did not change. A file with records that could
    /// not be read before is readable again: its error goes; a file whose parse failed keeps its error.
    func touch(file: SourceFile, checkedNanos: Int64) throws(IndexError) {
        try db.query(
            """
            UPDATE files SET size=?, mtime_ns=?, ctime_ns=?, device=?, inode=?, checked_ns=?,
            error = CASE WHEN format = ? THEN error ELSE NULL END WHERE path = ?
            """,
            [
                .int(file.size), .int(file.mtimeNanos), .int(file.ctimeNanos), .int(Int64(bitPattern: file.device)),
                .int(Int64(bitPattern: file.inode)), .int(checkedNanos), .text(Self.failedFormat), .text(file.path),
            ])
    }

    /// Notes why a known file cannot be read now; its records and its stored stat stay, so it is
    /// read again next time.
    func markUnreadable(path: String, error: String) throws(IndexError) {
        try db.query("UPDATE files SET error = ? WHERE path = ?", [.text(error), .text(path)])
    }

    /// Paths of every file at or below `path` (a file, or a folder).
    func paths(atOrUnder path: String) throws(IndexError) -> [String] {
        try files().keys.filter { $0 == path || Self.isPath($0, under: path) }.sorted()
    }

    // MARK: - Runs

    /// What a run did, as `quarry status` shows it.
    struct Run: Codable, Sendable, Equatable {
        var started: Double
        var seconds: Double
        var summary: [String: Int]
        var interrupted: Bool
    }

    /// Remembers a run (the last few hundred are kept), in a transaction of its own. The record
    /// of a run that changed no row of the catalog is not durable (`SQLiteDatabase.transaction`):
    /// a no-op re-index calls no `fsync`, and a power loss can only drop that record.
    func recordRun(_ run: Run) throws(IndexError) {
        let data: Data
        do {
            data = try JSONEncoder().encode(run)
        } catch {
            throw .catalog(path: db.path, detail: "cannot encode a run: \(error)")
        }
        try db.transaction(durable: db.hasChangedRows) { () throws(IndexError) in
            try db.query(
                "INSERT INTO runs(started, seconds, summary) VALUES (?, ?, ?)",
                [.real(run.started), .real(run.seconds), .text(String(decoding: data, as: UTF8.self))])
            try db.query("DELETE FROM runs WHERE id <= (SELECT max(id) - 500 FROM runs)")
        }
    }

    /// The last run, or nil before the first.
    func lastRun() throws(IndexError) -> Run? {
        var run: Run? = nil
        try db.query("SELECT summary FROM runs ORDER BY id DESC LIMIT 1") { row in
            run = try? JSONDecoder().decode(Run.self, from: Data(row.text(0).utf8))
        }
        return run
    }

    func markPending(_ keys: Set<MergeKey>) throws(IndexError) {
        for key in keys { try db.query("INSERT OR IGNORE INTO pending(key) VALUES (?)", [.text(key.rawValue)]) }
        noted?.keys.formUnion(keys)
    }

    /// Marks every key pending, so that the whole Xapian database is rebuilt from the catalog.
    func markAllPending() throws(IndexError) {
        try db.query("INSERT OR IGNORE INTO pending(key) SELECT DISTINCT key FROM records")
        noted?.all = true
    }

    /// Keys marked pending while noted (`startNoting`), or all of them.
    struct NotedMarks {
        var keys: Set<MergeKey> = []
        var all = false
    }

    /// The marks since `startNoting()`, nil when not noting.
    private var noted: NotedMarks?

    /// Starts noting the keys marked pending (a rolled-back mark is noted too): a sharded build's
    /// job writes keys read before, so their marks made meanwhile must outlive its `clearPending`.
    func startNoting() { noted = NotedMarks() }

    /// The keys marked pending since `startNoting()`, and noting stops.
    func stopNoting() -> NotedMarks {
        defer { noted = nil }
        return noted ?? NotedMarks()
    }

    /// Keys whose index documents must be rebuilt.
    func pendingKeys() throws(IndexError) -> [MergeKey] {
        var keys: [MergeKey] = []
        try db.query("SELECT key FROM pending ORDER BY key") { row in keys.append(MergeKey(rawValue: row.text(0))) }
        return keys
    }

    /// Marks keys as rebuilt.
    func clearPending(_ keys: [MergeKey]) throws(IndexError) {
        try transaction { () throws(IndexError) in
            for key in keys { try db.query("DELETE FROM pending WHERE key = ?", [.text(key.rawValue)]) }
        }
    }

    /// Every record stored under a key, in a stable order (path, then position in the file).
    func records(forKey key: MergeKey) throws(IndexError) -> [StoredRecord] {
        try Self.records(forKey: key, in: db)
    }

    /// `records(forKey:)` over a connection (the catalog's, or a reader's).
    static func records(forKey key: MergeKey, in db: SQLiteDatabase) throws(IndexError) -> [StoredRecord] {
        var result: [StoredRecord] = []
        var undecodable: String? = nil
        try db.query(
            """
            SELECT files.path, records.ordinal, records.json FROM records JOIN files ON files.id = records.file_id
            WHERE records.key = ? ORDER BY files.path, records.ordinal
            """, [.text(key.rawValue)]
        ) { row in
            do {
                guard let json = JSONPacker.unpack(row.blob(2)) else {
                    undecodable = "\(row.text(0)) record \(row.int(1)): its packed JSON is damaged"
                    return
                }
                let record = try JSONDecoder().decode(Record.self, from: json)
                result.append(StoredRecord(path: row.text(0), ordinal: Int(row.int(1)), record: record))
            } catch {
                undecodable = "\(row.text(0)) record \(row.int(1)): \(error)"
            }
        }
        if let undecodable { throw .storedData(what: "catalog \(db.path)", detail: "cannot decode \(undecodable)") }
        return result
    }

    /// Files whose last parse failed, with the reason.
    func failures() throws(IndexError) -> [(path: String, error: String)] {
        var result: [(String, String)] = []
        try db.query("SELECT path, error FROM files WHERE error IS NOT NULL ORDER BY path") { row in
            result.append((row.text(0), row.text(1)))
        }
        return result
    }
}

/// What the catalog tells readers that must not write: the indexed roots, whether a file is
/// indexed (the web server's file route serves only such files) and the whole form of a stored
/// item. One connection, read-only; not thread-safe: one reader per thread.
public final class CatalogReader {
    private let db: SQLiteDatabase

    /// Opens the catalog of an index read-only; throws `IndexError.missingIndex` when it does not exist.
    public init(location: IndexLocation) throws(IndexError) {
        guard FileManager.default.fileExists(atPath: location.catalogPath) else {
            throw .missingIndex(path: location.path)
        }
        db = try SQLiteDatabase(path: location.catalogPath, readOnly: true)
    }

    /// The folders indexed so far (absolute paths).
    public func roots() throws(IndexError) -> [String] {
        var roots: [String] = []
        try db.query("SELECT path FROM roots ORDER BY path") { row in roots.append(row.text(0)) }
        return roots
    }

    /// The whole form of a stored item (`IndexedItem.stored(key:)`), merged again from the
    /// records under its `catalogKey` as the index's build merged it; `item` itself when it is
    /// whole, or when those records no longer give it (a run is changing them). Throws
    /// `IndexError.storedData` when a record does not decode, `.catalog` when the catalog cannot be read.
    public func wholeItem(_ item: IndexedItem) throws(IndexError) -> IndexedItem {
        guard let rawKey = item.catalogKey else { return item }
        let key = MergeKey(rawValue: rawKey)
        let records = try Catalog.records(forKey: key, in: db)
        return Entity.items(key: key, records: records, roots: try roots()).first { $0.id == item.id } ?? item
    }

    /// Whether the catalog holds a file at exactly this absolute path.
    public func contains(path: String) throws(IndexError) -> Bool {
        var found = false
        try db.query("SELECT 1 FROM files WHERE path = ?", [.text(path)]) { _ in found = true }
        return found
    }
}

// MARK: - Reading for status, check and dump

extension Catalog {
    /// Every merge key that has records, in order.
    func keys() throws(IndexError) -> [MergeKey] {
        var keys: [MergeKey] = []
        try db.query("SELECT DISTINCT key FROM records ORDER BY key") { row in
            keys.append(MergeKey(rawValue: row.text(0)))
        }
        return keys
    }

    /// SQLite's own check of the catalog file: "ok", or what is wrong.
    func integrityCheck() throws(IndexError) -> String {
        var lines: [String] = []
        try db.query("PRAGMA integrity_check") { row in lines.append(row.text(0)) }
        return lines.joined(separator: "\n")
    }

    /// Every record with its file's path, ordinal, key and JSON (unpacked), in path and ordinal
    /// order; throws `IndexError.storedData` naming the first record whose packed JSON is damaged.
    func allRecords(_ body: (_ path: String, _ ordinal: Int, _ key: String, _ json: Data) -> Void) throws(IndexError) {
        var damaged: String? = nil
        try db.query(
            """
            SELECT files.path, records.ordinal, records.key, records.json FROM records
            JOIN files ON files.id = records.file_id ORDER BY files.path, records.ordinal
            """
        ) { row in
            guard let json = JSONPacker.unpack(row.blob(3)) else {
                if damaged == nil { damaged = "\(row.text(0)) record \(row.int(1))" }
                return
            }
            body(row.text(0), Int(row.int(1)), row.text(2), json)
        }
        if let damaged {
            throw .storedData(what: "catalog \(db.path)", detail: "the packed JSON of \(damaged) is damaged")
        }
    }

    /// Every stored paper sketch's key, by file path and ordinal.
    func allSketchKeys(_ body: (_ path: String, _ ordinal: Int, _ key: String) -> Void) throws(IndexError) {
        try db.query(
            """
            SELECT files.path, sketches.ordinal, sketches.key FROM sketches
            JOIN files ON files.id = sketches.file_id ORDER BY files.path, sketches.ordinal
            """
        ) { row in body(row.text(0), Int(row.int(1)), row.text(2)) }
    }
}
