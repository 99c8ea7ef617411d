import ArgumentParser
import Foundation
import QuarryEval
import QuarryQuery

/// `quarry eval`: Quarry's relevance on classic test collections, with its own index and query code.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure ranking quality (MAP, nDCG@10) on Cranfield, ADI and MED.",
        discussion: """
            Reads a SMART-format test collection (../shared/data/ir), indexes its documents
            with Quarry's indexer (title .T, authors .A, venue the first 80 characters of
            .B, abstract .W), runs every judged question as written through the path of
            `quarry search --match any` (--queries clean: lower-cased [a-z0-9]+ terms, as
            the bench harness sends them) and scores the hits with
            trec_eval's definitions: MAP, nDCG@10 (graded on Cranfield: gain 5 - grade),
            P@10 and Recall@100. A query with no hits scores 0. See docs/RELEVANCE.md.

              quarry eval                              all three collections, a table
              quarry eval --collection adi --json
              quarry eval --collection med --run med.run     then score it with trec_eval
              quarry eval --index /tmp/eval            keep the indexes in /tmp/eval/<name>
              quarry eval --k1 2 --b 0.9 --stopwords keep    other ranking settings

            A run file holds `qid Q0 docno rank score quarry` in trec_eval's order; with
            several collections, query and document ids are prefixed (`adi/7`). A kept
            index is reused while the collection file is unchanged: delete it after
            changing the indexing code.
            """)

    /// Which collections to evaluate.
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case cranfield, adi, med, all

        var names: [TestCollection.Name] {
            switch self {
            case .cranfield: return [.cranfield]
            case .adi: return [.adi]
            case .med: return [.med]
            case .all: return TestCollection.Name.allCases
            }
        }
    }

    @Option(help: "The test collection to evaluate.")
    var collection: Choice = .all

    @Option(
        help: ArgumentHelp(
            "The folder holding cranfield/, adi/ and med/ (default: ../shared/data/ir from the current folder).",
            valueName: "dir"))
    var data: String?

    @Option(
        name: .customLong("index"),
        help: ArgumentHelp(
            "Keep the indexes in <dir>/<collection>, reused while the collection is unchanged (default: temporary).",
            valueName: "dir"))
    var indexFolder: String?

    @Option(
        name: .customLong("run"),
        help: ArgumentHelp("Write a TREC run file (qid Q0 docno rank score quarry).", valueName: "file"))
    var runFile: String?

    @Option(help: "Hits kept per query.")
    var depth = 1000

    @Flag(help: "Print the measures as JSON.")
    var json = false

    /// The searcher's defaults, which every option below starts from.
    private static let defaults = SearchOptions()

    @Option(help: "BM25 k1, term-frequency saturation (the searcher's by default).")
    var k1: Double = defaults.bm25.k1

    @Option(help: "BM25 b, document-length normalisation from 0 to 1 (the searcher's by default).")
    var b: Double = defaults.bm25.b

    /// Whether `--match any` queries drop English function words.
    enum Stopwords: String, ExpressibleByArgument, CaseIterable {
        case drop, keep
    }

    @Option(help: "Drop or keep English function words in queries (the searcher's choice by default).")
    var stopwords: Stopwords = defaults.ranking.dropStopwords ? .drop : .keep

    @Option(help: "Weight of the bonus for neighbouring query words found near each other (0: none).")
    var proximity: Double = defaults.ranking.proximityWeight

    @Option(help: "Positions that count as near for --proximity.")
    var window: Int = defaults.ranking.proximityWindow

    @Option(help: "Pseudo-relevance feedback: expand each query from its N best hits (0: off).")
    var feedback: Int = defaults.feedback.documents

    @Option(name: .customLong("feedback-terms"), help: "Expansion terms added by --feedback.")
    var feedbackTerms: Int = defaults.feedback.terms

    @Option(name: .customLong("feedback-weight"), help: "Weight of the expansion terms against the query's.")
    var feedbackWeight: Double = defaults.feedback.weight

    @Option(
        name: .customLong("feedback-depth"),
        help: "How many of the best hits the expansion terms rank again (0: every hit).")
    var feedbackDepth: Int = defaults.feedback.depth

    /// Which synonyms the evaluation index gets.
    enum SynonymsChoice: String, ExpressibleByArgument, CaseIterable {
        case `default`, none
    }

    @Option(help: "The synonyms file `quarry index` writes (ir = information retrieval, ...), or none.")
    var synonyms: SynonymsChoice = .default

    @Option(
        help: ArgumentHelp(
            "raw: each question as written, through the path of `quarry search --match any`; clean: lower-cased [a-z0-9]+ terms, as the bench harness sends them.",
            valueName: "raw|clean"))
    var queries: Evaluator.QueryText = .raw

    func validate() throws {
        guard depth > 0 else { throw ValidationError("--depth must be 1 or more") }
        guard k1 >= 0 else { throw ValidationError("--k1 must be 0 or more") }
        guard (0...1).contains(b) else { throw ValidationError("--b must be between 0 and 1") }
        guard proximity >= 0 else { throw ValidationError("--proximity must be 0 or more") }
        guard window >= 2 else { throw ValidationError("--window must be 2 or more") }
    }

    /// The evaluator these options describe.
    var evaluator: Evaluator {
        var bm25 = Self.defaults.bm25
        bm25.k1 = k1
        bm25.b = b
        let ranking = Planner.Ranking(
            dropStopwords: stopwords == .drop, proximityWeight: proximity, proximityWindow: window)
        let expansion = Feedback(
            documents: max(0, feedback), terms: max(1, feedbackTerms), weight: feedbackWeight,
            depth: max(0, feedbackDepth))
        return Evaluator(
            depth: depth, bm25: bm25, ranking: ranking, feedback: expansion,
            synonyms: synonyms == .none ? nil : Synonyms.defaultFile + "\n", queryText: queries)
    }

    func run() throws {
        let root = try dataFolder()
        let evaluator = self.evaluator
        let names = collection.names
        var reports: [CollectionReport] = []
        let chatty = !json && isatty(STDERR_FILENO) != 0
        for name in names {
            if chatty { FileHandle.standardError.write(Data("evaluating \(name.rawValue)…\r".utf8)) }
            do throws(EvalError) {
                let loaded = try TestCollection.load(name, from: root)
                let kept = indexFolder.map { URL(fileURLWithPath: $0).appendingPathComponent(name.rawValue).path }
                reports.append(try evaluator.evaluate(loaded, indexPath: kept))
            } catch {
                if chatty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
                printError(error.localizedDescription)
                if case .missingFile = error { throw ExitStatus.noInput }
                throw ExitStatus.someFailed
            }
        }
        if chatty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let runFile { try write(reports, to: runFile, prefixed: names.count > 1) }
        print(json ? Self.json(reports, evaluator: evaluator) : Self.table(reports, evaluator: evaluator))
    }

    /// `--data`, else ../shared/data/ir from the current folder; an error says what to pass.
    private func dataFolder() throws -> String {
        let given = data != nil
        let path = URL(fileURLWithPath: data ?? "../shared/data/ir").standardizedFileURL.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            if given {
                printError("--data \(path): no such folder (it should hold cranfield/, adi/ and med/)")
            } else {
                printError(
                    "no test collections at \(path) (../shared/data/ir from the current folder): "
                        + "pass --data DIR, the folder holding cranfield/, adi/ and med/")
            }
            throw ExitStatus.noInput
        }
        return path
    }

    private func write(_ reports: [CollectionReport], to path: String, prefixed: Bool) throws {
        var lines: [String] = []
        for report in reports {
            lines += RunFile.lines(
                report.run, order: report.queryOrder, prefix: prefixed ? report.collection.rawValue + "/" : "")
        }
        do {
            try (lines.map { $0 + "\n" }.joined()).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            printError(EvalError.runFile(path: path, detail: error.localizedDescription).localizedDescription)
            throw ExitStatus.someFailed
        }
    }

    /// The default output: one row per collection.
    static func table(_ reports: [CollectionReport], evaluator: Evaluator) -> String {
        let header = [
            "collection", "docs", "queries", "judged", "MAP", "nDCG@10", "P@10", "R@100", "index s", "ms/query",
        ]
        var rows = [header]
        for report in reports {
            rows.append([
                report.collection.rawValue, String(report.documents), String(report.queries),
                String(report.judgedPairs),
                format(report.mean.averagePrecision), format(report.mean.ndcg10), format(report.mean.precision10),
                format(report.mean.recall100), String(format: "%.2f", report.indexSeconds),
                String(format: "%.2f", report.msPerQuery),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var out = rows.map { row in
            row.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        let ranking = evaluator.ranking
        out.append(
            (evaluator.queryText == .raw ? "questions as written" : "clean terms")
                + ", match any, top \(evaluator.depth) hits, BM25 k1 \(evaluator.bm25.k1) b \(evaluator.bm25.b), stopwords "
                + (ranking.dropStopwords ? "dropped" : "kept")
                + (ranking.proximityWeight > 0
                    ? ", proximity \(ranking.proximityWeight) within \(ranking.proximityWindow)" : ", no proximity")
                + (evaluator.feedback.documents > 0
                    ? ", feedback: \(evaluator.feedback.terms) terms of \(evaluator.feedback.documents) hits at \(evaluator.feedback.weight)"
                        + (evaluator.feedback.depth > 0
                            ? " re-ranking the top \(evaluator.feedback.depth)" : " re-ranking every hit")
                    : ", no feedback")
                + (evaluator.synonyms == nil ? ", no synonyms" : ", default synonyms")
                + "; trec_eval measures, a query with no hits scores 0")
        return out.joined(separator: "\n")
    }

    /// The `--json` document (version 1).
    static func json(_ reports: [CollectionReport], evaluator: Evaluator) -> String {
        struct Settings: Encodable {
            var match = "any"
            var depth: Int
            var k1: Double
            var b: Double
            var minNormalizedLength: Double
            var dropStopwords: Bool
            var proximityWeight: Double
            var proximityWindow: Int
            var synonyms: String
            var queryText: String
            enum CodingKeys: String, CodingKey {
                case match, depth, k1, b
                case minNormalizedLength = "min_normlen"
                case dropStopwords = "drop_stopwords"
                case proximityWeight = "proximity_weight"
                case proximityWindow = "proximity_window"
                case synonyms
                case queryText = "query_text"
            }
        }
        struct Document: Encodable {
            var version = 1
            var settings: Settings
            var collections: [CollectionReport]
        }
        let settings = Settings(
            depth: evaluator.depth, k1: evaluator.bm25.k1, b: evaluator.bm25.b,
            minNormalizedLength: evaluator.bm25.minNormalizedLength, dropStopwords: evaluator.ranking.dropStopwords,
            proximityWeight: evaluator.ranking.proximityWeight, proximityWindow: evaluator.ranking.proximityWindow,
            synonyms: evaluator.synonyms == nil ? "none" : "default",
            queryText: evaluator.queryText == .raw
                ? "as written" : "lower-cased [a-z0-9]+ runs joined by spaces")
        let document = Document(settings: settings, collections: reports)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(document) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}

extension Evaluator.QueryText: ExpressibleByArgument {}
