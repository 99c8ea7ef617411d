import Foundation
import QuarryModel

/// What entity resolution compares of a paper, computed once per record and kept in the
/// catalog beside it: folded title words, author surnames, year, identifiers, the file.
///
/// Two listings of one paper differ in case, punctuation, subtitles and notes ("(Panel)",
/// "- Book Review"), abbreviations and typos in the title; in initials and order of the
/// authors; in the venue's name; and by a year. `PaperSketch.same` decides, `signatures`
/// says where to look for candidates.
struct PaperSketch: Codable, Equatable, Sendable {
    /// Title words that carry meaning: folded, stop words dropped, light plural stripping.
    var words: [String]
    /// The normalised title (`Normalize.titleKey`), for the exact rule.
    var titleKey: String
    /// Folded surnames (last words) of the authors.
    var surnames: [String]
    var year: Int?
    var doi: String?
    var arxivID: String?
    var documentNumber: String?
    /// The citation key, for bibliography entries.
    var citationKey: String?
    /// The file the record came from.
    var path: String

    /// Titles with fewer words than this need their authors to agree.
    static let shortTitleWords = 4

    /// Words that say nothing about which paper it is.
    static let stopWords: Set<String> = [
        "a", "an", "the", "of", "for", "and", "in", "on", "to", "with", "from", "by", "at", "as", "is", "are",
        "its", "their", "our", "using", "via", "into", "over", "under", "toward", "towards", "do", "does", "not",
    ]

    /// Notes sources add to a title that are not part of it (`(Panel)`, `- Book Review`).
    static let noteWords: Set<String> = [
        "panel", "session", "tutorial", "abstract", "experience", "paper", "demonstration", "demo", "description",
        "extended", "only", "invited", "talk", "keynote", "review", "book", "column",
    ]

    init(paper: Paper, path: String) {
        titleKey = Normalize.titleKey(paper.title)
        words = Self.contentWords(paper.title)
        surnames = paper.authors.compactMap { PersonName($0).words.last }
        year = paper.date?.year
        doi = paper.doi
        arxivID = paper.arxivID
        documentNumber = paper.documentNumber
        citationKey = paper.citationKey
        self.path = path
    }

    /// The title's meaningful words: parenthesised notes dropped, stop words dropped, a plural
    /// `s`/`es` stripped from longer words (`CUBEs` = `CUBE`).
    static func contentWords(_ title: String) -> [String] {
        let withoutNotes = title.contains("(") ? removingNotes(title) : title
        return Normalize.words(of: withoutNotes).filter { !stopWords.contains($0) }.map(stem)
    }

