import Foundation
import QuarryIndex
import QuarryModel
import QuarryTestSupport
import Testing

@Suite(.serialized) struct CLITests {
    let corpus: TestCorpus

    init() throws {
        corpus = try TestCorpus()
    }

    func quarry(_ arguments: String..., environment: [String: String] = [:]) throws -> QuarryBinary.Output {
        try QuarryBinary.run(arguments, in: corpus.root, environment: environment)
    }

    @Test func indexThenSearchAsJSON() throws {
        let index = try quarry("index", "Corpus")
        #expect(index.status == 0, "\(index.stderr)")
        #expect(index.stdout.contains("added 4, updated 0, removed 0, unchanged 0, failed 0"))

        let search = try quarry("search", "author:\"Ahan Gupta\"", "--json")
        #expect(search.status == 0)
        let json = try search.json()
        #expect(json["version"] as? Int == 1)
        #expect(json["total"] as? Int == 6)
        let hits = try #require(json["hits"] as? [[String: Any]])
        #expect(hits.count == 6)
        #expect(hits.filter { ($0["title"] as? String)?.hasPrefix("VTC") == true }.count == 1)
        for hit in hits {
            for key in ["id", "kind", "title", "authors", "venue", "year", "path", "score", "snippet"] {
                #expect(hit.keys.contains(key), "hit lacks \(key)")
            }
        }
        let facets = try #require(json["facets"] as? [String: [[String: Any]]])
        #expect(Set(facets.keys) == ["author", "venue", "year", "kind", "category", "skill", "folder"])
    }

    @Test func secondIndexRunReportsEverythingUnchangedAndDeletionRemoves() throws {
        _ = try quarry("index", "Corpus")
        let again = try quarry("index")
        #expect(again.status == 0)
        #expect(again.stdout.contains("added 0, updated 0, removed 0, unchanged 4, failed 0"))
        try FileManager.default.removeItem(at: try corpus.file("004"))
        let removed = try quarry("index", "Corpus")
        #expect(removed.stdout.contains("removed 1, unchanged 3"))
        let json = try quarry("search", "author:\"Ahan Gupta\"", "--json").json()
        let titles = (json["hits"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        #expect(titles.count == 1 && titles.first?.hasPrefix("VTC") == true)
    }

    /// `--output files --null` ends each path with NUL, so a name that holds a newline comes out
    /// whole (one path per line split it in two).
    @Test func filesWithNullKeepANameWithANewlineWhole() throws {
        let path = corpus.corpus.appendingPathComponent("new\nline.txt").path
        try "apricot orchards in bloom".write(toFile: path, atomically: false, encoding: .utf8)
        _ = try quarry("index", "Corpus")
        let output = try quarry("search", "apricot", "--output", "files", "--null")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == path + "\0")
        #expect(try quarry("search", "apricot", "--output", "ids", "--null").stdout.hasSuffix("\0"))
    }

    @Test func textOutputIsPlainInAPipe() throws {
        _ = try quarry("index", "Corpus")
        let search = try quarry("search", "\"mixture of experts\"")
        #expect(search.status == 0)
        #expect(search.stdout.hasPrefix("2 results"))
        #expect(search.stdout.contains("Lynx") && search.stdout.contains("X-MoE"))
        #expect(!search.stdout.contains("\u{1B}["), "no colour codes when stdout is not a terminal")
        #expect(search.stdout.contains("Facets"))
    }

    @Test func malformedQueryPointsAtTheColumnAndExits64() throws {
        _ = try quarry("index", "Corpus")
        let search = try quarry("search", "--strict", "author:\"Ahan")
        #expect(search.status == 64)
        #expect(search.stderr.contains("column 8"))
        #expect(search.stderr.contains("^"))
        #expect(search.stdout.isEmpty)
    }

    @Test func missingIndexSaysHowToCreateOne() throws {
        let search = try quarry("search", "anything")
        #expect(search.status == 66)
        #expect(search.stderr.contains("quarry index"))
    }

    @Test func badFileIsNamedAndTheRunGoesOn() throws {
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: corpus.corpus.appendingPathComponent("binary.txt"))
        let index = try quarry("index", "Corpus")
        #expect(index.status == 1)
        #expect(index.stderr.contains("binary.txt"))
        #expect(index.stdout.contains("added 4") && index.stdout.contains("failed 1"))
    }

    @Test func indexEnvironmentVariableIsHonoured() throws {
        let path = corpus.root.appendingPathComponent("elsewhere").path
        _ = try quarry("index", "Corpus", environment: ["QUARRY_INDEX": path])
        #expect(FileManager.default.fileExists(atPath: path + "/catalog.sqlite"))
        let search = try quarry("search", "lynx", "--json", environment: ["QUARRY_INDEX": path])
        #expect(search.status == 0)
    }

    @Test func anIndexOfAnotherVersionAsksForARebuildAndRebuildMendsIt() throws {
        _ = try quarry("index", "Corpus")
        do {
            let writer = try XapianDatabase(
                path: corpus.root.appendingPathComponent("Index/xapian").path, writable: true)
            try writer.setMetadata(Schema.Metadata.schemaVersion, "0")
            try writer.commit()
        }
        let search = try quarry("search", "lynx")
        #expect(search.status == 65)
        #expect(search.stderr.contains("quarry index --rebuild"), "\(search.stderr)")
        #expect(search.stdout.isEmpty)
        let index = try quarry("index")
        #expect(index.status == 65 && index.stderr.contains("--rebuild"))
        let rebuild = try quarry("index", "--rebuild")
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(rebuild.stdout.contains("added 0, updated 0, removed 0, unchanged 4, failed 0"))
        let again = try quarry("search", "title:lynx", "--json")
        #expect(again.status == 0)
        #expect(try again.json()["total"] as? Int == 1)
    }

    @Test func helpDocumentsTheQueryLanguage() throws {
        let help = try quarry("search", "--help")
        for needle in ["author:", "year:2023..2025", "OR", "NOT", "--facet", "--json", "Examples"] {
            #expect(help.stdout.contains(needle), "help lacks \(needle)")
        }
    }
}
