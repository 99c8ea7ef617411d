import Foundation
import QuarryModel
import Testing

@testable import QuarryIndex

/// A paper's merge key depends only on the listings present (`Entity`, `Catalog.settle`): after
/// every order of adding, changing and removing listings the index equals a clean build of the
/// same files, on real SQLite and Xapian stores.
@Suite struct KeySettlingTests {
    /// Three listings of one author: `A` and `C` are each contained in `B` and share no word, so
    /// they are linked only through `B`. Own keys: C < A < B.
    static let titles = [
        "A": "Tidal Salinity Gradients",
        "B": "Tidal Salinity Gradients in Estuary Sediment Cores",
        "C": "Estuary Sediment Cores",
    ]

    /// Steps (`+B` adds B's file, `-B` removes it, `~B` gives it a title that links nothing) and the
    /// number of paper keys after each.
    @Test(arguments: [
        // The listing that took a greater key goes, and the one left keeps no trace of it.
        (["+B", "+A", "-B"], [1, 1, 1]),
        (["+A", "+B", "-A"], [1, 1, 1]),
        // A bridge: A and C are one key only while B is there.
        (["+A", "+C", "+B", "-B"], [1, 2, 1, 2]),
        (["+B", "+C", "+A", "-B", "+B"], [1, 1, 1, 2, 1]),
        (["+C", "+B", "+A", "~B", "-C"], [1, 1, 1, 3, 2]),
        (["+A", "+C", "+B", "~B", "~B"], [1, 2, 1, 3, 3]),
    ])
    func everyStepEqualsACleanBuild(steps: [String], keys: [Int]) throws {
        let space = try Workspace()
        var edits = 0
        for (step, expected) in zip(steps, keys) {
            let name = String(step.dropFirst())
            switch step.first {
            case "+": try space.paper("\(name).bib", title: Self.titles[name]!, authors: "Mei Lin")
            case "-": try FileManager.default.removeItem(atPath: space.docs + "/\(name).bib")
            default:
                edits += 1
                try space.paper("\(name).bib", title: "Heron Flight Notes Volume \(edits)", authors: "Mei Lin")
                space.setModified(space.docs + "/\(name).bib", nanos: 1_800_000_000_000_000_000 + Int64(edits))
            }
            try space.index()
            #expect(try space.differencesFromCleanBuild().isEmpty, "after \(step) of \(steps)")
            #expect(try Self.paperKeys(space) == expected, "after \(step) of \(steps)")
        }
    }

    /// A signature that more than `Catalog.signatureLimit` listings share links none of them: the
    /// listing that crowds it past the limit parts two listings linked only through it, and its
    /// removal joins them again.
    @Test func aSignatureCrowdedPastTheLimitPartsItsListingsAndJoinsThemAgain() throws {
        let space = try Workspace()
        // A and B share only "tidal salin" and "tidal salin gradi"; the fillers have both, and
        // surnames of three letters, which match no other name (no typo is allowed in so short a
        // name), so they are linked to nothing.
        try space.paper("A.bib", title: "Tidal Salinity Gradients", authors: "Mei Lin")
        try space.paper("B.bib", title: "Tidal Salinity Gradients Revisited", authors: "Mei Lin")
        let fillers = Catalog.signatureLimit - 2
        for filler in 0..<fillers {
            try space.paper(
                "filler\(filler).bib", title: "Tidal Salinity Gradients \(Self.word(filler))",
                authors: "Ann \(Self.word(filler).dropFirst().prefix(3))")
        }
        try space.index()
        #expect(try Self.paperKeys(space) == fillers + 1)
        try space.paper("crowd.bib", title: "Tidal Salinity Gradients Crowded", authors: "Ingrid Solberg")
        try space.index()
        #expect(try Self.paperKeys(space) == fillers + 3)
        #expect(try space.differencesFromCleanBuild().isEmpty)
        try FileManager.default.removeItem(atPath: space.docs + "/crowd.bib")
        try space.index()
        #expect(try Self.paperKeys(space) == fillers + 1)
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    /// A catalog of version 3 kept the key a paper took from the listings stored before it; its
    /// writer settles every key once, and the index then equals a clean build.
    @Test func aVersionThreeCatalogIsSettledWhenItsWriterOpensIt() throws {
        let space = try Workspace()
        try space.paper("A.bib", title: Self.titles["A"]!, authors: "Mei Lin")
        try space.paper("C.bib", title: Self.titles["C"]!, authors: "Mei Lin")
        try space.index()
        // What version 3 could leave: A under the key of B, a listing that has gone.
        let db = try SQLiteDatabase(path: space.location.catalogPath)
        let gone = MergeKey.paper(titleKey: Normalize.titleKey(Self.titles["B"]!)).rawValue
        let own = MergeKey.paper(titleKey: Normalize.titleKey(Self.titles["A"]!)).rawValue
        for table in ["records", "sketches"] {
            try db.query("UPDATE \(table) SET key = ? WHERE key = ?", [.text(gone), .text(own)])
        }
        try db.execute("PRAGMA user_version = 3")
        #expect(try !space.differencesFromCleanBuild().isEmpty)
        try space.index()
        #expect(try space.differencesFromCleanBuild().isEmpty)
    }

    /// A word of letters for a number (digits would make title numbers), distinct for 0 to 143.
    static func word(_ number: Int) -> String {
        let letters = Array("bcdfghjklmnp")
        return "Z" + String(letters[number / letters.count]) + "a" + String(letters[number % letters.count]) + "on"
    }

    /// How many distinct paper keys the catalog holds.
    static func paperKeys(_ space: Workspace) throws -> Int {
        try Catalog(path: space.location.catalogPath, readOnly: true).keys().filter { $0.kind == .paper }.count
    }
}
