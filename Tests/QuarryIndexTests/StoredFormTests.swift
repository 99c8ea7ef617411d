import Foundation
import QuarryAnalysis
import QuarryModel
import Testing

@testable import QuarryIndex

/// A document stores its item's stored form (`IndexedItem.stored(key:)`): the full texts left
/// out, all that the derived data are counted from kept, and an item an earlier Quarry stored
/// whole still the same item for `quarry check`.
@Suite struct StoredFormTests {
    static let key = "paper:facet counting"

    /// Items of each shape: what their stored form should leave out, and whether it names the key.
    static let items: [(name: String, item: IndexedItem, namesKey: Bool)] = {
        var pdf = IndexedItem(
            id: "p1", kind: .paper, title: "Facet Counting for Ranked Search", authors: ["Mia Abe", "Olu Berg"],
            authorsTruncated: false, venue: Venue(name: "SIGIR"), date: PartialDate(year: 2024),
            paths: ["/docs/paper.pdf"], text: "We study postings and facet counting.", resume: nil,
            folders: ["."], pages: ["Facet Counting for Ranked Search\nWe study postings", "Appendix: quasiperiodic"])
        pdf.otherTexts = ["Another abstract of the same paper."]
        var merged = pdf
        merged.pages = []
        let resume = Resume(
            person: "Person Number", emails: ["person@example.com"],
            sections: [ResumeSection(title: "Experience", bullets: ["Built search with Xapian"])],
            skills: ["Xapian", "Linux"], category: "ENGINEERING", pages: ["Person Number\nExperience\nBuilt search"])
        var resumeItem = IndexedItem(
            id: "r1", kind: .resume, title: "Person Number", authors: ["Person Number"], authorsTruncated: false,
            venue: nil, date: nil, paths: ["/docs/resume.pdf"], text: "Built search with Xapian", resume: resume,
            category: "ENGINEERING", folders: ["."])
        resumeItem.pages = resume.pages
        let plain = IndexedItem(
            id: "p2", kind: .paper, title: "Sparse Retrieval at Scale", authors: ["Ada Lovelace"],
            authorsTruncated: false, venue: nil, date: PartialDate(year: 2025), paths: ["/docs/papers.jsonl"],
            text: "We index postings for sparse retrieval.", resume: nil, category: "cs.IR", folders: ["."])
        return [("pdf", pdf, true), ("merged", merged, false), ("resume", resumeItem, true), ("plain", plain, false)]
    }()

    @Test(arguments: items.indices)
    func theStoredFormKeepsWhatHitsShowAndTheDerivedDataNeed(index: Int) throws {
        let (name, item, namesKey) = Self.items[index]
        let stored = item.stored(key: Self.key)
        #expect(stored.pages.isEmpty && stored.otherTexts.isEmpty, "\(name)")
        #expect(stored.resume?.sections.isEmpty ?? true, "\(name)")
        #expect(stored.resume?.pages.isEmpty ?? true, "\(name)")
        #expect(stored.catalogKey == (namesKey ? Self.key : nil), "\(name)")
        // Everything a hit shows is kept.
        var shown = item
        shown.pages = []
        shown.otherTexts = []
        shown.resume?.sections = []
        shown.resume?.pages = []
        shown.catalogKey = stored.catalogKey
        #expect(stored == shown, "\(name)")

        // The derived data count the same from either form: a replaced document takes off exactly
        // what it gave.
        let builder = DocumentBuilder(analyzer: try Analyzer())
        let whole = DerivedData.Contribution(of: item, builder: builder)
        let fromStored = DerivedData.Contribution(of: stored, builder: builder)
        #expect(!whole.words.isEmpty, "\(name)")
        #expect(fromStored.words == whole.words, "\(name)")
        #expect(fromStored.spellings == whole.spellings, "\(name)")
    }

    @Test(arguments: items.indices)
    func anItemStoredWholeIsTheSameItem(index: Int) throws {
        let item = Self.items[index].item
        let builder = DocumentBuilder(analyzer: try Analyzer())
        let expected = try builder.document(for: item, key: MergeKey(rawValue: Self.key))
        let storedWhole = try builder.document(for: item, key: MergeKey(rawValue: Self.key))
        try storedWhole.setData(try JSONEncoder().encode(item))
        #expect(try Indexer.difference(expected, storedWhole) == nil)

        var other = item
        other.title += " (revised)"
        let storedOther = try builder.document(for: item, key: MergeKey(rawValue: Self.key))
        try storedOther.setData(try JSONEncoder().encode(other))
        #expect(try Indexer.difference(expected, storedOther) == "stored item differs")
    }
}