    /// Parenthesised parts that are notes (`(Panel Abstract)`, `(tutorial session)`) removed; other
    /// parentheses (`(BSR)`) kept.
    static func removingNotes(_ title: String) -> String {
        var output = ""
        var rest = Substring(title)
        while let open = rest.firstIndex(of: "("), let close = rest[open...].firstIndex(of: ")") {
            let inside = Normalize.words(of: String(rest[rest.index(after: open)..<close]))
            output += rest[..<open]
            if inside.isEmpty || !inside.allSatisfy(noteWords.contains) { output += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }

    /// `trees` → `tree`, `processes` → `process`, `cubes` → `cube`; short words kept.
    static func stem(_ word: String) -> String {
        guard word.count > 4 else { return word }
        if word.hasSuffix("sses") || word.hasSuffix("xes") { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), !word.hasSuffix("us"), !word.hasSuffix("is") {
            return String(word.dropLast())
        }
        return word
    }

    /// Where to look for other listings of the paper: its identifiers, and runs of meaningful
    /// title words cut to their first five letters (`environment` and `environmental` agree):
    /// the first three and two, the last three and two, and the first with the last. A typo, a
    /// changed word or a subtitle rarely touches all of them.
    var signatures: [String] {
        var result: [String] = []
        if let doi { result.append("doi:" + doi) }
        if let arxivID { result.append("arxiv:" + arxivID) }
        let cut = words.map { String($0.prefix(5)) }
        guard let first = cut.first, let last = cut.last else { return result }
        result.append("f3:" + cut.prefix(3).joined(separator: " "))
        result.append("l3:" + cut.suffix(3).joined(separator: " "))
        if cut.count > 2 {
            result.append("f2:" + cut.prefix(2).joined(separator: " "))
            result.append("l2:" + cut.suffix(2).joined(separator: " "))
        }
        if cut.count > 1 { result.append("fl:" + first + " " + last) }
        return result
    }

    /// How sure it is that two listings are one paper: nil when they are not, else a score
    /// (higher is surer) to pick the best of several candidates.
    ///
    /// Rules, in order: the same DOI or arXiv id is the same paper; different DOIs, arXiv ids or
    /// document numbers are different papers; two entries of one bibliography file are two
    /// papers; years more than one apart are different papers. Then the titles: equal titles
    /// are one paper (a short title only when the authors overlap); otherwise the authors must
    /// overlap and the titles' meaningful words must agree (a typo or plural allowed per
    /// word): all the shorter title's words found in the longer (a subtitle or note added), or
    /// three quarters of the shorter and seven tenths of the longer (a word changed).
    func same(as other: PaperSketch) -> Double? {
        if let doi, let theirs = other.doi, doi == theirs { return 10 }
        if let arxivID, let theirs = other.arxivID, arxivID == theirs { return 10 }
        if conflicts(with: other) { return nil }
        var score = 0.0
        if let year, year == other.year { score += 0.5 }
        let overlap = authorOverlap(other)
        let bothHaveAuthors = !surnames.isEmpty && !other.surnames.isEmpty
        score += Double(min(overlap, 3)) * 0.25
        if titleKey == other.titleKey, !titleKey.isEmpty {
            let short = titleKey.split(separator: " ").count < Self.shortTitleWords
            if short && bothHaveAuthors && overlap == 0 { return nil }
            return score + 3
        }
        let (matched, unmatchedNumbers) = Self.matchedWords(words, other.words)
        // "Part I" and "Part II", "TPC-C" results of 1995 and 1996: different numbers, different papers.
        guard !unmatchedNumbers else { return nil }
        let shorter = min(words.count, other.words.count)
        let longer = max(words.count, other.words.count)
        guard shorter > 0 else { return nil }
        let ofShorter = Double(matched) / Double(shorter)
        let ofLonger = Double(matched) / Double(longer)
        guard bothHaveAuthors ? overlap > 0 : (ofShorter >= 0.9 && ofLonger >= 0.9 && matched >= 4) else { return nil }
        let contained = matched == shorter && matched >= 2
        let close = ofShorter >= 0.75 && ofLonger >= 0.7 && matched >= 3
        let closeWithAuthors = ofShorter >= 0.7 && ofLonger >= 0.7 && matched >= 5 && overlap >= 2
        guard contained || close || closeWithAuthors else { return nil }
        return score + ofShorter + ofLonger
    }

    /// Whether entity resolution links the two listings: either is surely the same paper as the
    /// other (`same`, which weighs its own words and authors first, so it is asked both ways).
    func isLinked(to other: PaperSketch) -> Bool { same(as: other) != nil || other.same(as: self) != nil }

    /// Whether the two cannot be one paper whatever their titles: different DOIs, arXiv ids or
    /// document numbers, two entries of one bibliography file, or years more than one apart.
    func conflicts(with other: PaperSketch) -> Bool {
        if let doi, let theirs = other.doi { return doi != theirs }
        if let arxivID, let theirs = other.arxivID { return arxivID != theirs }
        if let documentNumber, let theirs = other.documentNumber, documentNumber != theirs { return true }
        if path == other.path, citationKey != nil, other.citationKey != nil, citationKey != other.citationKey {
            return true
        }
        if let year, let theirs = other.year, abs(year - theirs) > 1 { return true }
        return false
    }

    /// Groups listings that are one paper: the surest pairs first (highest `same` score), two
    /// groups joined only when no listing of one conflicts with a listing of the other, and a
    /// pair left apart when it is ambiguous (one side is as sure of another listing from the same
    /// file: four "Book review column"s of one year). Returns groups of indices, each in order,
    /// ordered by their first index; the result does not depend on the order of the pairs' ties.
    /// More than `pairwiseLimit` listings are grouped by identifier alone (`byIdentifier`).
    static func cluster(_ sketches: [PaperSketch]) -> [[Int]] {
        let count = sketches.count
        guard count > 1 else { return count == 1 ? [[0]] : [] }
        guard count <= pairwiseLimit else { return byIdentifier(sketches) }
        var pairs: [(Int, Int, Double)] = []
        var scores = [[Double?]](repeating: [Double?](repeating: nil, count: count), count: count)
        for i in 0..<count {
            for j in (i + 1)..<count {
                guard let score = sketches[i].same(as: sketches[j]) else { continue }
                pairs.append((i, j, score))
                scores[i][j] = score
                scores[j][i] = score
            }
        }
        pairs.sort { ($0.2, -$0.0, -$0.1) > ($1.2, -$1.0, -$1.1) }
        var group = Array(0..<count)
        var members = (0..<count).map { [$0] }
        func ambiguous(_ i: Int, _ j: Int, _ score: Double) -> Bool {
            (0..<count).contains { k in
                k != j && k != i && group[k] != group[j] && scores[i][k] == score
                    && sketches[k].path == sketches[j].path
            }
        }
        for (i, j, score) in pairs {
            let a = group[i]
            let b = group[j]
            guard a != b, !ambiguous(i, j, score), !ambiguous(j, i, score) else { continue }
            guard
                !members[a].contains(where: { x in members[b].contains { sketches[x].conflicts(with: sketches[$0]) } })
            else { continue }
            for x in members[b] { group[x] = a }
            members[a] += members[b]
            members[b] = []
        }
        return members.filter { !$0.isEmpty }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
    }

    /// The most listings of one key clustered pair by pair (`cluster` compares every pair and
    /// keeps their scores: 200,000 copies of one record under one key took more than 24 GB).
    static let pairwiseLimit = 1_000

    /// Groups of many listings, in linear time: those with the same DOI or arXiv id are one paper,
    /// those without either are one more (they share the key, so their titles are alike).
    static func byIdentifier(_ sketches: [PaperSketch]) -> [[Int]] {
        var groups: [String: [Int]] = [:]
        for (index, sketch) in sketches.enumerated() {
            let identity = sketch.doi.map { "doi:" + $0 } ?? sketch.arxivID.map { "arxiv:" + $0 } ?? ""
            groups[identity, default: []].append(index)
        }
        return groups.values.sorted { $0[0] < $1[0] }
    }

    /// How many authors of the shorter list appear in the other (surnames, a typo allowed).
    func authorOverlap(_ other: PaperSketch) -> Int {
        var theirs = other.surnames
        var count = 0
        for name in surnames {
            if let index = theirs.firstIndex(where: { Self.sameWord(name, $0) }) {
                theirs.remove(at: index)
                count += 1
            }
        }
        return count
    }

    /// Words of `a` found in `b` (each word of `b` used once), and whether both titles keep a
    /// number (`2`, `ii`) the other lacks.
    static func matchedWords(_ a: [String], _ b: [String]) -> (count: Int, unmatchedNumbers: Bool) {
        var rest = b
        var count = 0
        var numberLeft = false
        for word in a {
            if let index = rest.firstIndex(of: word) ?? rest.firstIndex(where: { sameWord(word, $0) }) {
                rest.remove(at: index)
                count += 1
            } else if isNumber(word) {
                numberLeft = true
            }
        }
        return (count, numberLeft && rest.contains(where: isNumber))
    }

    /// Digits, or a Roman numeral up to 20 (`i`, `ii`, `iv`, `xii`).
    static func isNumber(_ word: String) -> Bool {
        word.allSatisfy(\.isNumber) || romanNumerals.contains(word)
    }

    static let romanNumerals: Set<String> = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii",
        "xviii",
        "x", "xix", "xx",
    ]

    /// Equal, or a typo apart: one edit in words of 4 to 7 letters, two from 8 on.
    static func sameWord(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        if isNumber(a) || isNumber(b) { return false }
        let shorter = min(a.count, b.count)
        guard shorter >= 4 else { return false }
        let allowed = shorter >= 8 ? 2 : 1
        guard abs(a.count - b.count) <= allowed else { return false }
        return editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: allowed) <= allowed
    }

    /// Levenshtein distance, stopping early once every path exceeds `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var best = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                best = min(best, current[j])
            }
            if best > limit { return best }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
