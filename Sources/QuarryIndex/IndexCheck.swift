import Foundation
import QuarryModel

/// What `quarry check` found: every way the Xapian database differs from what the catalog says
/// it must hold, and what Xapian's and SQLite's own checks report.
public struct CheckReport: Sendable {
    /// One difference.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable {
            /// Keys an interrupted run left pending.
            case pending
            /// A catalog item without its document.
            case missing
            /// A document no catalog record gives.
            case orphan
            /// A document whose terms, values or data differ from a rebuild of its key.
            case differs
            /// The spelling table or the display spellings differ from what the documents give.
            case derived
            /// Xapian's own check, or SQLite's integrity check of the catalog.
            case storage
        }

        public var kind: Kind
        public var detail: String

        public var description: String { "\(kind.rawValue): \(detail)" }
    }

    /// Items the catalog gives (documents expected).
    public var items = 0
    /// Documents checked term by term.
    public var documents = 0
    public var findings: [Finding] = []
    /// What `--repair` did (empty without it).
    public var repaired: [String] = []

    /// True when nothing differs.
    public var isClean: Bool { findings.isEmpty }
}

extension Indexer {
    /// Compares the Xapian database with a rebuild of every catalog key, term by term (with wdf
    /// and position counts), value by value and the stored item; finds documents no record
    /// gives; recounts the spelling table and the display spellings from the documents; runs
    /// Xapian's check and SQLite's integrity check. With `repair`, rebuilds every key that
    /// differs (a missing, differing or orphaned document) and rewrites the derived data.
    public func check(repair: Bool) throws(IndexError) -> CheckReport {
        var report = CheckReport()
        let pending = try catalog.pendingKeys()
        if !pending.isEmpty {
            report.findings.append(
                .init(kind: .pending, detail: "\(pending.count) keys wait for their documents (an interrupted run)"))
        }
        let roots = try catalog.roots()
        var expectedIDs: Set<String> = []
        var keysToRebuild: Set<MergeKey> = Set(pending)
        var words: [String: Int] = [:]
        var spellings: [DocumentBuilder.KeyedValue: [String: Int]] = [:]

        for key in try catalog.keys() {
            for item in Entity.items(key: key, records: try catalog.records(forKey: key), roots: roots) {
                report.items += 1
                expectedIDs.insert(item.id)
                for word in builder.spellingWords(of: item) { words[word, default: 0] += 1 }
                for (value, forms) in DocumentBuilder.displaySpellings(of: item) {
                    for form in forms { spellings[value, default: [:]][form, default: 0] += 1 }
                }
                let stored = try xapian.documents(withTerm: Schema.idTerm(item.id))
                guard let document = stored.first else {
                    report.findings.append(
                        .init(kind: .missing, detail: "item \(item.id) (key \(key)) has no document"))
                    keysToRebuild.insert(key)
                    continue
                }
                report.documents += 1
                let expected = try builder.document(for: item, key: key)
                if stored.count > 1 {
                    report.findings.append(
                        .init(kind: .differs, detail: "item \(item.id) has \(stored.count) documents"))
                    keysToRebuild.insert(key)
                } else if let difference = try Self.difference(expected, document) {
                    report.findings.append(.init(kind: .differs, detail: "item \(item.id) (key \(key)): \(difference)"))
                    keysToRebuild.insert(key)
                }
            }
        }
        var orphans: [String] = []
        for term in try xapian.terms(withPrefix: Schema.idTerm("")) {
            let id = String(term.dropFirst(Schema.idTerm("").count))
            guard !expectedIDs.contains(id) else { continue }
            orphans.append(id)
            report.findings.append(.init(kind: .orphan, detail: "document of item \(id) has no record in the catalog"))
            // Rebuilding the orphan's key deletes every document of the key, this one too.
            let keyPrefix = Schema.keyTerm(MergeKey(rawValue: ""))
            for document in try xapian.documents(withTerm: term) {
                for posting in try document.postings() where posting.term.hasPrefix(keyPrefix) {
                    let key = MergeKey(rawValue: String(posting.term.dropFirst(keyPrefix.count)))
                    if Schema.keyTerm(key) == posting.term { keysToRebuild.insert(key) }
                }
            }
        }
        let derivedDifferences = try derivedDifferences(words: words, spellings: spellings)
        report.findings += derivedDifferences.map { .init(kind: .derived, detail: $0) }
        let xapianCheck = try XapianDatabase.check(path: location.xapianPath)
        if xapianCheck.errors > 0 {
            report.findings.append(
                .init(kind: .storage, detail: "xapian-check found \(xapianCheck.errors) errors: \(xapianCheck.report)"))
        }
        let integrity = try catalog.integrityCheck()
        if integrity != "ok" { report.findings.append(.init(kind: .storage, detail: "catalog: \(integrity)")) }

        guard repair, !report.isClean else { return report }
        if !keysToRebuild.isEmpty {
            try catalog.transaction { () throws(IndexError) in try catalog.markPending(keysToRebuild) }
            var summary = IndexSummary()
            try rebuildPending(&summary)
            report.repaired.append("rebuilt the documents of \(keysToRebuild.count) keys")
        }
        // Orphans without a key term of their own are deleted by their id.
        for id in orphans where try !xapian.documents(withTerm: Schema.idTerm(id)).isEmpty {
            try xapian.delete(idTerm: Schema.idTerm(id))
            report.repaired.append("deleted the orphaned document of \(id)")
        }
        if !derivedDifferences.isEmpty || !orphans.isEmpty {
            try rewriteDerived(words: words, spellings: spellings)
            report.repaired.append("recounted the spelling table and the display spellings")
        }
        try xapian.commit()
        try writeFacetColumns()
        return report
    }

