import QuarryModel
import Testing

@testable import QuarryIndex

/// The sketch of a paper with these fields.
private func sketch(
    _ title: String, _ authors: [String] = [], year: Int? = nil, doi: String? = nil, arxiv: String? = nil,
    path: String = "/a.bib", key: String? = nil
) -> PaperSketch {
    PaperSketch(
        paper: Paper(
            title: title, authors: authors, date: year.map { PartialDate(year: $0) }, arxivID: arxiv, doi: doi,
            citationKey: key),
        path: path)
}

@Suite("Entity resolution: when two listings are one paper")
struct PaperMatchTests {
    /// Pairs that are one paper: case, punctuation, notes, subtitles, typos, plurals, initials, a year apart.
    @Test(arguments: [
        (
            sketch("A Database Interface for File Updates", ["Michael J. Carey"], year: 1995, path: "/d.bib"),
            sketch("A database interface for file update", ["M. Carey"], year: 1995, path: "/a.bib")
        ),
        (
            sketch("Query Optimization at the Crossroads (Panel)", ["Surajit Chaudhuri"], year: 1997, path: "/d.bib"),
            sketch("Query optimization at the crossroads", ["S. Chaudhuri"], year: 1997)
        ),
        (
            sketch(
                "STREAM: The Stanford Stream Data Manager", ["Arvind Arasu", "Jennifer Widom"], year: 2003, path: "/d"),
            sketch("STREAM: the stanford stream data manager (demonstration description)", ["J. Widom"], year: 2003)
        ),
        (
            sketch(
                "Efficient and Tunable Similar Set Retrieval", ["Aristides Gionis", "Nick Koudas"], year: 2001,
                path: "/d"),
            sketch("Efficient and tumble similar set retrieval", ["Nick Koudas"], year: 2001)
        ),
        (
            sketch("Bottom-Up Computation of Sparse and Iceberg CUBEs", ["Kevin Beyer"], year: 1999, path: "/d"),
            sketch("Bottom-up computation of sparse and Iceberg CUBE", ["Kevin S. Beyer"], year: 1999)
        ),
        (
            sketch(
                "GridDB: A Database Interface to the Grid", ["David Liu", "Michael Franklin"], year: 2003, path: "/d"),
            sketch("GridDB: a relational interface for the grid", ["D. T. Liu", "M. J. Franklin"], year: 2003)
        ),
        (
            sketch("Online Query Processing", ["Joseph M. Hellerstein"], year: 2001, path: "/d"),
            sketch("Online query processing: a tutorial", ["J. Hellerstein"], year: 2002)
        ),
        (sketch("Any Title At All", doi: "10.1/x", path: "/d"), sketch("Completely Different", doi: "10.1/x")),
        (sketch("Tidal Routing", arxiv: "2403.01234", path: "/d"), sketch("Routing With Tides", arxiv: "2403.01234")),
    ])
    func samePaper(a: PaperSketch, b: PaperSketch) {
        #expect(a.same(as: b) != nil)
        #expect(b.same(as: a) != nil)
    }

