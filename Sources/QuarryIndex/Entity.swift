import Foundation
import QuarryModel

/// Which records are one thing, and how they merge.
///
/// Papers are *linked* when either listing is surely the same paper as the other
/// (`PaperSketch.isLinked`: the same DOI or arXiv id, or titles that agree up to case,
/// punctuation, notes, subtitles and typos, with overlapping authors and years at most one
/// apart) and they share a signature (`PaperSketch.signatures`) that at most
/// `Catalog.signatureLimit` listings have. A paper's key is the smallest own key (its
/// normalised title: `key(for:path:ordinal:)`) of the listings linked to it directly or through
/// others, so it depends only on the listings in the catalog, not on the order they came in
/// or went (`Catalog.settle`). Records under one key are then grouped again by the same
/// rules: records with different identifiers, two entries of one bibliography, and short
/// titles ("Introduction") without common authors stay apart. Each group is one item, so one
/// hit, and facets count it once. Resumes and documents are keyed by file and position (or
/// dataset row), so they never merge.
public enum Entity {
    /// The merge key of a record found at `ordinal` in the file at `path`.
    public static func key(for record: Record, path: String, ordinal: Int) -> MergeKey {
        switch record {
        case .paper(let paper):
            let title = Normalize.titleKey(paper.title)
            return title.isEmpty ? .position(.paper, path: path, ordinal: ordinal) : .paper(titleKey: title)
        case .resume(let resume):
            if let row = resume.datasetRow { return .resume(datasetRow: row) }
            return .position(.resume, path: path, ordinal: ordinal)
        case .document: return .position(.document, path: path, ordinal: ordinal)
        }
    }

    /// A paper listing's own key (`key(for:path:ordinal:)` of its record), from its sketch.
    static func ownKey(of sketch: PaperSketch, ordinal: Int) -> MergeKey {
        sketch.titleKey.isEmpty
            ? .position(.paper, path: sketch.path, ordinal: ordinal) : .paper(titleKey: sketch.titleKey)
    }

    /// The items of the records that share `key` (in catalog order): one per group of
    /// records that are the same thing. `roots` are the indexed folders.
    static func items(key: MergeKey, records: [Catalog.StoredRecord], roots: [String]) -> [IndexedItem] {
        // Papers are clustered by `PaperSketch.cluster`; copies of a dataset row are one resume;
        // anything else stands alone. Groups keep the order of their first record.
        var groups: [(first: Int, records: [Catalog.StoredRecord])] = []
        var papers: [(index: Int, sketch: PaperSketch)] = []
        var rows: [String: [(group: Int, words: Set<String>)]] = [:]
        for (index, record) in records.enumerated() {
            switch record.record {
            case .paper(let paper):
                papers.append((index, PaperSketch(paper: paper, path: record.path)))
            case .resume(let resume) where resume.datasetRow != nil:
                // Copies of one dataset row are one resume when their texts are the same.
                let words = Set(
                    Normalize.words(of: resume.sections.flatMap { $0.lines + $0.bullets }.joined(separator: " ")))
                if let group = rows[resume.datasetRow!]?.first(where: { sameText(words, $0.words) })?.group {
                    groups[group].records.append(record)
                } else {
                    rows[resume.datasetRow!, default: []].append((groups.count, words))
                    groups.append((index, [record]))
                }
            default:
                groups.append((index, [record]))
            }
        }
        for cluster in PaperSketch.cluster(papers.map(\.sketch)) {
            groups.append((papers[cluster[0]].index, cluster.map { records[papers[$0].index] }))
        }
        let ordered = groups.sorted { $0.first < $1.first }.map(\.records)
        var unnamed = 0
        return ordered.compactMap { group in
            let identity = group.lazy.compactMap { stored -> String? in
                if case .paper(let paper) = stored.record { return paper.identity }
                return nil
            }.first
            var groupKey = key
            if let identity {
                groupKey = key.group(identity)
            } else {
                if unnamed > 0 { groupKey = key.group(String(unnamed)) }
                unnamed += 1
            }
            return merge(key: groupKey, records: group, roots: roots)
        }
    }

    /// Whether two texts are one text up to an edition's changes (a re-encoding, a corrected
    /// word): four fifths of their distinct words in common.
    static func sameText(_ a: Set<String>, _ b: Set<String>) -> Bool {
        let union = a.union(b).count
        return union == 0 || Double(a.intersection(b).count) >= 0.8 * Double(union)
    }

