import QuarryModel

/// A person as the index knows them: the papers and resumes that name them (`Searcher.person`).
public struct Person: Sendable {
    /// A value and how many of the person's papers have it.
    public struct Count: Sendable, Equatable {
        public var value: String
        public var count: Int
    }

    /// The person's name, in the best spelling the papers and resumes give.
    public var name: String
    /// The person's papers, newest first, each once whatever the number of its sources.
    public var papers: [IndexedItem]
    /// The person's resumes (usually one).
    public var resumes: [IndexedItem]
    /// People who wrote papers with them, by number of shared papers (then name).
    public var coauthors: [Count]
    /// Where their papers appeared, by number of papers (then name).
    public var venues: [Count]

    /// Sorts `items` (found by the person's key) into papers and resumes, and counts co-authors
    /// (spellings of one co-author with initials counted as one, see `Normalize.uniqueAuthors`) and venues.
    init(name: String, items: [IndexedItem]) {
        let key = Normalize.personKey(name)
        papers = items.filter { $0.kind == .paper }
        resumes = items.filter { $0.kind == .resume }
        let spellings = items.flatMap(\.authors).filter { Normalize.personKey($0) == key }
        self.name = spellings.max { Normalize.displayQuality($0) < Normalize.displayQuality($1) } ?? name
        let me = PersonName(self.name)
        var coauthorCounts: [String: Int] = [:]
        let everyone = Normalize.uniqueAuthors(papers.flatMap(\.authors))
        for paper in papers {
            for author in paper.authors where !PersonName(author).matches(me) {
                // One co-author with several spellings counts under the fullest one.
                let canonical = everyone.first { PersonName($0).matches(PersonName(author)) } ?? author
                coauthorCounts[canonical, default: 0] += 1
            }
        }
        coauthors = Self.sorted(coauthorCounts)
        var venueCounts: [String: Int] = [:]
        for paper in papers {
            for venue in Set((paper.venues.isEmpty ? paper.venue.map { [$0] } ?? [] : paper.venues).map(\.facetValue)) {
                venueCounts[venue, default: 0] += 1
            }
        }
        venues = Self.sorted(venueCounts)
    }

    private static func sorted(_ counts: [String: Int]) -> [Count] {
        counts.map { Count(value: $0.key, count: $0.value) }.sorted { ($1.count, $0.value) < ($0.count, $1.value) }
    }
}
