import CXapian
import Foundation
import QuarryModel

/// Calls `body` with `terms` as the shim takes a list: one buffer, each term ended by a NUL byte.
func withTerms<Result>(_ terms: [String], _ body: (qx_terms) -> Result) -> Result {
    // One allocation, each term's UTF-8 copied whole (a document hands Xapian hundreds of terms).
    var buffer: [UInt8] = []
    buffer.reserveCapacity(terms.reduce(terms.count) { $0 + $1.utf8.count })
    for term in terms {
        buffer.append(contentsOf: term.utf8)
        buffer.append(0)
    }
    return buffer.withUnsafeBufferPointer { bytes in
        bytes.withMemoryRebound(to: CChar.self) { bytes in
            body(qx_terms(bytes: bytes.baseAddress, length: bytes.count, count: terms.count))
        }
    }
}

/// The terms of a NUL-separated buffer the shim returned.
func splitTerms(_ buffer: UnsafeMutablePointer<CChar>?, _ length: Int) -> [String] {
    guard let buffer, length > 0 else { return [] }
    return UnsafeRawBufferPointer(start: buffer, count: length).split(separator: 0).map {
        String(decoding: $0, as: UTF8.self)
    }
}

/// Text of `length` bytes at `bytes` (nil or 0 bytes: "").
func text(_ bytes: UnsafePointer<CChar>?, _ length: Int) -> String {
    guard let bytes, length > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
}

/// Calls a cxapian function and turns a failure status into an `IndexError`; `path` names the
/// database for the errors that concern it (locked, missing, damaged, modified).
func xapianCall(
    _ operation: String, path: String = "", _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> qx_status
) throws(IndexError) {
    var message: UnsafeMutablePointer<CChar>? = nil
    let status = body(&message)
    guard status != QX_OK else { return }
    let detail = message.map { String(cString: $0) } ?? "no message"
    qx_string_free(message)
    switch status {
    case QX_LOCKED: throw .locked(path: path, detail: detail)
    case QX_NOT_FOUND: throw .missingIndex(path: path)
    case QX_CORRUPT: throw .corrupt(path: path, detail: detail)
    case QX_MODIFIED: throw .modified(path: path, detail: detail)
    case QX_INVALID_ARGUMENT: throw .invalidArgument(operation: operation, detail: detail)
    default: throw .xapian(operation: operation, detail: detail)
    }
}

/// Which terms a query expansion (more like this, relevance feedback) may propose.
public struct ExpansionFilter: Sendable, Equatable {
    /// Terms starting with one of these are never proposed.
    public var excludedPrefixes: [String]
    /// Terms shorter than this many bytes are never proposed.
    public var minLength: Int

    public init(excludedPrefixes: [String], minLength: Int) {
        self.excludedPrefixes = excludedPrefixes
        self.minLength = minLength
    }

    /// Calls `body` with the filter as the shim takes it.
    func withOptions<Result>(_ body: (UnsafePointer<qx_expand_options>) -> Result) -> Result {
        withTerms(excludedPrefixes) { prefixes in
            var options = qx_expand_options(excluded_prefixes: prefixes, min_length: max(0, minLength))
            return body(&options)
        }
    }
}

/// An open Xapian database, writable or read-only; closes (and unlocks) in deinit.
///
/// Every read retries when a writer commits meanwhile (see cxapian.h), so a long-lived reader
/// keeps answering while `quarry index` runs.
public final class XapianDatabase {
    let handle: OpaquePointer
    /// Where the database lives.
    public let path: String
    /// True when opened for writing.
    public let isWritable: Bool

    /// Opens (creating if needed) for writing, or read-only; with `overwrite`, a writable database
    /// starts empty. Throws `IndexError.locked` when another writer holds the database,
    /// `.missingIndex` when there is none to read.
    public init(path: String, writable: Bool, overwrite: Bool = false) throws(IndexError) {
        var db: OpaquePointer? = nil
        try xapianCall(writable ? "open for writing" : "open", path: path) { error in
            writable
                ? qx_db_open_writable(path, overwrite ? 1 : 0, &db, error) : qx_db_open_readonly(path, &db, error)
        }
        guard let db else { throw .xapian(operation: "open", detail: "no handle returned") }
        self.handle = db
        self.path = path
        self.isWritable = writable
    }