    /// Merges records that are one thing into one item; nil when there are none.
    static func merge(key: MergeKey, records: [Catalog.StoredRecord], roots: [String]) -> IndexedItem? {
        guard let first = records.first else { return nil }
        let paths = records.map(\.path).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let papers = records.compactMap { stored -> Paper? in
            if case .paper(let paper) = stored.record { return paper }
            return nil
        }
        var item: IndexedItem
        if !papers.isEmpty {
            item = mergePapers(papers, id: key.itemID, paths: paths)
        } else {
            switch first.record {
            case .resume(let resume):
                let name = first.path.split(separator: "/").last.map(String.init) ?? first.path
                let text = resume.sections.flatMap { section in section.bullets + section.lines }
                    .joined(separator: "\n")
                item = IndexedItem(
                    id: key.itemID, kind: .resume, title: resume.person ?? untitled(resume, file: name),
                    authors: resume.person.map { [$0] } ?? [], authorsTruncated: false, venue: nil, date: nil,
                    paths: paths, text: text, resume: resume)
                item.category = resume.category
                item.pages = resume.pages
            case .document(let document):
                item = IndexedItem(
                    id: key.itemID, kind: .document, title: document.title, authors: [],
                    authorsTruncated: false, venue: nil, date: nil, paths: paths, text: document.text, resume: nil)
            case .paper:
                return nil
            }
        }
        item.folders = paths.map { folder(of: $0, roots: roots) }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        // The line of each path's first record, for files of many records (JSON Lines, CSV).
        let lines = paths.map { path in records.first { $0.path == path }.flatMap { line(of: $0.record) } }
        if lines.contains(where: { $0 != nil }) { item.lines = lines }
        return item
    }