    /// Pairs that are two papers, though their titles are close.
    @Test(arguments: [
        // Two entries of one bibliography.
        (
            sketch("Editor's Notes", ["Ling Liu"], year: 2002, key: "a"),
            sketch("Editor's Notes", ["Ling Liu"], year: 2002, key: "b")
        ),
        // Different arXiv ids, DOIs.
        (
            sketch("Attention Is All You Need", arxiv: "1706.03762"),
            sketch("Attention Is All You Need", arxiv: "1706.03763", path: "/b")
        ),
        (
            sketch("Attention Is All You Need", doi: "10.1/a"),
            sketch("Attention Is All You Need", doi: "10.1/b", path: "/b")
        ),
        // Short titles need authors in common.
        (
            sketch("Introduction", ["Tamer Ozsu"], year: 1998),
            sketch("Introduction", ["Hanan Samet"], year: 1998, path: "/b")
        ),
        // Years far apart.
        (
            sketch("Semantic Integration of Environmental Models", ["D. Mackay"], year: 1995),
            sketch("Semantic Integration of Environmental Models", ["D. Mackay"], year: 1999, path: "/b")
        ),
        // Parts and numbers.
        (
            sketch("Database Tuning: Principles and Troubleshooting (Part I)", ["Dennis Shasha"], year: 2002),
            sketch(
                "Database Tuning: Principles and Troubleshooting (Part II)", ["Dennis Shasha"], year: 2002, path: "/b")
        ),
        // Same authors, different work.
        (
            sketch(
                "A Cost Model for Clustered Object-Oriented Databases", ["Georges Gardarin", "Zhao-Hui Tang"],
                year: 1995),
            sketch(
                "Cost-based Selection of Path Expression Processing Algorithms in Object-Oriented Databases",
                ["Georges Gardarin", "Zhao-Hui Tang"], year: 1996, path: "/b")
        ),
        (
            sketch("Aurora: A Data Stream Management System", ["Daniel Abadi", "Don Carney"], year: 2003),
            sketch(
                "Aurora: a new model and architecture for data stream management", ["D. Abadi"], year: 2003, path: "/b")
        ),
        // Without authors, a title must agree almost whole.
        (
            sketch("Learning Based Web Query Processing"),
            sketch("Toward Learning Based Web Query Processing Systems", path: "/b")
        ),
    ])
    func differentPapers(a: PaperSketch, b: PaperSketch) {
        #expect(a.same(as: b) == nil)
        #expect(b.same(as: a) == nil)
    }

    @Test(arguments: [
        ("hide", "hidden", false), ("clent", "client", true), ("databates", "databases", true),
        ("1995", "1996", false), ("cat", "cut", false), ("environment", "environmental", true),
    ])
    func typos(a: String, b: String, same: Bool) {
        #expect(PaperSketch.sameWord(a, b) == same)
    }

    /// Signatures survive a typo at either end and an added subtitle.
    @Test func signaturesMeetAcrossVariants() {
        let pairs = [
            (
                "A foundation for representing and quering moving objects",
                "A foundation for representing and querying moving objects"
            ),
            (
                "Upsizing from File Server to Clent Server Architectures",
                "Upsizing form file server to client server architectures"
            ),
            ("Environment Information Systems - Guest Editor's Foreword", "Environmental information systems"),
            ("GridDB: A Database Interface to the Grid", "GridDB: a relational interface for the grid"),
        ]
        for (a, b) in pairs {
            #expect(!Set(sketch(a).signatures).isDisjoint(with: sketch(b).signatures), "\(a) / \(b)")
        }
    }

    /// Four columns with one title by one editor in one year: which is which cannot be told, so none merge.
    @Test func ambiguousListingsStayApart() {
        let dblp = (1...2).map {
            sketch("Book Review Column", ["Karl Aberer"], year: 2002, path: "/d.bib", key: "d\($0)")
        }
        let acm = (1...2).map {
            sketch("Book review column", ["Karl Aberer"], year: 2002, path: "/a.bib", key: "a\($0)")
        }
        #expect(PaperSketch.cluster(dblp + acm) == [[0], [1], [2], [3]])
        // One of each pairs up.
        #expect(PaperSketch.cluster([dblp[0], acm[0]]) == [[0, 1]])
    }

    /// The surest pair wins: the ACM listing of 1994 joins the DBLP listing of 1994, not that of 1995.
    @Test func clusteringPrefersTheSurestPair() {
        let journal = sketch("Sleepers and Workaholics", ["Daniel Barbara"], year: 1995, path: "/d.bib", key: "j")
        let conference = sketch("Sleepers and Workaholics", ["Daniel Barbara"], year: 1994, path: "/d.bib", key: "c")
        let acm = sketch("Sleepers and workaholics", ["D. Barbara"], year: 1994, path: "/a.bib", key: "x")
        #expect(PaperSketch.cluster([journal, conference, acm]) == [[0], [1, 2]])
    }
}