    /// Closes and frees the handle. A deinit cannot throw, and every write was committed (or
    /// deliberately dropped) before: a failure to close is said on standard error, not hidden.
    deinit {
        do {
            try xapianCall("close", path: path) { qx_db_free(handle, $0) }
        } catch {
            FileHandle.standardError.write(Data("quarry: closing \(path): \(error.localizedDescription)\n".utf8))
        }
    }

    /// Calls the shim with this database's path for its errors.
    private func call(
        _ operation: String, _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> qx_status
    ) throws(IndexError) {
        try xapianCall(operation, path: path, body)
    }

    /// Makes every change since the last commit durable.
    public func commit() throws(IndexError) {
        try call("commit") { qx_db_commit(handle, $0) }
    }

    /// Moves a reader to the newest committed revision, or to the compacted copy that replaced
    /// its folder (cheap when nothing changed): a long-lived reader such as `quarry serve` calls
    /// it before each request, so it answers with what an index run committed meanwhile.
    public func refresh() throws(IndexError) {
        try call("reopen") { qx_db_refresh(handle, $0) }
    }

    /// True when `path` is a folder in which Xapian began creating a database and was stopped
    /// (killed) before the version file of its first revision was written: it holds nothing.
    static func creationWasCutShort(at path: String) -> Bool {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            return false
        }
        return !["iamglass", "iamchert", "iamhoney", "XAPIANDB"].contains {
            FileManager.default.fileExists(atPath: path + "/" + $0)
        }
    }

    /// Removes the database folder at `path` (if any) so that a kill at any moment leaves all of
    /// it or none: it is renamed to `aside` (one atomic step), then removed. Xapian's own
    /// overwrite truncates the tables before it writes the new version file, and a kill in
    /// between leaves the old version file pointing into empty tables ("EOF reading block").
    /// Throws `IndexError.catalog` naming the folder when it cannot be moved.
    static func remove(at path: String, aside: String) throws(IndexError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try? FileManager.default.removeItem(atPath: aside)
        guard rename(path, aside) == 0 else {
            throw .catalog(
                path: path, detail: "cannot move the search database aside: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(atPath: aside)
    }

    /// Xapian's own consistency check of the database at `path`: the number of problems and its report.
    public static func check(path: String) throws(IndexError) -> (errors: Int, report: String) {
        var errors = 0
        var report: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try xapianCall("check", path: path) { qx_db_check(path, &errors, &report, &length, $0) }
        defer { qx_string_free(report) }
        return (errors, text(report, length))
    }

    /// Compacts the database at `path` into a fresh copy at `scratch` and swaps it in atomically
    /// (see `qx_db_compact_in_place`); the caller holds the index's lock.
    public static func compactInPlace(path: String, scratch: String) throws(IndexError) {
        try xapianCall("compact", path: path) { qx_db_compact_in_place(path, scratch, $0) }
    }

    /// Merges the databases at `sources` into one compacted copy built at `scratch` and swaps it in
    /// for the database at `path` (see `qx_db_merge_in_place`); the caller holds the index's lock.
    static func mergeInPlace(path: String, sources: [String], scratch: String) throws(IndexError) {
        let copies = sources.map { strdup($0) }
        defer {
            for copy in copies { free(copy) }
        }
        let pointers = copies.map { UnsafePointer($0) }
        try xapianCall("merge", path: path) { qx_db_merge_in_place(path, pointers, pointers.count, scratch, $0) }
    }

    /// Changes the document frequency of words in the spelling dictionary (to be committed).
    func adjustSpellings(_ words: [String], by changes: [Int]) throws(IndexError) {
        guard !words.isEmpty else { return }
        let deltas = changes.map { Int32(clamping: $0) }
        try call("adjust spellings") { error in withTerms(words) { qx_db_adjust_spellings(handle, $0, deltas, error) } }
    }

    /// Every word of the spelling dictionary with its frequency.
    func spellings() throws(IndexError) -> [(word: String, frequency: Int)] {
        var words: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        var frequencies: UnsafeMutablePointer<UInt32>? = nil
        var count = 0
        try call("spellings") { qx_db_spellings(handle, &words, &length, &frequencies, &count, $0) }
        defer {
            qx_string_free(words)
            qx_numbers_free(frequencies)
        }
        let list = splitTerms(words, length)
        return list.enumerated().map { ($0.element, Int(frequencies?[$0.offset] ?? 0)) }
    }

    /// Every term starting with `prefix`, in term order.
    func terms(withPrefix prefix: String) throws(IndexError) -> [String] {
        let bytes = Array(prefix.utf8)
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try call("all terms") { qx_db_terms_with_prefix(handle, bytes, bytes.count, &out, &length, $0) }
        defer { qx_string_free(out) }
        return splitTerms(out, length)
    }

    /// How many documents hold `term`.
    public func termFrequency(_ term: String) throws(IndexError) -> Int {
        let bytes = Array(Schema.fitTerm(term).utf8)
        var count: UInt32 = 0
        try call("term frequency") { qx_db_termfreq(handle, bytes, bytes.count, &count, $0) }
        return Int(count)
    }

    /// Every metadata key starting with `prefix`, in order.
    func metadataKeys(withPrefix prefix: String) throws(IndexError) -> [String] {
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try call("metadata keys") { qx_db_metadata_keys(handle, prefix, &out, &length, $0) }
        defer { qx_string_free(out) }
        return splitTerms(out, length)
    }

    /// The ids of the documents holding `term`, ascending (Xapian's document ids).
    func documentIDs(withTerm term: String) throws(IndexError) -> [UInt32] {
        let bytes = Array(Schema.fitTerm(term).utf8)
        var ids: UnsafeMutablePointer<UInt32>? = nil
        var count = 0
        try call("postings") { qx_db_postings(handle, bytes, bytes.count, &ids, &count, $0) }
        defer { qx_numbers_free(ids) }
        return (0..<count).compactMap { ids?[$0] }
    }

    /// The stored documents holding `term`, in document id order.
    func documents(withTerm term: String) throws(IndexError) -> [XapianDocument] {
        var documents: [XapianDocument] = []
        for id in try documentIDs(withTerm: term) {
            var document: OpaquePointer? = nil
            try call("read document") { qx_db_document(handle, id, &document, $0) }
            guard let document else { continue }
            documents.append(XapianDocument(stored: document, database: self))
        }
        return documents
    }

    /// Number of documents.
    public func documentCount() throws(IndexError) -> Int {
        var count: UInt32 = 0
        try call("doccount") { qx_db_doccount(handle, &count, $0) }
        return Int(count)
    }

    /// Adds the document, or replaces every document that holds `idTerm` by it.
    public func replace(idTerm: String, with document: XapianDocument) throws(IndexError) {
        let bytes = Array(Schema.fitTerm(idTerm).utf8)
        try call("replace document") { qx_db_replace(handle, bytes, bytes.count, document.handle, $0) }
    }

    /// Deletes the documents that hold `term` (none is fine).
    public func delete(idTerm term: String) throws(IndexError) {
        let bytes = Array(Schema.fitTerm(term).utf8)
        try call("delete document") { qx_db_delete(handle, bytes, bytes.count, $0) }
    }

    /// True when some document holds `term`.
    public func termExists(_ term: String) throws(IndexError) -> Bool {
        let bytes = Array(Schema.fitTerm(term).utf8)
        var exists: Int32 = 0
        try call("term lookup") { qx_db_term_exists(handle, bytes, bytes.count, &exists, $0) }
        return exists != 0
    }

    /// The data of the document holding `idTerm`, or nil.
    public func documentData(idTerm: String) throws(IndexError) -> Data? {
        let bytes = Array(Schema.fitTerm(idTerm).utf8)
        var found: Int32 = 0
        var data: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try call("read document") { qx_db_document_data(handle, bytes, bytes.count, &found, &data, &length, $0) }
        defer { qx_string_free(data) }
        guard found != 0, let data else { return nil }
        return Data(bytes: data, count: length)
    }

    /// User metadata stored with the database ("" when unset).
    public func metadata(_ key: String) throws(IndexError) -> String {
        var value: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try call("get metadata") { qx_db_get_metadata(handle, key, &value, &length, $0) }
        defer { qx_string_free(value) }
        return text(value, length)
    }

    /// Sets user metadata, committed with the next commit.
    public func setMetadata(_ key: String, _ value: String) throws(IndexError) {
        let bytes = Array(value.utf8)
        try call("set metadata") { qx_db_set_metadata(handle, key, bytes, bytes.count, $0) }
    }

    /// Adds words to the spelling dictionary (counted each time).
    public func addSpellings(_ words: [String]) throws(IndexError) {
        guard !words.isEmpty else { return }
        try call("add spellings") { error in withTerms(words) { qx_db_add_spellings(handle, $0, error) } }
    }

    /// The dictionary word closest to `word` (within `maxEdits` insertions, deletions,
    /// substitutions or swaps of neighbouring letters), the most frequent of the closest, or nil
    /// (also when `word` itself is more frequent). Within one edit of an `[a-z]+` word, each of
    /// its neighbours is looked up (Xapian's trigram candidates miss some).
    public func spellingSuggestion(for word: String, maxEdits: UInt32 = 2) throws(IndexError) -> String? {
        let bytes = Array(word.utf8)
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try call("spelling suggestion") {
            qx_db_spelling_suggestion(handle, bytes, bytes.count, maxEdits, &out, &length, $0)
        }
        defer { qx_string_free(out) }
        let suggestion = text(out, length)
        return suggestion.isEmpty ? nil : suggestion
    }

    /// The `count` best terms that `filter` allows to find documents like the one holding `idTerm`,
    /// of those at least `minFrequency` documents hold (2: terms another document has too).
    public func similarTerms(idTerm: String, count: Int, filter: ExpansionFilter, minFrequency: Int = 0)
        throws(IndexError) -> [String]
    {
        let bytes = Array(Schema.fitTerm(idTerm).utf8)
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try call("similar terms") { error in
            filter.withOptions { options in
                qx_db_similar_terms(
                    handle, bytes, bytes.count, UInt32(clamping: count), UInt32(clamping: minFrequency), options, &out,
                    &length, error)
            }
        }
        defer { qx_string_free(out) }
        return splitTerms(out, length)
    }

    /// Expansion terms that `filter` allows from the `topDocuments` best hits of `query`
    /// (pseudo-relevance feedback).
    public func feedbackTerms(
        for query: XapianQuery, bm25: BM25, topDocuments: Int, count: Int, filter: ExpansionFilter
    ) throws(IndexError) -> [String] {
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        var weights = bm25.shimValue
        try call("feedback terms") { error in
            filter.withOptions { options in
                qx_db_feedback_terms(
                    handle, query.handle, &weights, UInt32(clamping: topDocuments), UInt32(clamping: count), options,
                    &out, &length, error)
            }
        }
        defer { qx_string_free(out) }
        return splitTerms(out, length)
    }

    /// The terms starting with `prefix` (a wildcard's expansion): all of them, or the `limit` most
    /// frequent when there are more (`limit` 0: all), and how many there are in all.
    public func terms(startingWith prefix: String, limit: Int) throws(IndexError) -> (terms: [String], total: Int) {
        let bytes = Array(prefix.utf8)
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        var total: UInt32 = 0
        try call("prefix terms") {
            qx_db_prefix_terms(handle, bytes, bytes.count, UInt32(clamping: max(0, limit)), &out, &length, &total, $0)
        }
        defer { qx_string_free(out) }
        return (splitTerms(out, length), Int(total))
    }

    /// What a BM25 score is made of, for the document holding `idTerm`.
    public struct TermStats: Sendable {
        /// Per term: within-document frequency and number of documents holding it.
        public var wdf: [Int]
        public var termFrequency: [Int]
        public var documentLength: Int
        public var averageLength: Double
        public var documentCount: Int
    }

    /// Term statistics of `terms` for one document.
    public func termStats(idTerm: String, terms: [String]) throws(IndexError) -> TermStats {
        let id = Array(Schema.fitTerm(idTerm).utf8)
        var wdf = [UInt32](repeating: 0, count: terms.count)
        var frequency = [UInt32](repeating: 0, count: terms.count)
        var length: UInt32 = 0
        var average = 0.0
        var count: UInt32 = 0
        try call("term statistics") { error in
            withTerms(terms.map(Schema.fitTerm)) { list in
                qx_db_term_stats(handle, id, id.count, list, &wdf, &frequency, &length, &average, &count, error)
            }
        }
        return TermStats(
            wdf: wdf.map(Int.init), termFrequency: frequency.map(Int.init), documentLength: Int(length),
            averageLength: average, documentCount: Int(count))
    }

    /// Writes the facet columns of `slots` for the committed revision to `path` (see
    /// `useFacetColumns`); does nothing when the file already holds this revision's columns.
    public func writeFacetColumns(to path: String, slots: [UInt32]) throws(IndexError) {
        try call("write facet columns") { error in
            slots.withUnsafeBufferPointer { buffer in
                qx_db_write_facet_columns(
                    handle, path, buffer.baseAddress, buffer.count, CChar(Schema.valueSeparator.asciiValue ?? 0x1F),
                    error)
            }
        }
    }

    /// Counts facets from the column file at `path` (each value slot as small integer ordinals
    /// per document id) whenever it matches the revision being read; false when there is no
    /// usable file (facets are then counted from the value slots, with the same results).
    @discardableResult
    public func useFacetColumns(at path: String) throws(IndexError) -> Bool {
        var attached: Int32 = 0
        try call("open facet columns") { qx_db_use_facet_columns(handle, path, &attached, $0) }
        return attached != 0
    }

    /// Runs a query: one page of hits, the exact total and facet counts over every match.
    public func search(_ request: SearchRequest) throws(IndexError) -> SearchPage {
        var results: OpaquePointer? = nil
        let slots = request.facetSlots
        try call("search") { error in
            slots.withUnsafeBufferPointer { slotBuffer in
                var options = qx_search_options(
                    offset: UInt32(clamping: request.offset), limit: UInt32(clamping: request.limit),
                    bm25: request.bm25.shimValue, facet_slots: slotBuffer.baseAddress, facet_count: slotBuffer.count,
                    value_separator: CChar(Schema.valueSeparator.asciiValue ?? 0x1F),
                    sort_slot: request.sortSlot.map { Int32($0) } ?? -1,
                    sort_descending: request.sortDescending ? 1 : 0,
                    exact_total: request.exactTotal ? 1 : 0, facet_limit: UInt32(clamping: request.facetLimit),
                    tie_slot: Int32(Schema.idSlot), rescore: request.rescore?.handle,
                    rescore_depth: UInt32(clamping: request.rescoreDepth))
                return qx_search(handle, request.query.handle, &options, &results, error)
            }
        }
        guard let results else { throw .xapian(operation: "search", detail: "no results returned") }
        defer { qx_results_free(results) }
        var total: UInt32 = 0
        var size: UInt32 = 0
        try call("search results") { qx_results_counts(results, &total, &size, $0) }
        var hits: [SearchPage.Hit] = []
        for index in 0..<size {
            var weight = 0.0
            var data: UnsafePointer<CChar>? = nil
            var length = 0
            try call("search results") { qx_results_hit(results, index, &weight, &data, &length, $0) }
            hits.append(SearchPage.Hit(weight: weight, data: data.map { Data(bytes: $0, count: length) } ?? Data()))
        }
        var facets: [[FacetCount]] = []
        var distinct: [Int] = []
        for facet in 0..<slots.count {
            var values = 0
            try call("facet counts") { qx_results_facet_size(results, facet, &values, $0) }
            var all = 0
            try call("facet counts") { qx_results_facet_distinct(results, facet, &all, $0) }
            distinct.append(all)
            var counts: [FacetCount] = []
            for item in 0..<values {
                var value: UnsafePointer<CChar>? = nil
                var length = 0
                var count: UInt32 = 0
                try call("facet counts") { qx_results_facet_value(results, facet, item, &value, &length, &count, $0) }
                counts.append(FacetCount(value: text(value, length), count: Int(count)))
            }
            facets.append(counts)
        }
        return SearchPage(total: Int(total), hits: hits, facets: facets, distinct: distinct)
    }
}

/// A document being built for the index (terms, values and stored data), or one read back from
/// a database (which it keeps open while it lives).
public final class XapianDocument {
    let handle: OpaquePointer
    private var terms: [String] = []
    private var positions: [UInt32] = []
    private var wdfs: [UInt32] = []
    /// The database a stored document is read from.
    private let database: XapianDatabase?

    /// An empty document.
    public init() throws(IndexError) {
        var handle: OpaquePointer? = nil
        try xapianCall("new document") { qx_doc_new(&handle, $0) }
        guard let handle else { throw .xapian(operation: "new document", detail: "no handle returned") }
        self.handle = handle
        database = nil
    }

    /// A document read from `database`.
    init(stored handle: OpaquePointer, database: XapianDatabase) {
        self.handle = handle
        self.database = database
    }

    /// One term of a document: its within-document frequency and how many positions it has.
    public struct Posting: Equatable, Sendable {
        public var term: String
        public var wdf: Int
        public var positions: Int
    }

    /// The document's data.
    public func data() throws(IndexError) -> Data {
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try xapianCall("document data") { qx_doc_data(handle, &out, &length, $0) }
        defer { qx_string_free(out) }
        guard let out, length > 0 else { return Data() }
        return Data(bytes: out, count: length)
    }

    /// The document's terms in term order (of a document being built: those flushed).
    public func postings() throws(IndexError) -> [Posting] {
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        var wdf: UnsafeMutablePointer<UInt32>? = nil
        var positions: UnsafeMutablePointer<UInt32>? = nil
        var count = 0
        try xapianCall("document terms") { qx_doc_terms(handle, &out, &length, &wdf, &positions, &count, $0) }
        defer {
            qx_string_free(out)
            qx_numbers_free(wdf)
            qx_numbers_free(positions)
        }
        return splitTerms(out, length).enumerated().map { index, term in
            Posting(term: term, wdf: Int(wdf?[index] ?? 0), positions: Int(positions?[index] ?? 0))
        }
    }

    /// The document's values by slot.
    public func values() throws(IndexError) -> [UInt32: [UInt8]] {
        var slots: UnsafeMutablePointer<UInt32>? = nil
        var count = 0
        try xapianCall("document values") { qx_doc_value_slots(handle, &slots, &count, $0) }
        defer { qx_numbers_free(slots) }
        var values: [UInt32: [UInt8]] = [:]
        for index in 0..<count {
            guard let slot = slots?[index] else { continue }
            var out: UnsafeMutablePointer<CChar>? = nil
            var length = 0
            try xapianCall("document value") { qx_doc_value(handle, slot, &out, &length, $0) }
            values[slot] = out.map { Array(UnsafeRawBufferPointer(start: $0, count: length)) } ?? []
            qx_string_free(out)
        }
        return values
    }

    deinit { qx_doc_free(handle) }

    /// Queues a term; position 0 means no position. Terms reach Xapian in `flush()`.
    public func add(term: String, position: UInt32, wdf: UInt32) {
        terms.append(Schema.fitTerm(term))
        positions.append(position)
        wdfs.append(wdf)
    }

    /// Sets a value slot.
    public func setValue(_ value: String, slot: UInt32) throws(IndexError) {
        try setValue(bytes: Array(value.utf8), slot: slot)
    }

    /// Sets a value slot to raw bytes.
    public func setValue(bytes: [UInt8], slot: UInt32) throws(IndexError) {
        try xapianCall("set value") { qx_doc_set_value(handle, slot, bytes, bytes.count, $0) }
    }

    /// Sets the stored data returned with hits.
    public func setData(_ data: Data) throws(IndexError) {
        try xapianCall("set data") { error in
            data.withUnsafeBytes { raw in
                qx_doc_set_data(handle, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count, error)
            }
        }
    }

    /// Hands every queued term to Xapian in one call.
    public func flush() throws(IndexError) {
        guard !positions.isEmpty else { return }
        let terms = self.terms
        let positions = self.positions
        let wdfs = self.wdfs
        try xapianCall("add terms") { error in
            withTerms(terms) { qx_doc_add_terms(handle, $0, positions, wdfs, error) }
        }
        self.terms.removeAll(keepingCapacity: true)
        self.positions.removeAll(keepingCapacity: true)
        self.wdfs.removeAll(keepingCapacity: true)
    }
}

/// A Xapian query tree node; build with the static constructors.
public final class XapianQuery: CustomStringConvertible {
    let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }
    deinit { qx_query_free(handle) }

    /// Query operators.
    public enum Operator: Int32, Sendable {
        case and = 0
        case or, andNot, phrase, near, andMaybe, filter, synonym
    }

    private static func make(
        _ operation: String,
        _ body: (inout OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> qx_status
    ) throws(IndexError) -> XapianQuery {
        var out: OpaquePointer? = nil
        try xapianCall(operation) { body(&out, $0) }
        guard let out else { throw .xapian(operation: operation, detail: "no query returned") }
        return XapianQuery(handle: out)
    }

    /// A single term, with its query frequency and position in the query.
    public static func term(_ term: String, wqf: UInt32 = 1, position: UInt32 = 0) throws(IndexError) -> XapianQuery {
        let bytes = Array(Schema.fitTerm(term).utf8)
        return try make("term query") { qx_query_term(bytes, bytes.count, wqf, position, &$0, $1) }
    }

    /// Combines subqueries; `parameter` is the window for phrase and near.
    public static func combine(_ op: Operator, _ parts: [XapianQuery], parameter: UInt32 = 0) throws(IndexError)
        -> XapianQuery
    {
        let handles: [OpaquePointer?] = parts.map { $0.handle }
        return try withExtendedLifetime(parts) { () throws(IndexError) -> XapianQuery in
            try make("combine query") { out, error in
                handles.withUnsafeBufferPointer {
                    qx_query_combine(op.rawValue, $0.baseAddress, $0.count, parameter, &out, error)
                }
            }
        }
    }

    /// Documents whose value in `slot` lies in [low, high]; nil bounds are open.
    public static func valueRange(slot: UInt32, low: [UInt8]?, high: [UInt8]?) throws(IndexError) -> XapianQuery {
        try make("range query") { out, error in
            qx_query_value_range(slot, low, low?.count ?? 0, high, high?.count ?? 0, &out, error)
        }
    }

    /// Every term starting with `prefix` (expanded when the query runs), the `maxExpansion` most
    /// frequent when there are more (0: all of them).
    public static func wildcard(_ prefix: String, maxExpansion: UInt32 = 0) throws(IndexError) -> XapianQuery {
        let bytes = Array(prefix.utf8)
        return try make("wildcard query") { qx_query_wildcard(bytes, bytes.count, maxExpansion, &$0, $1) }
    }

    /// The query with its weights multiplied by `factor`.
    public func scaled(by factor: Double) throws(IndexError) -> XapianQuery {
        try Self.make("scale query") { qx_query_scale(handle, factor, &$0, $1) }
    }

    /// Matches every document.
    public static func matchAll() throws(IndexError) -> XapianQuery {
        try make("match-all query") { qx_query_match_all(&$0, $1) }
    }

    /// Every document with the same `weight`; filtered by a term, the documents holding the term
    /// rank above any BM25 score (Xapian's FixedWeightPostingSource).
    public static func fixedWeight(_ weight: Double) throws(IndexError) -> XapianQuery {
        try make("fixed-weight query") { qx_query_fixed_weight(weight, &$0, $1) }
    }

    /// Matches no document.
    public static func matchNothing() throws(IndexError) -> XapianQuery {
        try make("match-nothing query") { qx_query_match_nothing(&$0, $1) }
    }

    /// The distinct terms of the query.
    public func terms() throws(IndexError) -> [String] {
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        try xapianCall("query terms") { qx_query_terms(handle, &out, &length, $0) }
        defer { qx_string_free(out) }
        return splitTerms(out, length)
    }

    /// Xapian's own description of the query (`Query((Slynx@1 OR chai@1))`); empty if it cannot be made.
    public var description: String {
        var out: UnsafeMutablePointer<CChar>? = nil
        var length = 0
        guard (try? xapianCall("describe query", { qx_query_describe(handle, &out, &length, $0) })) != nil else {
            return ""
        }
        defer { qx_string_free(out) }
        return text(out, length)
    }

    /// Xapian's sortable encoding of a number, for value slots and ranges (byte order = numeric order).
    public static func sortable(_ value: Double) throws(IndexError) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 32)
        var length = 0
        try xapianCall("sortable number") { error in
            buffer.withUnsafeMutableBufferPointer {
                qx_sortable_serialise(value, $0.baseAddress, $0.count, &length, error)
            }
        }
        return buffer.prefix(length).map { UInt8(bitPattern: $0) }
    }
}

