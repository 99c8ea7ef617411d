import CXapian
import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryIndex

/// The C++ shim and its Swift wrapper on real temporary Xapian databases.
@Suite struct XapianShimTests {
    let folder: TestCorpus
    var path: String { folder.root.appendingPathComponent("xapian").path }

    init() throws {
        folder = try TestCorpus(copyCorpus: false)
    }

    /// A document with `values` joined into the author facet slot and the given terms.
    func document(authors: [String], terms: [String] = [], data: String = "") throws -> XapianDocument {
        let document = try XapianDocument()
        for term in terms { document.add(term: term, position: 0, wdf: 0) }
        try document.flush()
        let slot = try #require(Schema.author.facet?.slot)
        try document.setValue(authors.joined(separator: String(Schema.valueSeparator)), slot: slot)
        try document.setData(Data(data.utf8))
        return document
    }

    @Test func aPaperWithThreeAuthorsCountsOncePerAuthor() throws {
        let db = try XapianDatabase(path: path, writable: true)
        try db.replace(idTerm: "Qa", with: try document(authors: ["ada", "bo", "cy"], terms: ["Qa", "Kpaper"]))
        // A name listed twice in one document still counts that document once.
        try db.replace(idTerm: "Qb", with: try document(authors: ["ada", "ada"], terms: ["Qb", "Kpaper"]))
        try db.commit()
        let slot = try #require(Schema.author.facet?.slot)
        let page = try db.search(
            SearchRequest(
                query: try XapianQuery.term("Kpaper"), offset: 0, limit: 10, facetSlots: [slot],
                bm25: BM25(k1: 1.2, b: 0.75)))
        #expect(page.total == 2)
        #expect(
            page.facets == [
                [
                    FacetCount(value: "ada", count: 2), FacetCount(value: "bo", count: 1),
                    FacetCount(value: "cy", count: 1),
                ]
            ])
    }

    /// Facet counts from the column file equal the counts from the value slots (the truth), for
    /// every limit; once a later commit makes the columns stale, the value slots answer.
    @Test(arguments: [0, 1, 2, 5])
    func facetColumnsCountLikeTheValueSlots(limit: Int) throws {
        let columns = folder.root.appendingPathComponent("facets.columns").path
        let authorSlot = try #require(Schema.author.facet?.slot)
        let yearSlot = try #require(Schema.year.facet?.slot)
        let writer = try XapianDatabase(path: path, writable: true)
        let people = ["ada", "bo", "cy", "Dee", "émile", "ada"]
        for n in 0..<40 {
            let authors = (0..<(n % 4)).map { people[(n + $0 * 5) % people.count] }
            let document = try document(authors: authors, terms: ["Q\(n)", n % 3 == 0 ? "Kresume" : "Kpaper"])
            if n % 7 != 0 { try document.setValue(String(2000 + n % 5), slot: yearSlot) }
            try writer.replace(idTerm: "Q\(n)", with: document)
        }
        try writer.delete(idTerm: "Q5")
        try writer.commit()
        try writer.writeFacetColumns(to: columns, slots: [authorSlot, yearSlot])
        func counts(_ reader: XapianDatabase) throws -> [[FacetCount]] {
            try reader.search(
                SearchRequest(
                    query: try XapianQuery.term("Kpaper"), offset: 0, limit: 3, facetSlots: [authorSlot, yearSlot],
                    bm25: BM25(k1: 1.2, b: 0.75), facetLimit: limit)
            ).facets
        }
        let fromSlots = try counts(try XapianDatabase(path: path, writable: false))
        let reader = try XapianDatabase(path: path, writable: false)
        #expect(try reader.useFacetColumns(at: columns))
        #expect(try counts(reader) == fromSlots)
        #expect(fromSlots[0].allSatisfy { $0.count > 0 } && !fromSlots[0].isEmpty)
        if limit > 0 { #expect(fromSlots.allSatisfy { $0.count <= limit }) }

        // A commit after the columns were written: they no longer match, the slots answer.
        try writer.replace(idTerm: "Q1", with: try document(authors: ["zed"], terms: ["Q1", "Kpaper"]))
        try writer.commit()
        let fresh = try counts(try XapianDatabase(path: path, writable: false))
        let stale = try XapianDatabase(path: path, writable: false)
        #expect(try stale.useFacetColumns(at: columns))
        #expect(try counts(stale) == fresh)
        if limit == 0 { #expect(fresh[0].contains(FacetCount(value: "zed", count: 1))) }
    }

    /// A missing or damaged column file is not used: facets come from the value slots.
    @Test func aDamagedColumnFileIsNotUsed() throws {
        let columns = folder.root.appendingPathComponent("facets.columns").path
        let writer = try XapianDatabase(path: path, writable: true)
        try writer.replace(idTerm: "Qa", with: try document(authors: ["ada"], terms: ["Qa", "Kpaper"]))
        try writer.commit()
        let reader = try XapianDatabase(path: path, writable: false)
        #expect(try !reader.useFacetColumns(at: columns))
        try Data("QXFACET1 but nothing else".utf8).write(to: URL(fileURLWithPath: columns))
        #expect(try !reader.useFacetColumns(at: columns))
    }

    @Test func aSecondWriterIsLocked() throws {
        let first = try XapianDatabase(path: path, writable: true)
        #expect {
            _ = try XapianDatabase(path: path, writable: true)
        } throws: { error in
            guard case IndexError.locked(let where_, _) = error else { return false }
            return where_ == path
        }
        withExtendedLifetime(first) {}
    }

    @Test func aMissingDatabaseIsMissing() throws {
        #expect(throws: IndexError.missingIndex(path: path)) { _ = try XapianDatabase(path: path, writable: false) }
    }

    @Test func aCorruptDatabaseIsCorrupt() throws {
        let db = try XapianDatabase(path: path, writable: true)
        try db.replace(idTerm: "Qa", with: try document(authors: ["ada"], terms: ["Qa"]))
        try db.commit()
        withExtendedLifetime(db) {}
        let revision = URL(fileURLWithPath: path).appendingPathComponent("iamglass")
        let bytes = try Data(contentsOf: revision)
        try Data(bytes.map { $0 &* 7 &+ 13 }).write(to: revision)
        #expect {
            _ = try XapianDatabase(path: path, writable: false)
        } throws: { error in
            if case IndexError.corrupt = error { return true }
            return false
        }
    }

    @Test(arguments: [246, 300, 1000])
    func aTermOverXapiansLimitIsFittedAndFound(length: Int) throws {
        let long = Schema.author.prefix + String(repeating: "é", count: length / 2)
        #expect(long.utf8.count > Schema.maxTermBytes)
        let db = try XapianDatabase(path: path, writable: true)
        try db.replace(idTerm: "Qlong", with: try document(authors: ["ada"], terms: ["Qlong", long]))
        try db.commit()
        #expect(try db.termExists(long))
        let page = try db.search(
            SearchRequest(
                query: try XapianQuery.term(long), offset: 0, limit: 10, facetSlots: [], bm25: BM25(k1: 1.2, b: 0.75)))
        #expect(page.total == 1)
    }

    @Test func aLongLivedReaderKeepsAnsweringWhileAWriterCommits() throws {
        let writer = try XapianDatabase(path: path, writable: true)
        func rewriteAll(_ data: String) throws {
            for number in 0..<2000 {
                let id = "Q\(number)"
                try writer.replace(
                    idTerm: id,
                    with: try document(authors: ["ada"], terms: [id, "common", "\(data)-\(number)"], data: data))
            }
            try writer.commit()
        }
        try rewriteAll("first")
        let reader = try XapianDatabase(path: path, writable: false)
        let common = try XapianQuery.term("common")
        var written = ["first"]
        for round in 1...3 {
            // Two commits free the blocks of the revision the reader has open: Xapian raises
            // DatabaseModifiedError, which the shim answers by reopening and reading again.
            written += ["round \(round)", "round \(round) again"]
            try rewriteAll(written[written.count - 2])
            try rewriteAll(written[written.count - 1])
            let page = try reader.search(
                SearchRequest(query: common, offset: 0, limit: 3, facetSlots: [], bm25: BM25(k1: 1.2, b: 0.75)))
            #expect(page.total == 2000)
            // One revision, whole: every hit from the same commit.
            let seen = Set(page.hits.map { String(decoding: $0.data, as: UTF8.self) })
            #expect(seen.count == 1 && written.contains(seen.first ?? ""), "\(seen)")
            if round == 1 { #expect(seen == ["round 1 again"], "the first read after the commits was retried") }
        }
    }

    /// A reader remembers term frequencies and spelling suggestions for the revision it reads
    /// (the shim's revision cache, which feedback leans on); once a writer commits and the reader
    /// refreshes, it answers as a reader opened afresh does, never with what it remembered.
    @Test func aRefreshedReaderAnswersAsAFreshOneAfterCommits() throws {
        let writer = try XapianDatabase(path: path, writable: true)
        // 40 documents of four terms hold `common`; the 10 first also `alpha` and `beta`, the
        // others `gamma` and, as `betaEverywhere` says, `alpha` or `beta`.
        func write(betaEverywhere: Bool) throws {
            for number in 1...40 {
                let pair = number <= 10 ? ["alpha", "beta"] : [betaEverywhere ? "beta" : "alpha", "gamma"]
                try writer.replace(
                    idTerm: "Q\(number)", with: try document(authors: [], terms: ["Q\(number)", "common"] + pair))
            }
            try writer.commit()
        }
        let common = try XapianQuery.term("common")
        let filter = ExpansionFilter(excludedPrefixes: ["Q"], minLength: 3)
        func answers(_ reader: XapianDatabase) throws -> [String] {
            let feedback = try reader.feedbackTerms(
                for: common, bm25: BM25(k1: 1.2, b: 0.75), topDocuments: 10, count: 1, filter: filter)
            return [
                "beta \(try reader.termFrequency("beta"))",
                "atention \(try reader.spellingSuggestion(for: "atention", maxEdits: 1) ?? "-")",
                "feedback \(feedback)",
            ]
        }
        try write(betaEverywhere: false)
        try writer.addSpellings(["attention"])
        try writer.commit()
        let reader = try XapianDatabase(path: path, writable: false)
        let first = try answers(reader)
        #expect(first.prefix(2) == ["beta 10", "atention attention"], "\(first)")
        #expect(try answers(reader) == answers(XapianDatabase(path: path, writable: false)))
        // `beta` in every document; `attention` leaves the dictionary.
        try write(betaEverywhere: true)
        try writer.adjustSpellings(["attention"], by: [-1])
        try writer.commit()
        try reader.refresh()
        let second = try answers(reader)
        #expect(second.prefix(2) == ["beta 40", "atention -"], "\(second)")
        #expect(try answers(reader) == answers(XapianDatabase(path: path, writable: false)))
    }

    @Test func metadataIsEmptyUntilSet() throws {
        let db = try XapianDatabase(path: path, writable: true)
        #expect(try db.metadata("quarry:nothing") == "")
        try db.setMetadata("quarry:something", "välue")
        try db.commit()
        #expect(try db.metadata("quarry:something") == "välue")
    }

    /// The shim's own convention, called directly: out-parameters reset, NULL handles and short
    /// term buffers refused with QX_INVALID_ARGUMENT and a message, nothing thrown.
    @Test func theShimRefusesBadArgumentsWithAStatus() throws {
        var message: UnsafeMutablePointer<CChar>? = nil
        var count: UInt32 = 99
        #expect(qx_db_doccount(nil, &count, &message) == QX_INVALID_ARGUMENT)
        #expect(count == 0)
        #expect(message.map { String(cString: $0) }?.contains("NULL") == true)
        qx_string_free(message)

        var doc: OpaquePointer? = nil
        #expect(qx_doc_new(&doc, nil) == QX_OK)
        defer { qx_doc_free(doc) }
        // Two terms in the buffer, three announced.
        let buffer: [CChar] = Array("ab\0cd\0".utf8).map { CChar(bitPattern: $0) }
        let positions: [UInt32] = [1, 2, 3]
        let wdf: [UInt32] = [1, 1, 1]
        let status = buffer.withUnsafeBufferPointer { bytes in
            qx_doc_add_terms(
                doc, qx_terms(bytes: bytes.baseAddress, length: bytes.count, count: 3), positions, wdf, &message)
        }
        #expect(status == QX_INVALID_ARGUMENT)
        #expect(message.map { String(cString: $0) }?.contains("fewer terms") == true)
        qx_string_free(message)

        // A buffer whose last term lacks its NUL byte is short too: nothing past its length is read.
        let unterminated: [CChar] = Array("ab\0cd".utf8).map { CChar(bitPattern: $0) }
        let second = unterminated.withUnsafeBufferPointer { bytes in
            qx_doc_add_terms(
                doc, qx_terms(bytes: bytes.baseAddress, length: bytes.count, count: 2), positions, wdf, nil)
        }
        #expect(second == QX_INVALID_ARGUMENT)
    }
}
