import Foundation
import QuarryModel

/// Which records are one thing, and how they merge.
///
/// Papers share a key when their normalised titles are equal (the same paper listed
/// in two profiles, or in a profile and a resume). Records under one key are then
/// grouped: records with different identifiers (arXiv ids, a test collection's
/// document numbers) stay apart, and short titles ("Introduction") merge only when
/// their author lists overlap. Each group is one item, so one hit, and facets count it
/// once. Resumes and documents are keyed by file and position, so they never merge.
public enum Entity {
    /// Titles with fewer words than this are too generic to merge on the title alone.
    static let shortTitleWords = 4

    /// The merge key of a record found at `ordinal` in the file at `path`.
    public static func key(for record: Record, path: String, ordinal: Int) -> String {
        switch record {
        case .paper(let paper):
            let title = Normalize.titleKey(paper.title)
            return title.isEmpty ? "paper@\(path)#\(ordinal)" : "paper:\(title)"
        case .resume(let resume):
            if let row = resume.datasetRow { return "resume:" + row }
            return "resume@\(path)#\(ordinal)"
        case .document: return "document@\(path)#\(ordinal)"
        }
    }

    /// The public id of a key: a kind letter and 12 hex digits of its hash.
    public static func id(forKey key: String) -> String {
        let letter = key.hasPrefix("paper") ? "p" : key.hasPrefix("resume") ? "r" : "d"
        return letter + Fingerprint.hex(of: key).suffix(12)
    }

    /// The items of the records that share `key` (in catalog order): one per group of
    /// records that are the same thing. `roots` are the indexed folders.
    static func items(key: String, records: [Catalog.StoredRecord], roots: [String]) -> [IndexedItem] {
        var groups: [[Catalog.StoredRecord]] = []
        for record in records {
            if let index = groups.firstIndex(where: { belongs(record, to: $0) }) {
                groups[index].append(record)
            } else {
                groups.append([record])
            }
        }
        var unnamed = 0
        return groups.compactMap { group in
            let identity = group.lazy.compactMap { stored -> String? in
                if case .paper(let paper) = stored.record { return paper.identity }
                return nil
            }.first
            var groupKey = key
            if let identity {
                groupKey += "#" + identity
            } else {
                if unnamed > 0 { groupKey += "#\(unnamed)" }
                unnamed += 1
            }
            return merge(key: groupKey, records: group, roots: roots)
        }
    }

    /// Whether a record is the same paper as a group's records.
    private static func belongs(_ stored: Catalog.StoredRecord, to group: [Catalog.StoredRecord]) -> Bool {
        if case .resume(let resume) = stored.record, let row = resume.datasetRow {
            // Copies of one dataset row are one resume.
            return group.allSatisfy { other in
                if case .resume(let theirs) = other.record { return theirs.datasetRow == row }
                return false
            }
        }
        guard case .paper(let paper) = stored.record else { return false }
        let others = group.compactMap { other -> Paper? in
            if case .paper(let paper) = other.record { return paper }
            return nil
        }
        guard others.count == group.count else { return false }
        let identities = Set(others.compactMap(\.identity))
        if let identity = paper.identity, !identities.isEmpty, !identities.contains(identity) { return false }
        if Normalize.words(of: paper.title).count < shortTitleWords, !paper.authors.isEmpty {
            let theirs = others.flatMap(\.authors)
            if !theirs.isEmpty, !paper.authors.contains(where: { a in theirs.contains { Normalize.sameAuthor(a, $0) } }) {
                return false
            }
        }
        return true
    }

    /// Merges records that are one thing into one item; nil when there are none.
    static func merge(key: String, records: [Catalog.StoredRecord], roots: [String]) -> IndexedItem? {
        guard let first = records.first else { return nil }
        let paths = records.map(\.path).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let papers = records.compactMap { stored -> Paper? in
            if case .paper(let paper) = stored.record { return paper }
            return nil
        }
        var item: IndexedItem
        if !papers.isEmpty {
            item = mergePapers(papers, id: id(forKey: key), paths: paths)
        } else {
            switch first.record {
            case .resume(let resume):
                let name = first.path.split(separator: "/").last.map(String.init) ?? first.path
                let text = resume.sections.flatMap { section in section.bullets + section.lines }
                    .joined(separator: "\n")
                item = IndexedItem(
                    id: id(forKey: key), kind: .resume, title: resume.person ?? "Resume (\(name))",
                    authors: resume.person.map { [$0] } ?? [], authorsTruncated: false, venue: nil, date: nil,
                    paths: paths, text: text, resume: resume)
                item.category = resume.category
                item.pages = resume.pages
            case .document(let document):
                item = IndexedItem(
                    id: id(forKey: key), kind: .document, title: document.title, authors: [],
                    authorsTruncated: false, venue: nil, date: nil, paths: paths, text: document.text, resume: nil)
            case .paper:
                return nil
            }
        }
        item.folders = paths.map { folder(of: $0, roots: roots) }
            .reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return item
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
        let richest = papers.max { a, b in
            (a.abstract.isEmpty ? 0 : 1, a.authors.count) < (b.abstract.isEmpty ? 0 : 1, b.authors.count)
        } ?? papers[0]
        // Another listing may spell an author with initials: keep one entry, the fuller spelling.
        // A paper from one listing keeps its list as it is (the common case, and long lists).
        var authors = richest.authors
        if papers.count > 1 {
            var names = authors.map { PersonName($0) }
            for paper in papers {
                for author in paper.authors {
                    let name = PersonName(author)
                    if let index = names.firstIndex(where: { $0.matches(name) }) {
                        if author.count > authors[index].count {
                            authors[index] = author
                            names[index] = name
                        }
                    } else {
                        authors.append(author)
                        names.append(name)
                    }
                }
            }
        }
        let date = papers.compactMap(\.date).max { a, b in
            (a.year != nil ? 1 : 0, a.month != nil ? 1 : 0, a.day != nil ? 1 : 0)
                < (b.year != nil ? 1 : 0, b.month != nil ? 1 : 0, b.day != nil ? 1 : 0)
        }
        let abstract = papers.map(\.abstract).max { $0.count < $1.count } ?? ""
        var venues: [Venue] = []
        for venue in papers.flatMap(\.venues).map(VenueAliases.canonical) where !venues.contains(venue) {
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
        return item
    }
}