/// BM25 parameters (Xapian's BM25Weight; k2 0 and k3 1 as Xapian's defaults).
public struct BM25: Sendable, Equatable {
    public var k1: Double
    public var b: Double
    public var minNormalizedLength: Double

    public init(k1: Double, b: Double, minNormalizedLength: Double = 0.5) {
        self.k1 = k1
        self.b = b
        self.minNormalizedLength = minNormalizedLength
    }

    /// The parameters as the shim takes them.
    var shimValue: qx_bm25 { qx_bm25(k1: k1, k2: 0, k3: 1, b: b, min_normlen: minNormalizedLength) }
}

/// What to search for and how much to return.
public struct SearchRequest {
    public var query: XapianQuery
    public var offset: Int
    public var limit: Int
    public var facetSlots: [UInt32]
    public var bm25: BM25
    public var sortSlot: UInt32?
    public var sortDescending: Bool
    /// Visit every match so the total is exact (it is anyway when facets are counted).
    public var exactTotal: Bool
    /// The values returned per facet, the most frequent (0: all).
    public var facetLimit: Int
    /// A query whose weights are added to `query`'s best `rescoreDepth` hits, which are then
    /// ordered again (re-ranking): it never adds a match. `query` alone gives the match set, the
    /// total, the facets and the order below that depth. Ignored when sorting by a slot.
    public var rescore: XapianQuery?
    /// How many of `query`'s best hits `rescore` re-ranks (0: every hit).
    public var rescoreDepth: Int

    public init(
        query: XapianQuery, offset: Int, limit: Int, facetSlots: [UInt32], bm25: BM25, sortSlot: UInt32? = nil,
        sortDescending: Bool = false, exactTotal: Bool = false, facetLimit: Int = 0, rescore: XapianQuery? = nil,
        rescoreDepth: Int = 0
    ) {
        self.rescore = rescore
        self.rescoreDepth = rescoreDepth
        self.exactTotal = exactTotal
        self.facetLimit = facetLimit
        self.query = query
        self.offset = offset
        self.limit = limit
        self.facetSlots = facetSlots
        self.bm25 = bm25
        self.sortSlot = sortSlot
        self.sortDescending = sortDescending
    }
}

/// One page of results as Xapian returns it: weights and stored data.
public struct SearchPage: Sendable {
    /// A hit's weight and stored data.
    public struct Hit: Sendable {
        public var weight: Double
        public var data: Data
    }

    public var total: Int
    public var hits: [Hit]
    /// Facet counts in the order of the request's slots, sorted by count then value, at most
    /// the request's `facetLimit` each.
    public var facets: [[FacetCount]]
    /// How many distinct values each facet has over the whole match set (before the limit).
    public var distinct: [Int]
}
