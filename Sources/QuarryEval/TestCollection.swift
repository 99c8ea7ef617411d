import Foundation
import QuarryModel

/// Relevance judgments: query id → document number → gain (0 means judged not relevant).
public typealias Judgments = [String: [String: Int]]

/// One query of a test collection, under the id its judgments use.
public struct EvalQuery: Sendable, Equatable {
    /// The id in the judgments file (Cranfield: the query's position in `cran.qry`).
    public var id: String
    /// The question as written, whitespace collapsed.
    public var text: String

    /// Creates a query.
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// A classic relevance test collection: documents, queries and judgments, read as the
/// bench harness reads them (`bench/benchlib/smart.py` and `corpus.py`).
public struct TestCollection: Sendable {
    /// The collections Quarry knows how to read.
    public enum Name: String, CaseIterable, Sendable, Codable {
        case cranfield, adi, med

        /// The documents file in the collection's folder.
        public var documentsFile: String {
            switch self {
            case .cranfield: return "cran.all.1400"
            case .adi: return "ADI.ALL"
            case .med: return "MED.ALL"
            }
        }

        /// The queries file in the collection's folder.
        public var queriesFile: String {
            switch self {
            case .cranfield: return "cran.qry"
            case .adi: return "ADI.QRY"
            case .med: return "MED.QRY"
            }
        }

        /// The judgments file in the collection's folder.
        public var judgmentsFile: String {
            switch self {
            case .cranfield: return "cranqrel"
            case .adi: return "ADI.REL"
            case .med: return "MED.REL"
            }
        }

        /// How judgments turn into gains, for reports.
        public var gains: String {
            self == .cranfield ? "graded: gain 5 - cranqrel grade (1..4), -1 lines dropped" : "binary"
        }
    }

    /// Which collection this is.
    public var name: Name
    /// The documents file, for the record source and for messages.
    public var documentsPath: String
    /// The documents, in file order (a repeated `.I` keeps its first place and its last text).
    public var documents: [SmartRecord]
    /// `Fingerprint.hex` of the documents file's text, for the indexer's change check.
    public var documentsHash: String
    /// The queries that have text and at least one judgment, in file order.
    public var queries: [EvalQuery]
    /// Judgments of exactly those queries.
    public var judgments: Judgments

    /// Parses a collection from the text of its three files; `paths` name them in errors.
    public init(
        name: Name, documents: String, queries: String, judgments: String,
        paths: (documents: String, queries: String, judgments: String)
    ) throws(EvalError) {
        self.name = name
        documentsPath = paths.documents
        documentsHash = Fingerprint.hex(of: documents)
        self.documents = Self.unique(SmartFormat.records(in: documents))
        guard !self.documents.isEmpty else { throw .noDocuments(path: paths.documents) }
        let allQueries = try Self.parseQueries(queries, name: name, path: paths.queries)
        let allJudgments = try Self.parseJudgments(judgments, name: name, path: paths.judgments)
        self.queries = allQueries.filter { allJudgments[$0.id] != nil && !$0.text.isEmpty }
        self.judgments = Dictionary(uniqueKeysWithValues: self.queries.map { ($0.id, allJudgments[$0.id]!) })
    }

    /// Reads the collection `name` from `root/<name>/` (latin-1, as the harness does).
    public static func load(_ name: Name, from root: String) throws(EvalError) -> TestCollection {
        let folder = URL(fileURLWithPath: root).appendingPathComponent(name.rawValue).standardizedFileURL.path
        let paths = (
            documents: folder + "/" + name.documentsFile, queries: folder + "/" + name.queriesFile,
            judgments: folder + "/" + name.judgmentsFile
        )
        return try TestCollection(
            name: name, documents: try read(paths.documents), queries: try read(paths.queries),
            judgments: try read(paths.judgments), paths: paths)
    }

    /// The number of judged (query, document) pairs.
    public var judgedPairs: Int { judgments.values.reduce(0) { $0 + $1.count } }

    /// The papers to index, one per document.
    public var papers: [Paper] { documents.map { Self.paper(for: $0, in: name) } }

