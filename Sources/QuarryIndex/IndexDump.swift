import Foundation
import QuarryModel

/// The whole content of an index as sorted lines of text, free of anything that depends on
/// the order in which it was built (Xapian document ids, catalog row ids, times): two indexes
/// of the same files give the same dump exactly when they hold the same thing. `quarry dump`
/// prints it; the crash test compares an index recovered from kills with a clean build by it.
///
/// Lines: `item ID` with its `data` (the stored item), each `term T wdf N positions N` and each
/// `value SLOT HEX`; `metadata KEY VALUE`; `spelling WORD FREQUENCY`; the catalog's `root`,
/// `file` (path, size, mtime, ctime, device, inode, hash, format, records, error), `record`
/// (path#ordinal, key, JSON), `sketch` keys and `pending` keys.
public enum IndexDump {
    /// Writes the dump of the index at `location`, line by line.
    public static func write(location: IndexLocation, to output: (String) -> Void) throws(IndexError) {
        guard location.exists else { throw .missingIndex(path: location.path) }
        let database = try XapianDatabase(path: location.xapianPath, writable: false)
        let catalog = try Catalog(path: location.catalogPath, readOnly: true)
        let idPrefix = Schema.idTerm("")
        for term in try database.terms(withPrefix: idPrefix) {
            for document in try database.documents(withTerm: term) {
                output("item \(term.dropFirst(idPrefix.count))")
                output("  data \(String(decoding: try document.data(), as: UTF8.self))")
                for posting in try document.postings() {
                    output("  term \(escaped(posting.term)) wdf \(posting.wdf) positions \(posting.positions)")
                }
                for (slot, value) in try document.values().sorted(by: { $0.key < $1.key }) {
                    output("  value \(slot) \(value.map { String(format: "%02x", $0) }.joined())")
                }
            }
        }
        for key in try database.metadataKeys(withPrefix: "") {
            output("metadata \(escaped(key)) \(escaped(try database.metadata(key)))")
        }
        for entry in try database.spellings() { output("spelling \(entry.word) \(entry.frequency)") }
        for root in try catalog.roots() { output("root \(escaped(root))") }
        for entry in try catalog.files().values.sorted(by: { $0.path < $1.path }) {
            output(
                "file \(escaped(entry.path)) size \(entry.size) mtime \(entry.mtimeNanos) ctime \(entry.ctimeNanos) "
                    + "device \(entry.device) inode \(entry.inode) hash \(entry.hash) format \(entry.format) "
                    + "records \(entry.recordCount) error \(escaped(entry.error ?? "-"))")
        }
        try catalog.allRecords { path, ordinal, key, json in
            output("record \(escaped(path))#\(ordinal) key \(escaped(key)) \(String(decoding: json, as: UTF8.self))")
        }
        try catalog.allSketchKeys { path, ordinal, key in
            output("sketch \(escaped(path))#\(ordinal) key \(escaped(key))")
        }
        for key in try catalog.pendingKeys() { output("pending \(escaped(key.rawValue))") }
    }

    /// Text on one line: newlines, tabs and other control characters as escapes.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

/// `quarry compact`: the Xapian database rewritten compactly (a freshly built one is about twice
/// its compacted size) into a fresh copy that is swapped in atomically, under the writer's lock.
/// Searches running meanwhile keep reading the old copy; a long-lived reader moves to the new
/// one on its next `refresh`.
public enum IndexCompaction {
    /// Sizes in bytes of the Xapian database before and after.
    public struct Result: Sendable {
        public var before: Int64
        public var after: Int64
    }

    /// Compacts the index at `location` (waiting for another writer with `wait`).
    public static func run(
        location: IndexLocation, wait: Bool = false, waiting: ((IndexLock.Holder) -> Void)? = nil
    ) throws(IndexError) -> Result {
        guard location.exists else { throw .missingIndex(path: location.path) }
        let lock = try IndexLock(location: location, command: "compact", wait: wait, waiting: waiting)
        defer { withExtendedLifetime(lock) {} }
        let scratch = scratchPath(location)
        removeLeftovers(location)
        let before = IndexStatus.size(of: location.xapianPath)
        try XapianDatabase.compactInPlace(path: location.xapianPath, scratch: scratch)
        // The compacted copy is another database (its UUID): its facet columns are written anew.
        try XapianDatabase(path: location.xapianPath, writable: false).writeFacetColumns(
            to: location.facetColumnsPath, slots: Schema.facets.compactMap { $0.facet?.slot })
        return Result(before: before, after: IndexStatus.size(of: location.xapianPath))
    }

    /// Where the compact copy is written before it is swapped in.
    static func scratchPath(_ location: IndexLocation) -> String { location.path + "/xapian.compacting" }

    /// Removes what a compaction killed midway left behind; called by every writer holding the lock.
    static func removeLeftovers(_ location: IndexLocation) {
        try? FileManager.default.removeItem(atPath: scratchPath(location))
    }
}
