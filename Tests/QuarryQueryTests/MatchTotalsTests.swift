import CStemmer
import Foundation
import QuarryIndex
import QuarryQuery
import QuarryTestSupport
import Testing

/// The total of a query is the number of documents that hold its words, as a plain BM25 engine
/// counts them (issue 8): Snowball stems, every word typed counted (function words too, at no
/// weight), nothing added by feedback or synonyms. The reference is a plain Xapian database built in
/// the test from the same records with libstemmer's English stems of the title, abstract and author
/// words (authors are words of an item on purpose: `vaswani attention` finds the paper).
@Suite struct MatchTotalsTests {
    /// Words with their inflections, function words, and surnames that are also words.
    static let vocabulary = [
        "model", "models", "modeling", "modelled", "run", "running", "runs", "runner", "network", "networks",
        "networked", "attention", "attend", "attending", "graph", "graphs", "graphical", "learning", "learned",
        "learns", "sparse", "sparsity", "retrieval", "retrieve", "retrieved", "index", "indexes", "indexing",
        "the", "of", "on", "with", "and", "a", "for", "bridge", "bridges", "wedding",
    ]
    static let names = ["Ana Bridge", "Lee Graph", "Mira Okafor", "Tom Wedding", "Ines Park", "Raj Sparse"]

    /// 80 arXiv records, each with its own id (so none merge), drawn with a fixed seed.
    static let records: [(id: String, title: String, abstract: String, authors: [String])] = {
        var random = SplitMix64(seed: 8)
        func words(_ count: Int) -> String {
            (0..<count).map { _ in vocabulary[Int(random.next() % UInt64(vocabulary.count))] }.joined(separator: " ")
        }
        return (0..<80).map { number in
            let authors = (0..<(1 + Int(random.next() % 3))).map { _ in names[Int(random.next() % UInt64(names.count))]
            }
            return (
                String(format: "2501.%05d", number + 1), "Paper \(number) " + words(4),
                words(12) + ". " + words(8) + ".",
                authors
            )
        }
    }()

    static let shared = Result { () throws -> (TextIndex, Reference) in
        let lines = try records.map { record in
            let object: [String: Any] = [
                "id": record.id, "title": record.title, "abstract": record.abstract,
                "authors": record.authors.joined(separator: ", "), "categories": "cs.IR",
                "update_date": "202\(record.id.suffix(1))-01-01",
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let index = try TextIndex(["papers.jsonl": lines.joined(separator: "\n") + "\n"])
        return (index, try Reference(records: records, folder: index.corpus.root.appendingPathComponent("reference")))
    }

    /// A plain Xapian database of the records' stems, written and then queried by the test.
    final class Reference: Sendable {
        let path: String

        init(records: [(id: String, title: String, abstract: String, authors: [String])], folder: URL) throws {
            path = folder.path
            let database = try XapianDatabase(path: path, writable: true, overwrite: true)
            for record in records {
                let document = try XapianDocument()
                let text = [record.title, record.abstract] + record.authors
                for stem in Set(Self.stems(text.joined(separator: " "))) {
                    document.add(term: stem, position: 0, wdf: 1)
                }
                document.add(term: "Q" + record.id, position: 0, wdf: 0)
                try document.flush()
                try database.replace(idTerm: "Q" + record.id, with: document)
            }
            try database.commit()
        }

        /// libstemmer's English stems of the lower-cased runs of letters and digits of `text`.
        static func stems(_ text: String) -> [String] {
            guard let stemmer = sb_stemmer_new("english", "UTF_8") else { return [] }
            defer { sb_stemmer_delete(stemmer) }
            var words: [String] = []
            var word = ""
            for character in text.lowercased() + " " {
                if character.isASCII, character.isLetter || character.isNumber {
                    word.append(character)
                } else if !word.isEmpty {
                    let bytes = Array(word.utf8)
                    let output = sb_stemmer_stem(stemmer, bytes, Int32(bytes.count))!
                    let length = Int(sb_stemmer_length(stemmer))
                    words.append(String(decoding: UnsafeBufferPointer(start: output, count: length), as: UTF8.self))
                    word = ""
                }
            }
            return words
        }

        /// How many documents hold any (`.or`) or all (`.and`) of the words of `query`.
        func count(_ query: String, _ op: XapianQuery.Operator) throws -> Int {
            let terms = try Self.stems(query).map { try XapianQuery.term($0) }
            let request = SearchRequest(
                query: try XapianQuery.combine(op, terms), offset: 0, limit: 0, facetSlots: [],
                bm25: SearchOptions().bm25, exactTotal: true)
            return try XapianDatabase(path: path, writable: false).search(request).total
        }
    }

    static let queries = [
        "model", "models", "modeling", "running runner", "the", "the model", "network of graphs",
        "attention with sparse retrieval", "learned indexes", "bridge", "wedding", "graph", "okafor",
        "park sparse", "a for on", "retrieve the index of the models", "zebra", "zebra graph",
    ]

    /// Any word (`--match any`, the harness's OR) and every word (`--match all`, its AND, with no
    /// relaxing): the total is the reference's count, the feedback and function-word plans
    /// notwithstanding.
    @Test(arguments: queries)
    func totalsAreTheDocumentsHoldingTheWords(query: String) throws {
        let (index, reference) = try Self.shared.get()
        for (match, op) in [(Planner.Match.any, XapianQuery.Operator.or), (.all, .and)] {
            let result = try index.search(query) {
                $0.match = match
                $0.relax = false
                $0.facets = ["author", "year"]
            }
            let expected = try reference.count(query, op)
            #expect(result.total == expected, "\(match) '\(query)': \(result.total) against \(expected)")
            let counted = result.facets.first { $0.name == "year" }?.counts.reduce(0) { $0 + $1.count }
            #expect(counted == expected, "\(match) '\(query)': the year facet counts \(counted ?? -1)")
        }
    }
}

/// Snippets are cut for the hits a reader sees: the first `snippetHits` of the page asked for
/// (any page), not for the hits a script pages past.
@Suite struct SnippetPageTests {
    @Test(arguments: [(0, 10, 4), (10, 10, 4), (0, 30, 30), (40, 5, 100)])
    func snippetsForTheShownHitsOnly(offset: Int, limit: Int, snippetHits: Int) throws {
        let (index, _) = try MatchTotalsTests.shared.get()
        let result = try index.search("model graph network") {
            $0.match = .any
            $0.offset = offset
            $0.limit = limit
            $0.snippetHits = snippetHits
        }
        #expect(result.hits.count == limit)
        for (position, hit) in result.hits.enumerated() {
            #expect(hit.rank == offset + position + 1)
            #expect(hit.snippet.text.isEmpty == (position >= snippetHits), "hit \(hit.rank)")
        }
    }
}
