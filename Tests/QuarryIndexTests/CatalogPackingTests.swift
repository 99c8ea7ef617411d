import Foundation
import QuarryIngest
import QuarryTestSupport
import Testing

@testable import QuarryIndex

/// Records packed for the catalog (`JSONPacker`): the JSON comes back byte for byte, and a
/// damaged blob is refused.
@Suite struct JSONPackerTests {
    static let texts: [String] = [
        #"{}"#,
        #"{"paper":{"_0":{"title":"VTC: DNN Compilation with Virtual Tensors"}}}"#,
        #"{"resume":{"_0":{"name":"Zoë Ångström","text":"東京大学 · café · 🚀 naïve"}}}"#,
        "{\"text\":\"" + String(repeating: "sparse attention for long documents ", count: 3_000) + "\"}",
    ]

    @Test(arguments: texts)
    func aPackedRecordComesBackByteForByte(text: String) throws {
        let json = Data(text.utf8)
        let packed = JSONPacker().pack(json)
        #expect(packed.first == JSONPacker.marker)
        #expect(JSONPacker.unpack(packed) == json)
        if json.count > 1_000 { #expect(packed.count * 4 < json.count) }
    }

    @Test func onePackerPacksManyRecordsInTurn() {
        var generator = SystemRandomNumberGenerator()
        let packer = JSONPacker()
        let words = ["graph", "neural", "é", "\\n", "\\\"", "2024", "東京", "{", "}", ",", " "]
        for _ in 0..<300 {
            let body = (0..<Int.random(in: 0...400, using: &generator)).map { _ in words.randomElement()! }
            let json = Data(("{\"t\":\"" + body.joined() + "\"}").utf8)
            #expect(JSONPacker.unpack(packer.pack(json)) == json)
        }
    }

    /// Blobs that start as a packed record but are not one.
    static let damaged: [(String, Data)] = {
        let good = [UInt8](JSONPacker().pack(Data(texts[3].utf8)))
        let blobs: [(String, [UInt8])] = [
            ("the marker alone", [0x01]),
            ("no compressed data", Array(good.prefix(5))),
            ("cut short", Array(good.prefix(good.count / 2))),
            ("a longer length than packed", [good[0], good[1] &+ 1] + good.dropFirst(2)),
            ("a length beyond what deflate can pack", [0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0x78, 0x9C, 0x03, 0x00]),
            ("a length of zero", [0x01, 0, 0, 0, 0] + good.dropFirst(5)),
            ("no zlib stream", [0x01, 20, 0, 0, 0] + Array("{\"plain\":\"json!!!\"}".utf8)),
            ("a flipped byte", good.enumerated().map { $0.offset == good.count - 3 ? $0.element ^ 0x40 : $0.element }),
        ]
        return blobs.map { ($0.0, Data($0.1)) }
    }()

    @Test(arguments: damaged)
    func aDamagedBlobIsRefused(what: String, blob: Data) {
        #expect(JSONPacker.unpack(blob) == nil, "\(what)")
    }

}

/// The catalog on real SQLite and Xapian stores: version 3 packs its records, a version 2
/// catalog of plain JSON is read as it is, and a damaged record is named by its file.
@Suite struct CatalogPackingTests {
    let corpus: TestCorpus
    let location: IndexLocation

    init() throws {
        corpus = try TestCorpus()
        location = IndexLocation(path: corpus.index.path)
    }

    /// Indexes the test corpus (`rebuild`: every document again); returns the index's dump.
    func index(rebuild: Bool = false) throws -> [String] {
        let root = corpus.corpus.standardizedFileURL.resolvingSymlinksInPath().path
        let summary = try Indexer(location: location, rebuild: rebuild).run(
            files: Crawler(excluding: [location.path]).walk([root]).files, roots: [root], source: FileParser())
        #expect(summary.documentsRebuilt > 0)
        return try dump(location)
    }

    func dump(_ location: IndexLocation) throws -> [String] {
        var lines: [String] = []
        try IndexDump.write(location: location) { lines.append($0) }
        return lines
    }

    @Test func aCatalogOfVersionTwoIsReadAsItIsAndRebuildsTheSameIndex() throws {
        let packedDump = try index()
        let db = try SQLiteDatabase(path: location.catalogPath)
        var rows: [(Int64, Int64, Data)] = []
        try db.query("SELECT file_id, ordinal, json FROM records") { row in
            rows.append((row.int(0), row.int(1), row.blob(2)))
        }
        #expect(!rows.isEmpty && rows.allSatisfy { $0.2.first == JSONPacker.marker })
        for (file, ordinal, blob) in rows {
            try db.query(
                "UPDATE records SET json = ? WHERE file_id = ? AND ordinal = ?",
                [.blob(try #require(JSONPacker.unpack(blob))), .int(file), .int(ordinal)])
        }
        try db.execute("PRAGMA user_version = 2")
        #expect(try dump(location) == packedDump)
        #expect(try index(rebuild: true) == packedDump)
        var version: Int64 = 0
        try db.query("PRAGMA user_version") { row in version = row.int(0) }
        #expect(version == Int64(Catalog.schemaVersion))
    }

    @Test func aNewerCatalogIsRefused() throws {
        _ = try index()
        try SQLiteDatabase(path: location.catalogPath).execute("PRAGMA user_version = \(Catalog.schemaVersion + 1)")
        for readOnly in [true, false] {
            #expect {
                _ = try Catalog(path: location.catalogPath, readOnly: readOnly)
            } throws: { error in
                guard case IndexError.incompatibleCatalog(_, let found, _) = error else { return false }
                return found == Catalog.schemaVersion + 1
            }
        }
    }

    @Test func aDamagedRecordIsNamedByItsFile() throws {
        _ = try index()
        let db = try SQLiteDatabase(path: location.catalogPath)
        var path = ""
        try db.query("SELECT path FROM files JOIN records ON records.file_id = files.id ORDER BY path LIMIT 1") {
            path = $0.text(0)
        }
        try db.query(
            "UPDATE records SET json = x'0140000000789c' WHERE ordinal = 0 AND file_id = (SELECT id FROM files WHERE path = ?)",
            [.text(path)])
        #expect {
            try dump(location)
        } throws: { error in
            guard case IndexError.storedData(_, let detail) = error else { return false }
            return detail.contains(path + " record 0") && detail.contains("damaged")
        }
    }
}