    /// How a stored document differs from the one a rebuild gives, or nil when it does not.
    static func difference(_ expected: XapianDocument, _ stored: XapianDocument) throws(IndexError) -> String? {
        let want = try expected.postings()
        let have = try stored.postings()
        if want != have {
            let wanted = Set(want.map { "\($0.term) wdf \($0.wdf) positions \($0.positions)" })
            let had = Set(have.map { "\($0.term) wdf \($0.wdf) positions \($0.positions)" })
            let missing = wanted.subtracting(had).sorted().prefix(3)
            let extra = had.subtracting(wanted).sorted().prefix(3)
            return "terms differ (expected \(missing.joined(separator: ", ")); found \(extra.joined(separator: ", ")))"
        }
        if try expected.values() != stored.values() { return "values differ" }
        let wanted = try expected.data()
        let had = try stored.data()
        if wanted != had {
            let decoder = JSONDecoder()
            // An item an earlier Quarry stored whole is the same item when its stored form is.
            guard let a = try? decoder.decode(IndexedItem.self, from: wanted),
                let b = try? decoder.decode(IndexedItem.self, from: had),
                a == b || a == b.stored(key: a.catalogKey ?? "")
            else { return "stored item differs" }
        }
        return nil
    }

    /// The differences between the derived data stored and what the documents give.
    private func derivedDifferences(
        words: [String: Int], spellings: [DocumentBuilder.KeyedValue: [String: Int]]
    ) throws(IndexError) -> [String] {
        var differences: [String] = []
        var stored: [String: Int] = [:]
        for entry in try xapian.spellings() { stored[entry.word] = entry.frequency }
        let wrongWords = Set(stored.keys).union(words.keys).filter { stored[$0] != words[$0] }.sorted()
        if !wrongWords.isEmpty {
            let shown = wrongWords.prefix(5).map { "\($0) \(stored[$0] ?? 0) (expected \(words[$0] ?? 0))" }
            differences.append(
                "spelling table: \(wrongWords.count) words counted wrongly: \(shown.joined(separator: ", "))")
        }
        let expectedMetadata = Self.derivedMetadata(spellings)
        var storedMetadata: [String: String] = [:]
        for value in DocumentBuilder.KeyedValue.metadataPrefixes() {
            for key in try xapian.metadataKeys(withPrefix: value) { storedMetadata[key] = try xapian.metadata(key) }
        }
        let wrongKeys = Set(storedMetadata.keys).union(expectedMetadata.keys).filter {
            (storedMetadata[$0] ?? "") != (expectedMetadata[$0] ?? "")
        }.sorted()
        if !wrongKeys.isEmpty {
            let shown = wrongKeys.prefix(5).map {
                "\($0) = '\(storedMetadata[$0] ?? "")' (expected '\(expectedMetadata[$0] ?? "")')"
            }
            differences.append("display spellings: \(wrongKeys.count) entries differ: \(shown.joined(separator: "; "))")
        }
        return differences
    }

    /// The metadata the display spellings of `spellings` need: counts and best spelling per value.
    static func derivedMetadata(_ spellings: [DocumentBuilder.KeyedValue: [String: Int]]) -> [String: String] {
        var metadata: [String: String] = [:]
        for (value, counts) in spellings {
            metadata[value.countsKey] = DerivedData.formatCounts(counts)
            metadata[value.displayKey] = DerivedData.best(counts) ?? ""
        }
        return metadata
    }

    /// Makes the spelling table and the display spellings what the documents give.
    private func rewriteDerived(words: [String: Int], spellings: [DocumentBuilder.KeyedValue: [String: Int]])
        throws(IndexError)
    {
        var stored: [String: Int] = [:]
        for entry in try xapian.spellings() { stored[entry.word] = entry.frequency }
        let changes = Set(stored.keys).union(words.keys).map { ($0, (words[$0] ?? 0) - (stored[$0] ?? 0)) }
            .filter { $0.1 != 0 }.sorted { $0.0 < $1.0 }
        try xapian.adjustSpellings(changes.map(\.0), by: changes.map(\.1))
        let expected = Self.derivedMetadata(spellings)
        for prefix in DocumentBuilder.KeyedValue.metadataPrefixes() {
            for key in try xapian.metadataKeys(withPrefix: prefix) where expected[key] == nil {
                try xapian.setMetadata(key, "")
            }
        }
        for (key, value) in expected { try xapian.setMetadata(key, value) }
    }
}
