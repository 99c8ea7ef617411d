import Foundation
import QuarryIndex
import QuarryIngest
import QuarryModel
import QuarryQuery
import QuarryTestSupport
import Testing

/// A real index of a few text files written for one test.
final class TextIndex: Sendable {
    let corpus: TestCorpus
    let location: IndexLocation

    /// Indexes `files` (name → text) into a fresh temporary index.
    init(_ files: [String: String]) throws {
        corpus = try TestCorpus(copyCorpus: false)
        for (name, text) in files { try corpus.write(name, text) }
        location = IndexLocation(path: corpus.index.path)
        let root = corpus.corpus.standardizedFileURL.resolvingSymlinksInPath().path
        _ = try Indexer(location: location).run(
            files: Crawler(excluding: [location.path]).walk([root]).files, roots: [root], source: FileParser())
    }

    func search(_ query: String, _ adjust: (inout SearchOptions) -> Void = { _ in }) throws -> SearchResult {
        var options = SearchOptions(limit: 50)
        adjust(&options)
        return try Searcher(location: location).search(query, options: options)
    }

    /// The file names of the hits, sorted.
    func files(_ query: String, _ adjust: (inout SearchOptions) -> Void = { _ in }) throws -> [String] {
        try search(query, adjust).hits.flatMap { $0.item.paths.map { URL(fileURLWithPath: $0).lastPathComponent } }
            .sorted()
    }
}

/// Wildcards expand to every word with the prefix (or say that they were cut), also inside NEAR
/// and ADJ; the kind of case 16 (`co*` missed what `coz*` found) and case 23 (internal error).
@Suite struct WildcardTests {
    /// 300 made-up `co…` words in two glossaries, one rare word in a note (as case 16), and a
    /// paragraph for proximity.
    static let shared = Result { () throws -> TextIndex in
        var words: [String] = []
        for first in "bcdfghjklmnprst" {
            for vowel in "aiou" {
                for last in "bcdfg" { words.append("co\(first)\(vowel)\(last)t") }
            }
        }
        let glossary = words.joined(separator: " ")
        return try TextIndex([
            "glossary-a.txt": glossary, "glossary-b.txt": glossary, "note.txt": "A cozzle and a cobra.",
            "attention.txt": "Multi-head attention heads in Python scale well; attending to Python code helps.",
            "other.txt": "Python packaging notes without the word.",
        ])
    }
    var index: TextIndex { get throws { try Self.shared.get() } }

    /// A wider prefix finds everything a narrower one finds; nothing is cut at the default limit.
    @Test(arguments: [("co", "coz"), ("co", "cob"), ("he", "head"), ("cob", "coba"), ("at", "atten"), ("py", "pyth")])
    func widerPrefixFindsEverythingNarrowerFinds(wide: String, narrow: String) throws {
        let wider = try index.files("\(wide)*")
        let narrower = try index.files("\(narrow)*")
        #expect(!narrower.isEmpty)
        #expect(Set(narrower).isSubset(of: Set(wider)), "\(wide)* \(wider) vs \(narrow)* \(narrower)")
        #expect(try index.search("\(wide)*").notices.isEmpty)
    }

    /// A wildcard over the limit is cut to its most frequent words, and says so.
    @Test(arguments: [2, 50, 299])
    func aCutWildcardSaysSo(limit: Int) throws {
        let result = try index.search("co*") { $0.wildcardLimit = limit }
        let notice = try #require(result.notices.first).message
        #expect(notice.hasPrefix("co* matches "))
        #expect(notice.hasSuffix(": the \(limit) most frequent were searched (the limit is \(limit))"), "\(notice)")
        let total = try #require(Int(notice.dropFirst("co* matches ".count).prefix { $0.isNumber }))
        #expect(total > 300)
        #expect(try index.search("co*") { $0.wildcardLimit = total }.notices.isEmpty)
        #expect(try index.files("co*") { $0.wildcardLimit = total }.contains("note.txt"))
    }

    /// Wildcards inside NEAR and ADJ work like the words they expand to, in any field.
    @Test(arguments: [
        ("atten* NEAR/3 python", ["attention.txt"]),
        ("python NEAR/3 atten*", ["attention.txt"]),
        ("atten* ADJ/2 heads", ["attention.txt"]),
        ("atten* NEAR/3 pyth*", ["attention.txt"]),
        ("multi* ADJ/1 head", ["attention.txt"]),
        ("\"multi head\" NEAR/2 atten*", ["attention.txt"]),
        ("python ADJ/1 atten*", []),
        ("zzz* NEAR/3 python", []),
        ("-(atten* NEAR/3 python) python", ["other.txt"]),
        ("(atten* NEAR/3 python)^2 OR cozzle", ["attention.txt", "note.txt"]),
    ])
    func wildcardsInsideProximity(query: String, files: [String]) throws {
        #expect(try index.files(query) == files)
    }
}

/// `--filter FACET:VALUE` finds what the field query `FACET:VALUE` finds, on the seed corpus.
@Suite struct FilterAgreesWithFieldTests {
    var index: IndexedCorpus { get throws { try SearchTests.shared.get() } }

    @Test(arguments: [
        ("venue", "LG"), ("venue", "cs.LG"), ("venue", "CogSci"), ("author", "Gupta"), ("author", "Ahan Gupta"),
        ("skill", "python"), ("kind", "paper"), ("year", "2024"),
    ])
    func filterMatchesLikeTheField(facet: String, value: String) throws {
        let searcher = try Searcher(location: index.location)
        let quoted = value.contains(" ") ? "\"\(value)\"" : value
        let field = try searcher.search("\(facet):\(quoted)", options: SearchOptions(limit: 100))
        var options = SearchOptions(limit: 100)
        options.filters = [FacetFilter(facet: facet, value: value)]
        let everything = try searcher.search("kind:paper OR kind:resume OR kind:document", options: options)
        #expect(everything.total == field.total, "\(facet):\(value)")
        #expect(Set(everything.hits.map(\.item.id)) == Set(field.hits.map(\.item.id)))
    }

    /// Facet counts say how many values there are in all, beyond the limit.
    @Test func facetTotalsCountEveryValue() throws {
        let searcher = try Searcher(location: index.location)
        let all = try searcher.search("kind:paper", options: SearchOptions(facetLimit: 0))
        let cut = try searcher.search("kind:paper", options: SearchOptions(facetLimit: 2))
        let authors = try #require(all.facets.first { $0.name == "author" }?.counts)
        #expect(authors.count > 2)
        #expect(cut.facets.first { $0.name == "author" }?.counts.count == 2)
        #expect(cut.facetTotals["author"] == authors.count && all.facetTotals["author"] == authors.count)
    }
}