    /// The values in first-seen order, each once.
    static func distinct(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// The line a record starts on in its file, when the parser gave one.
    static func line(of record: Record) -> Int? {
        switch record {
        case .paper(let paper): return paper.line
        case .resume(let resume): return resume.line
        case .document: return nil
        }
    }

    /// The title of a resume that names no person: its file, and for a dataset's row its category
    /// and row, so that the rows of one dataset can be told apart (`Data Science resume
    /// (UpdatedResumeDataSet.csv, row 12)`, `Resume (cv.pdf)`).
    static func untitled(_ resume: Resume, file: String) -> String {
        let row = resume.datasetRow.flatMap { $0.split(separator: ":").last }.map { ", row \($0)" } ?? ""
        let what = resume.category.map { "\($0) resume" } ?? "Resume"
        return "\(what) (\(file)\(row))"
    }

    /// The first dozen words of a text, for a title.
    static func opening(of text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        return words.prefix(12).joined(separator: " ") + (words.count > 12 ? " …" : "")
    }

    /// The folder of `path` relative to the longest root holding it ("." for the root itself).
    static func folder(of path: String, roots: [String]) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let root = roots.filter { directory == $0 || directory.hasPrefix($0 + "/") }.max { $0.count < $1.count }
        guard let root else { return directory }
        let relative = String(directory.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return relative.isEmpty ? "." : relative
    }

    /// One paper from several listings: the fullest author list, then authors only others name;
    /// the first venue, the most precise date, the longest abstract.
    private static func mergePapers(_ papers: [Paper], id: String, paths: [String]) -> IndexedItem {
        let richest =
            papers.max { a, b in
                (a.abstract.isEmpty ? 0 : 1, a.authors.count) < (b.abstract.isEmpty ? 0 : 1, b.authors.count)
            } ?? papers[0]
        // Another listing may spell an author with initials: keep one entry, the fuller spelling.
        // A paper from one listing keeps its list as it is (the common case, and long lists).
        // Another listing (or the same one) may spell an author with initials: one entry, the
        // fuller spelling (`Normalize.uniqueAuthors`).
        // A value that is no name ("Fanqing Meng Lingxiao Du …", a resume's sentence) stays
        // searchable as text but is not an author.
        let listed = Normalize.uniqueAuthors(
            papers.count > 1 ? richest.authors + papers.flatMap(\.authors) : richest.authors)
        let authors = listed.filter(Normalize.isAuthorName)
        let notNames = listed.filter { !Normalize.isAuthorName($0) }
        let date = papers.compactMap(\.date).max { a, b in
            (a.year != nil ? 1 : 0, a.month != nil ? 1 : 0, a.day != nil ? 1 : 0)
                < (b.year != nil ? 1 : 0, b.month != nil ? 1 : 0, b.day != nil ? 1 : 0)
        }
        let abstract = papers.map(\.abstract).max { $0.count < $1.count } ?? ""
        var venues: [Venue] = []
        for venue in papers.flatMap(\.venues).map(VenueAliases.canonical)
        where !venues.contains(venue) && VenueAliases.isVenue(venue) {
            venues.append(venue)
        }
        // An untitled record (a test collection's text) shows the start of its text instead.
        let title = richest.title.isEmpty ? Self.opening(of: richest.abstract) : richest.title
        var item = IndexedItem(
            id: id, kind: .paper, title: title, authors: authors,
            authorsTruncated: papers.allSatisfy(\.authorsTruncated), venue: venues.first,
            date: date, paths: paths, text: abstract, resume: nil)
        item.venues = venues
        item.arxivID = papers.compactMap(\.arxivID).first
        item.documentNumber = papers.compactMap(\.documentNumber).first
        item.category = papers.compactMap { $0.arxivID != nil ? $0.venue?.code : nil }.first
        item.pages = papers.map(\.pages).max { $0.count < $1.count } ?? []
        item.dois = distinct(papers.compactMap(\.doi))
        item.isbns = distinct(papers.compactMap(\.isbn))
        item.citationKeys = distinct(papers.compactMap(\.citationKey))
        item.urls = distinct(papers.compactMap(\.url))
        item.keywords = distinct(papers.flatMap { $0.keywords ?? [] })
        // Every source's text is searchable: the longest abstract is shown, the others indexed.
        var seenTexts: Set<String> = [Normalize.collapseSpaces(abstract)]
        item.otherTexts =
            papers.map(\.abstract).filter { !$0.isEmpty && seenTexts.insert(Normalize.collapseSpaces($0)).inserted }
            + notNames + papers.flatMap(\.venues).filter { !VenueAliases.isVenue($0) }.map(\.name)
        return item
    }
}

// MARK: - Settling paper keys

extension Catalog {
    /// Gives every paper linked to `seeds` (directly or through others: its component) the
    /// smallest own key of the component (`Entity.ownKey`), and marks the keys it leaves and
    /// takes pending. Called with the papers whose links may have changed: one just stored that
    /// is linked to listings of several keys or of a greater key, those left under a key that
    /// lost records, and those of a signature crowded past the limit or back to it; components
    /// no seed reaches keep their keys, which are already settled.
    func settle(from seeds: [Listing]) throws(IndexError) {
        var seen: Set<Listing.Place> = []
        var changed: Set<MergeKey> = []
        for seed in seeds where seen.insert(seed.place).inserted {
            var component = [seed]
            var next = 0
            while next < component.count {
                let listing = component[next]
                next += 1
                for candidate in try candidates(signatures: listing.sketch.signatures).listings
                where !seen.contains(candidate.place) && listing.sketch.isLinked(to: candidate.sketch) {
                    seen.insert(candidate.place)
                    component.append(candidate)
                }
            }
            changed.formUnion(try give(component))
        }
        try markPending(changed)
    }

    /// Settles every paper in the catalog at once, from the signatures' groups: what `settle(from:)`
    /// keeps after each change, made for a catalog whose keys were resolved another way (a catalog
    /// of version 3 or older, when its writer upgrades it). Marks the keys that changed pending.
    func settleAll() throws(IndexError) {
        let listings = try allListings()
        var index: [Listing.Place: Int] = [:]
        for (position, listing) in listings.enumerated() { index[listing.place] = position }
        var parent = Array(listings.indices)
        func root(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        try signatureGroups { places in
            let members = places.compactMap { index[$0] }
            for (offset, a) in members.enumerated() {
                for b in members[(offset + 1)...] where root(a) != root(b) {
                    if listings[a].sketch.isLinked(to: listings[b].sketch) { parent[root(a)] = root(b) }
                }
            }
        }
        var components: [Int: [Listing]] = [:]
        for position in listings.indices { components[root(position), default: []].append(listings[position]) }
        var changed: Set<MergeKey> = []
        for component in components.values { changed.formUnion(try give(component)) }
        try markPending(changed)
    }

    /// Moves the listings of one component to its smallest own key; returns the keys left and taken.
    private func give(_ component: [Listing]) throws(IndexError) -> Set<MergeKey> {
        guard let key = component.map({ Entity.ownKey(of: $0.sketch, ordinal: $0.ordinal) }).min() else { return [] }
        var changed: Set<MergeKey> = []
        for listing in component where listing.key != key {
            try setKey(key, of: listing.place)
            changed.insert(listing.key)
            changed.insert(key)
        }
        return changed
    }
}
