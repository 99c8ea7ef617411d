import Foundation
import Testing

@testable import QuarryModel

/// The schema table's promises: Xapian's term limit, value encodings, facet keying, term prefixes.
@Suite struct SchemaTests {
    /// `fitTerm`: at most 245 bytes, whole characters, a hash that keeps long terms apart.
    @Test(arguments: [
        String(repeating: "a", count: 245),  // exactly the limit: kept whole
        String(repeating: "a", count: 246),
        String(repeating: "é", count: 123),  // 2-byte characters, the cut falls between two
        "a" + String(repeating: "€", count: 82),  // 3-byte characters, the cut falls inside one
        "a" + String(repeating: "😀", count: 62),  // 4-byte characters: 3 of 4 bytes before the cut
        "ab" + String(repeating: "😀", count: 62),
        "Sshort",
    ])
    func fittedTermsStayUnderXapiansLimit(term: String) {
        let fitted = Schema.fitTerm(term)
        #expect(fitted.utf8.count <= Schema.maxTermBytes)
        #expect(Schema.fitTerm(fitted) == fitted, "fitting twice changes nothing")
        if term.utf8.count <= Schema.maxTermBytes {
            #expect(fitted == term)
            return
        }
        let parts = fitted.split(separator: "#")
        #expect(parts.count == 2 && parts[1].count == 16)
        let kept = String(parts[0])
        #expect(term.hasPrefix(kept), "a cut keeps whole characters of the term")
        #expect(!kept.contains("\u{FFFD}"))
        #expect(kept.utf8.count > Schema.maxTermBytes - 17 - 4, "the cut loses less than one character")
    }

    @Test func longTermsThatDifferAfterTheCutStayApart() {
        let base = String(repeating: "x", count: 300)
        #expect(Schema.fitTerm(base + "a") != Schema.fitTerm(base + "b"))
        #expect(Schema.fitTerm(base + "a").utf8.count == Schema.maxTermBytes)
    }

    /// Dates are `yyyymmdd` numbers; a bound's start takes 00, its end 99 for what it leaves out.
    @Test(arguments: [
        ("2024", false, 20_240_000), ("2024", true, 20_249_999),
        ("2024-06", false, 20_240_600), ("2024-06", true, 20_240_699),
        ("2024-06-15", false, 20_240_615), ("2024-06-15", true, 20_240_615),
    ])
    func dateBounds(text: String, end: Bool, number: Int) {
        #expect(Schema.Sortable.date.bound(text, end: end) == number)
    }

    /// Relative dates on a fixed today, 2026-03-15 (noon, local time).
    static let today = RelativeDate.calendar.date(from: DateComponents(year: 2026, month: 3, day: 15, hour: 12))!

    @Test(arguments: [
        ("today", "2026-03-15", false), ("yesterday", "2026-03-14", false), ("this-month", "2026-03", false),
        ("last-month", "2026-02", false), ("this-year", "2026", false), ("last-year", "2025", false),
        ("Last-Year", "2025", false), ("30days", "2026-02-13", true), ("2weeks", "2026-03-01", true),
        ("6months", "2025-09-15", true), ("6mo", "2025-09-15", true), ("1year", "2025-03-15", true),
        ("3y", "2023-03-15", true), ("1d", "2026-03-14", true),
    ])
    func relativeDatesAreTheDatesAUserWouldType(text: String, date: String, isDuration: Bool) throws {
        let resolved = try #require(RelativeDate.resolve(text, today: Self.today))
        #expect(resolved.date == date)
        #expect(resolved.isDuration == isDuration)
    }

