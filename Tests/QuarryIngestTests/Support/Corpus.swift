import Foundation
import QuarryIngest
import QuarryModel
import QuarryTestSupport

/// The sample documents in the package's `Corpus/` folder.
enum Corpus {
    /// The repository's `Corpus/` folder.
    static let folder = TestCorpus.repositoryCorpus.path

    /// The path of the seed whose name starts with `prefix` ("000").
    static func path(_ prefix: String) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let name = names.sorted().first { $0.hasPrefix(prefix + "_") } ?? prefix
        return folder + "/" + name
    }

    /// The seed parsed through the public API, as the indexer would.
    static func parse(_ prefix: String) throws -> ParsedFile {
        let path = path(prefix)
        let crawl = Crawler().walk([path])
        guard let file = crawl.files.first else { throw ParseFailure(path: path, reason: "missing seed") }
        return try FileParser().records(in: file)
    }
}

extension SharedData {
    /// The shared data file parsed through the public API, as the indexer would.
    static func parse(_ relative: String) throws -> ParsedFile {
        try FileParser().records(in: SourceFile(path: path(relative), size: 0, mtimeNanos: 0))
    }
}

extension ParsedFile {
    /// The papers among the records.
    var papers: [Paper] {
        records.compactMap { if case .paper(let paper) = $0 { paper } else { nil } }
    }

    /// The first resume among the records.
    var resume: Resume? {
        records.lazy.compactMap { if case .resume(let resume) = $0 { resume } else { nil } }.first
    }
}

extension Resume {
    /// All the text of the resume's sections: titles, lines and bullets.
    var sectionText: String {
        sections.map { ([$0.title] + $0.lines + $0.bullets).joined(separator: "\n") }.joined(separator: "\n")
    }
}
