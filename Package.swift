// swift-tools-version: 6.1
// Quarry: full-text search for research papers and resumes, on Xapian, libstemmer and SQLite.
// The pipeline reads top to bottom: crawl + parse (Ingest) → analyze → index → query → the `quarry` command.
import PackageDescription

let package = Package(
    name: "Quarry",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "quarry", targets: ["quarry"]),
        // The PDF reader process `quarry` starts beside itself: the only program that links poppler.
        .executable(name: "quarry-pdf", targets: ["quarry-pdf"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // HTTP server for `quarry serve`; its default traits pull in swift-configuration, which Quarry does not use.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // The config file ($XDG_CONFIG_HOME/quarry/config.toml).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // The only code that includes <xapian.h>: an extern "C" API that catches every C++ exception.
        .target(
            name: "CXapian",
            linkerSettings: [.linkedLibrary("xapian")]),
        // System library: Snowball's libstemmer.
        .systemLibrary(name: "CStemmer", path: "Sources/CStemmer"),
        // Text of PDFs through poppler-cpp, and poppler's core (its private headers) to draw a page
        // into two text devices at once; exceptions and poppler's stderr chatter contained.
        .target(
            name: "CPdf", cxxSettings: [.unsafeFlags(["-I/usr/include/poppler"])],
            linkerSettings: [.linkedLibrary("poppler-cpp"), .linkedLibrary("poppler")]),
        // The PDF reader process (C++): CPdf over a pipe, so a PDF that crashes or hangs poppler stops one reader.
        .executableTarget(name: "quarry-pdf", dependencies: ["CPdf"]),
        // System library: zlib, to stream .gz files and to pack the catalog's records.
        .systemLibrary(name: "CZlibSys", path: "Sources/CZlibSys"),
        // System library: libbtparse, the BibTeX parser (macros, name splitting); its messages are captured.
        .systemLibrary(name: "CBibTeX", path: "Sources/CBibTeX"),
        // System library: SQLite 3, for the catalog.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // Value types (papers, resumes, records) and the one schema table.
        .target(name: "QuarryModel"),
        // Tokenizer, folding and stemming: one analyzer for index and query time.
        .target(name: "QuarryAnalysis", dependencies: ["QuarryModel", "CStemmer"]),
        // Crawl folders and parse files into records.
        .target(
            name: "QuarryIngest",
            dependencies: [
                "QuarryModel", "CZlibSys", "CBibTeX", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CSV", package: "CSV.swift"),
            ]),
        // Xapian store, SQLite catalog and the incremental indexer.
        .target(name: "QuarryIndex", dependencies: ["QuarryModel", "QuarryAnalysis", "CXapian", "CSQLite", "CZlibSys"]),
        // Query grammar, planner and searcher: ranked hits, facets, snippets.
        .target(name: "QuarryQuery", dependencies: ["QuarryModel", "QuarryAnalysis", "QuarryIndex"]),
        // Relevance evaluation: SMART test collections, trec_eval measures, TREC run files.
        .target(name: "QuarryEval", dependencies: ["QuarryModel", "QuarryIndex", "QuarryQuery"]),
        // The web page and its JSON API over HTTP (`quarry serve`): routes, HTML, the file route.
        .target(
            name: "QuarryServer",
            dependencies: [
                "QuarryModel", "QuarryIndex", "QuarryQuery", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]),
        // The command line: argument parsing, wiring, rendering, exit codes, the config file.
        .executableTarget(
            name: "quarry",
            dependencies: [
                "QuarryModel", "QuarryIngest", "QuarryIndex", "QuarryQuery", "QuarryEval", "QuarryServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // Shared by the test targets: a temporary copy of Corpus/.
        .target(name: "QuarryTestSupport", path: "Tests/QuarryTestSupport"),
        .testTarget(name: "QuarryModelTests", dependencies: ["QuarryModel", "QuarryTestSupport"]),
        .testTarget(name: "QuarryAnalysisTests", dependencies: ["QuarryAnalysis", "QuarryTestSupport"]),
        .testTarget(name: "QuarryIngestTests", dependencies: ["QuarryIngest", "QuarryTestSupport"]),
        .testTarget(name: "QuarryIndexTests", dependencies: ["QuarryIndex", "QuarryIngest", "QuarryTestSupport"]),
        .testTarget(name: "QuarryQueryTests", dependencies: ["QuarryQuery", "QuarryIndex", "QuarryIngest", "QuarryTestSupport"]),
        .testTarget(name: "QuarryEvalTests", dependencies: ["QuarryEval", "QuarryTestSupport"]),
        .testTarget(name: "QuarryCLITests", dependencies: ["quarry", "QuarryIndex", "QuarryModel", "QuarryTestSupport"]),
        .testTarget(name: "QuarryServerTests", dependencies: ["quarry", "QuarryServer", "QuarryModel", "QuarryTestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)
