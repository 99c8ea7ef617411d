import Foundation
import QuarryModel
import QuarryQuery
import Testing

/// An identifier typed as the query — an arXiv id in any of its spellings, a DOI — finds its item
/// first, above papers that only mention it; `Searcher.item` (`quarry show`) takes it too.
@Suite struct IdentifierTests {
    static let shared = Result { () throws -> TextIndex in
        try TextIndex([
            "papers.jsonl": """
            {"id": "2503.11731", "title": "Industrial-Grade Sensor Simulation via Gaussian Splatting", "authors": "Xianming Zeng", "abstract": "Sensor simulation for driving.", "categories": "cs.CV"}
            {"id": "2504.00001", "title": "A Survey Citing 2503.11731 and arXiv:2503.11731v2 Often", "authors": "Ann Other", "abstract": "We discuss 2503.11731 and 10.1145/3341301.3359630 at length.", "categories": "cs.CV"}
            {"id": "hep-th/9901001", "title": "An Old Style Identifier", "authors": "Old Timer", "abstract": "Strings.", "categories": "hep-th"}

            """,
            "refs.bib": """
            @inproceedings{gupta2019lynx,
              title = {A Paper With a Digital Object Identifier},
              author = {Vima Gupta},
              year = {2019},
              doi = {10.1145/3341301.3359630}
            }
            @book{cormen2009,
              title = {Introduction to Algorithms},
              author = {Thomas H. Cormen and Charles E. Leiserson},
              year = {2009},
              isbn = {0-262-03384-4}
            }
            @book{citing,
              title = {Algorithms Explained, Citing Introduction to Algorithms},
              author = {Ann Other},
              year = {2010},
              abstract = {See ISBN 978-0-262-03384-8 and 0262033844 for the introduction to algorithms.}
            }
            """,
        ])
    }
    var index: TextIndex { get throws { try Self.shared.get() } }

    @Test(arguments: [
        ("2503.11731", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("arXiv:2503.11731v2", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("arxiv:2503.11731", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("2503.11731v3", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("https://arxiv.org/abs/2503.11731v2", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("arxiv.org/pdf/2503.11731.pdf", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("hep-th/9901001v2", "An Old Style Identifier"),
        ("10.1145/3341301.3359630", "A Paper With a Digital Object Identifier"),
        ("doi:10.1145/3341301.3359630", "A Paper With a Digital Object Identifier"),
        ("https://doi.org/10.1145/3341301.3359630", "A Paper With a Digital Object Identifier"),
        ("DOI:10.1145/3341301.3359630.", "A Paper With a Digital Object Identifier"),
        ("978-0-262-03384-8", "Introduction to Algorithms"),
        ("9780262033848", "Introduction to Algorithms"),
        ("0-262-03384-4", "Introduction to Algorithms"),
        ("0262033844", "Introduction to Algorithms"),
        ("ISBN:978-0-262-03384-8", "Introduction to Algorithms"),
        ("isbn:0-262-03384-4", "Introduction to Algorithms"),
        ("ISBN 978-0-262-03384-8", "Introduction to Algorithms"),
    ])
    func anIdentifierFindsItsItemFirst(query: String, title: String) throws {
        let hits = try index.search(query).hits
        #expect(hits.first?.item.title == title, "\(query): \(hits.map(\.item.title))")
    }

    @Test(arguments: [
        ("2503.11731", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("arXiv:2503.11731v2", "Industrial-Grade Sensor Simulation via Gaussian Splatting"),
        ("https://doi.org/10.1145/3341301.3359630", "A Paper With a Digital Object Identifier"),
        ("0-262-03384-4", "Introduction to Algorithms"),
    ])
    func showTakesAnIdentifier(id: String, title: String) throws {
        #expect(try Searcher(location: index.location).item(id: id).title == title)
    }

    @Test(arguments: [
        ("arXiv:2503.11731v2", "2503.11731"), ("https://arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001"),
        ("10.1145/ABC.", "10.1145/abc"), ("https://doi.org/10.1000/XYZ", "10.1000/xyz"),
        ("978-0-262-03384-8", "9780262033848"), ("0-262-03384-4", "9780262033848"),
        ("080442957X", "9780804429573"), ("ISBN-13:979-10-90636-07-1", "9791090636071"),
    ])
    func identifiersNormalise(text: String, value: String) {
        #expect(Identifier.field(of: text)?.value == value)
    }

    @Test(arguments: [
        "attention", "3.14159", "2024", "1234.567", "10.5", "a/b", "1234567890", "9781234567890", "0-262-03384-5",
        "0001-0782", "978-0-262-03384",
        // Lookalikes without a digit (no form is without one).
        "arXiv:hep-th", "https://doi.org/abc", "ISBN-X", "hep-th/abcdefg", "xxxxxxxxxX",
    ])
    func otherWordsAreNoIdentifiers(word: String) {
        #expect(Identifier.field(of: word) == nil)
    }
}