    /// A document as the harness's record: title `.T`, authors `.A` split, venue the first
    /// 80 characters of `.B`, abstract `.W`, and the document number `<collection>/<.I>`.
    public static func paper(for record: SmartRecord, in name: Name) -> Paper {
        let venue = SmartFormat.prefix(record["B"], 80)
        return Paper(
            title: record["T"], authors: SmartFormat.authors(record["A"]),
            venue: venue.isEmpty ? nil : Venue(name: venue), abstract: record["W"],
            documentNumber: documentNumber(record.id, in: name))
    }

    /// The document number Quarry stores for document `id` of collection `name`.
    public static func documentNumber(_ id: String, in name: Name) -> String { name.rawValue + "/" + id }

    /// The collection's document id of a stored document number, or nil when it is another collection's.
    public static func documentID(_ documentNumber: String, in name: Name) -> String? {
        let prefix = name.rawValue + "/"
        return documentNumber.hasPrefix(prefix) ? String(documentNumber.dropFirst(prefix.count)) : nil
    }

    /// Queries in file order. Cranfield's judgments number queries by position (1..225)
    /// while its `.I` ids run 001..365 with gaps, so Cranfield ids are positions; ADI and
    /// MED ids are the `.I` numbers without leading zeros. The text is `.W` (ADI, MED: else `.T`).
    static func parseQueries(_ text: String, name: Name, path: String) throws(EvalError) -> [EvalQuery] {
        var order: [String] = []
        var texts: [String: String] = [:]
        for (position, record) in SmartFormat.records(in: text).enumerated() {
            let id: String
            if name == .cranfield {
                id = String(position + 1)
            } else {
                guard let number = Int(record.id) else {
                    throw .malformedLine(
                        path: path, line: record.line, detail: "query id '\(record.id)' is not a number")
                }
                id = String(number)
            }
            if texts[id] == nil { order.append(id) }
            // The harness takes Cranfield's `.W` alone, and `.W` or else `.T` elsewhere.
            texts[id] = record["W"].isEmpty && name != .cranfield ? record["T"] : record["W"]
        }
        return order.map { EvalQuery(id: $0, text: texts[$0]!) }
    }

    /// Judgments, one per line. Cranfield: `qid docid grade`, grade 1 (best) .. 4 gives gain
    /// 5 − grade; the one `-1` line per query is not a grade and is dropped, as are other
    /// grades. ADI: `qid docid 0 0.000000`; MED: `qid 0 docid 1`; both binary, ids without
    /// leading zeros. Lines with fewer than three fields are skipped; a later line for the
    /// same pair wins.
    static func parseJudgments(_ text: String, name: Name, path: String) throws(EvalError) -> Judgments {
        var judgments: Judgments = [:]
        for (index, line) in SmartFormat.lines(of: text).enumerated() {
            let parts = line.split(whereSeparator: SmartFormat.isSpace).map(String.init)
            guard parts.count >= 3 else { continue }
            func number(_ text: String, _ what: String) throws(EvalError) -> Int {
                guard let value = Int(text) else {
                    throw .malformedLine(path: path, line: index + 1, detail: "\(what) '\(text)' is not a number")
                }
                return value
            }
            switch name {
            case .cranfield:
                guard parts[2] != "-1" else { continue }
                let grade = try number(parts[2], "grade")
                guard (1...4).contains(grade) else { continue }
                judgments[parts[0], default: [:]][parts[1]] = 5 - grade
            case .adi, .med:
                let query = try number(parts[0], "query id")
                let document = try number(name == .med ? parts[2] : parts[1], "document id")
                judgments[String(query), default: [:]][String(document)] = 1
            }
        }
        return judgments
    }

    /// Documents with distinct ids: a repeated id keeps its first place and its last text.
    private static func unique(_ records: [SmartRecord]) -> [SmartRecord] {
        var position: [String: Int] = [:]
        var result: [SmartRecord] = []
        for record in records {
            if let at = position[record.id] {
                result[at].fields = record.fields
            } else {
                position[record.id] = result.count
                result.append(record)
            }
        }
        return result
    }

    private static func read(_ path: String) throws(EvalError) -> String {
        guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, detail: "permission denied or not a file")
        }
        guard let text = String(data: data, encoding: .isoLatin1) else {
            throw .unreadable(path: path, detail: "not latin-1 text")
        }
        return text
    }
}