    @Test func lastMonthInJanuaryIsDecember() throws {
        let january = try #require(
            RelativeDate.calendar.date(from: DateComponents(year: 2026, month: 1, day: 9, hour: 12)))
        #expect(RelativeDate.resolve("last-month", today: january)?.date == "2025-12")
    }

    @Test(arguments: ["6", "months", "6 months", "6minutes", "-6months", "lastyear", "2024", "99999days"])
    func textThatIsNoRelativeDate(text: String) {
        #expect(RelativeDate.resolve(text, today: Self.today) == nil)
    }

    /// A relative bound is the bound of the date it means: `last-year` is `2025`, from its first to its last day.
    @Test(arguments: [
        ("last-year", false, 20_250_000), ("last-year", true, 20_259_999), ("6months", false, 20_250_915),
        ("this-month", true, 20_260_399),
    ])
    func relativeDateBounds(text: String, end: Bool, number: Int) {
        #expect(Schema.Sortable.date.bound(text, end: end, today: Self.today) == number)
        #expect(Schema.Sortable.year.bound(text, end: end, today: Self.today) == number / 10_000)
    }

    @Test(arguments: ["2024-13", "2024-06-32", "24", "2024-6-x", "", "june", "2024-06-15-01"])
    func textThatIsNoDate(text: String) {
        #expect(Schema.Sortable.date.bound(text, end: false) == nil)
    }

    @Test(arguments: [
        (PartialDate(year: 2024, month: 6, day: 15), 20_240_615, 2024),
        (PartialDate(year: 2024, month: 6), 20_240_600, 2024),
        (PartialDate(year: 2024), 20_240_000, 2024),
    ])
    func documentsStoreTheirDateAndYearAsNumbers(date: PartialDate, dateNumber: Int, year: Int) {
        #expect(Schema.date.range?.sortable.number(for: date) == dateNumber)
        #expect(Schema.year.range?.sortable.number(for: date) == year)
    }

    @Test func aDateWithoutAYearHasNoNumber() {
        #expect(Schema.Sortable.date.number(for: PartialDate(month: 2, day: 11)) == nil)
        #expect(Schema.Sortable.year.number(for: PartialDate(month: 2, day: 11)) == nil)
    }

    /// Facet keying: what the slot stores and what a filter's term holds.
    @Test(arguments: [
        (Schema.author, "  Balázs   Szegedy ", "balazs szegedy", true),
        (Schema.skill, "PyTorch ", "pytorch", true),
        (Schema.skill, "C++", "c++", true),
        (Schema.venue, "Machine   Learning", "Machine Learning", false),
        (Schema.kind, "paper", "paper", false),
    ])
    func facetsKeyTheirValues(field: Schema.Field, value: String, stored: String, keyed: Bool) throws {
        let facet = try #require(field.facet)
        #expect(facet.keying.storedValue(value) == stored)
        #expect(facet.keying.isKeyed == keyed)
        #expect(field.facetTerm(value) == field.facetTerm(value.uppercased()), "a filter ignores case")
        #expect(field.facetTerm(value)?.hasSuffix(stored.lowercased()) == true)
    }

    /// Every field's prefix is its own: none is a prefix of another field's, so `field(ofTerm:)`
    /// is never ambiguous, and none begins like the body's lower-case words.
    @Test func prefixesAreDistinctAndUpperCase() {
        let prefixes = Schema.termPrefixes
        #expect(Set(prefixes).count == prefixes.count)
        for prefix in prefixes {
            #expect(prefix.first?.isUppercase == true, "\(prefix)")
            #expect(!prefixes.contains { $0 != prefix && $0.hasPrefix(prefix) && prefix.count > 1 }, "\(prefix)")
        }
    }

    @Test(arguments: [
        ("Slynx", "title", "lynx"), ("Avima", "author", "vima"), ("XVlg", "venue", "lg"),
        ("XKpytorch", "skill", "pytorch"),
        ("Y2024", "year", "2024"), ("Kpaper", "kind", "paper"), ("lynx", "body", "lynx"), ("infer", "body", "infer"),
    ])
    func termsKnowTheirField(term: String, field: String, word: String) {
        let found = Schema.field(ofTerm: term)
        #expect(found.field.name == field && found.word == word)
        #expect(Schema.field(named: field)?.term(word) == term)
    }

    @Test(arguments: [
        (Schema.kind, "poem", false), (Schema.kind, "Paper", true), (Schema.year, "2024", true),
        (Schema.year, "soon", false), (Schema.title, "anything", true),
    ])
    func queriesGiveValuesTheFieldAccepts(field: Schema.Field, value: String, accepted: Bool) {
        #expect((field.problem(with: value) == nil) == accepted)
    }
}

/// Merge keys: built and read in one place.
@Suite struct MergeKeyTests {
    @Test(arguments: [
        (MergeKey.paper(titleKey: "lynx enabling efficient moe"), "paper:lynx enabling efficient moe", Kind.paper),
        (MergeKey.position(.paper, path: "/c/untitled.txt", ordinal: 3), "paper@/c/untitled.txt#3", .paper),
        (MergeKey.resume(datasetRow: "csv:ds:2400:7"), "resume:csv:ds:2400:7", .resume),
        (MergeKey.position(.resume, path: "/c/cv.txt", ordinal: 0), "resume@/c/cv.txt#0", .resume),
        (MergeKey.position(.document, path: "/c/notes.txt", ordinal: 0), "document@/c/notes.txt#0", .document),
        (MergeKey.paper(titleKey: "a").group("arxiv:2501.01234"), "paper:a#arxiv:2501.01234", .paper),
    ])
    func keysReadBackAsBuilt(key: MergeKey, text: String, kind: Kind) {
        #expect(key.rawValue == text && key.kind == kind)
        #expect(MergeKey(rawValue: text) == key)
        #expect(key.itemID.first == kind.rawValue.first && key.itemID.count == 13)
    }

    @Test func itemIDsAreStableAndDistinct() {
        let a = MergeKey.paper(titleKey: "lynx")
        let b = MergeKey.paper(titleKey: "lynx").group("1")
        #expect(a.itemID == MergeKey(rawValue: "paper:lynx").itemID)
        #expect(a.itemID != b.itemID)
    }
}
