import Foundation
import QuarryTestSupport
import Testing

/// PDFs are read in `quarry-pdf` processes beside `quarry` (poppler never runs inside it): on
/// every processor the index is the one a single reader gives, and a reader that crashes fails
/// only the file it was reading, naming it, while the run goes on with a new reader.
@Suite struct PdfReaderTests {
    /// A folder of PDF resumes and papers (each with words of its own), a damaged PDF, and text notes.
    static func fill(_ folder: URL) throws {
        let skills = ["Python", "Swift", "Kubernetes", "Xapian", "Rust", "SQL", "Go", "Haskell"]
        let surnames = [
            "Abe", "Berg", "Cruz", "Dahl", "Eze", "Fox", "Gil", "Hoy", "Ito", "Jha", "Kim", "Lund", "Moe", "Nash",
            "Ode",
            "Park",
        ]
        let topics = ["Sparse Retrieval", "Facet Counting", "Query Expansion", "Index Compression"]
        let settings = ["Scientific Archives", "Hiring Committees", "Mobile Devices", "Legal Discovery"]
        for number in 0..<16 {
            let skill = skills[number % skills.count]
            let resume = MinimalPDF(pages: [
                [
                    .init(text: "Person Number\(number)", size: 18), .init(text: "person\(number)@example.com"),
                    .init(text: "Experience", size: 14),
                    .init(text: "Engineer at Company\(number), 2019 - 2024"),
                    .init(text: "Built search for reviewer\(number) with \(skill)"), .init(text: "Skills", size: 14),
                    .init(text: "\(skill), Linux, Testing"), .init(text: "Education", size: 14),
                    .init(text: "BSc Computer Science, University \(number), 2018"),
                ]
            ])
            _ = try resume.write(to: folder, name: "resume-\(number).pdf")
            let title = "\(topics[number % 4]) for \(settings[number / 4])"
            let paper = MinimalPDF(
                pages: [
                    [
                        .init(text: title, size: 20),
                        .init(text: "Mia \(surnames[number]), Olu \(surnames[15 - number])"),
                        .init(text: "Abstract", size: 12),
                        .init(text: "We study postings\(number) and facet counting for ranked search."),
                        .init(text: "1 Introduction", size: 12), .init(text: "Inverted indexes [1] and BM25 [2]."),
                    ],
                    [.init(text: "References", size: 12), .init(text: "[1] Zobel. Inverted files. 2006.")],
                ], info: ["Title": title, "Author": "Mia \(surnames[number])"])
            _ = try paper.write(to: folder, name: "paper-\(number).pdf")
            try "Notes \(number)\n\nmeeting about facets\(number)\n".write(
                to: folder.appendingPathComponent("notes-\(number).txt"), atomically: true, encoding: .utf8)
        }
        try Data("%PDF-1.4\nnot really a pdf at all".utf8).write(to: folder.appendingPathComponent("unreadable.pdf"))
    }

    /// `quarry dump` of an index of `folder` built with `jobs` threads and pdf readers.
    static func dump(_ folder: URL, jobs: Int, in directory: URL, environment: [String: String] = [:]) throws
        -> (QuarryBinary.Output, [String])
    {
        let index = directory.appendingPathComponent("index-\(jobs)").path
        let run = try QuarryBinary.run(
            ["index", folder.path, "--index", index, "--jobs", String(jobs), "--quiet"], in: directory,
            environment: environment)
        let dump = try QuarryBinary.run(["dump", "--index", index], in: directory)
        #expect(dump.status == 0, "\(dump.stderr)")
        return (run, dump.stdout.split(separator: "\n").map(String.init))
    }

    @Test(arguments: [2, 4])
    func pdfsReadOnEveryProcessorGiveTheOneReaderIndex(jobs: Int) throws {
        let directory = try TestCorpus(copyCorpus: false)
        let folder = directory.root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.fill(folder)
        let (one, sequential) = try Self.dump(folder, jobs: 1, in: directory.root)
        let (many, parallel) = try Self.dump(folder, jobs: jobs, in: directory.root)
        for run in [one, many] {
            #expect(run.status == 1, "the damaged pdf fails: \(run.stderr)")
            #expect(run.stderr.contains("docs/unreadable.pdf: not a readable pdf"), "\(run.stderr)")
            #expect(run.stdout.contains("added 48, updated 0, removed 0, unchanged 0, failed 1"), "\(run.stderr)")
        }
        #expect(sequential.filter { $0.hasPrefix("item ") }.count == 48)
        #expect(sequential.contains { $0.contains("postings7") })
        #expect(sequential.contains { $0.contains("reviewer15") })
        #expect(sequential == parallel)
    }

    @Test func aCrashingReaderFailsItsFileAndTheRunGoesOn() throws {
        let directory = try TestCorpus(copyCorpus: false)
        let folder = directory.root.appendingPathComponent("docs")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.fill(folder)
        // The first reader started dies of a segmentation fault as it gets its first pdf (the
        // crawl's first, paper-0.pdf, with one thread); every later one is the real reader.
        let real = try QuarryBinary.executable().deletingLastPathComponent().appendingPathComponent("quarry-pdf")
        let marker = directory.root.appendingPathComponent("crashed").path
        let reader = directory.root.appendingPathComponent("crashing-reader")
        try """
        #!/bin/sh
        if mkdir '\(marker)' 2>/dev/null; then head -c 1 >/dev/null; kill -SEGV $$; fi
        exec '\(real.path)'
        """.write(to: reader, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: reader.path)

        let (run, items) = try Self.dump(
            folder, jobs: 1, in: directory.root, environment: ["QUARRY_PDF_READER": reader.path])
        #expect(run.status == 1)
        #expect(
            run.stderr.contains(
                "docs/paper-0.pdf: the pdf reader crashed on this file (killed by signal 11, segmentation fault)"),
            "\(run.stderr)")
        #expect(run.stdout.contains("added 47, updated 0, removed 0, unchanged 0, failed 2"), "\(run.stderr)")
        #expect(items.filter { $0.hasPrefix("item ") }.count == 47)
        #expect(items.contains { $0.contains("postings1") })
        #expect(!items.contains { $0.contains("postings0") })

        // Not started at all: every pdf fails naming the reader, the other files are indexed.
        let missing = try QuarryBinary.run(
            ["index", folder.path, "--index", directory.root.appendingPathComponent("none").path, "--quiet"],
            in: directory.root, environment: ["QUARRY_PDF_READER": "/nonexistent/quarry-pdf"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains("docs/resume-3.pdf: cannot start the pdf reader /nonexistent/quarry-pdf: "),
            "\(missing.stderr)")
        #expect(missing.stdout.contains("added 16, updated 0, removed 0, unchanged 0, failed 33"), "\(missing.stderr)")
    }
}
