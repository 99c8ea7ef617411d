import QuarryTestSupport
import Testing

@testable import QuarryModel

/// Person keys, name matching, partial dates and venue aliases: the keys that decide what is one thing.
@Suite struct NormalizeTests {
    @Test(arguments: [
        ("Balázs Szegedy", "balazs szegedy"), ("  Vima   Gupta ", "vima gupta"), ("VIMA GUPTA", "vima gupta"),
        ("Jürgen Müller", "jurgen muller"), ("O'Brien, J.", "obrien j"), ("Ahan-Kumar Gupta", "ahan kumar gupta"),
        ("François Chollet", "francois chollet"),
    ])
    func personKeysFoldCaseSpacingAndDiacritics(name: String, key: String) {
        #expect(Normalize.personKey(name) == key)
    }

    @Test(arguments: [
        ("K. Sinha", "Kartik Sinha", true), ("Kartik Sinha", "Kavya Sinha", false), ("K Sinha", "Kavya Sinha", true),
        ("A. B. Gupta", "Ahan Gupta", true), ("Ahan Gupta", "Vima Gupta", false),
        ("Balázs Szegedy", "B. Szegedy", true),
        ("Sinha", "K. Sinha", false), ("Sinha", "SINHA", true), ("J. Pell", "J. Pelle", false),
        ("Juno Pell", "Jane Pell", false), ("J. Pell", "Jane Pell", true),
    ])
    func namesMatchOnSurnameAndInitials(a: String, b: String, same: Bool) {
        #expect(Normalize.sameAuthor(a, b) == same)
        #expect(Normalize.sameAuthor(b, a) == same, "matching is symmetric")
        #expect(PersonName(a).matches(PersonName(b)) == same)
    }

    @Test(arguments: [
        ("Lynx: Enabling Efficient MoE Inference", "lynx enabling efficient moe inference"),
        ("  Lynx:  enabling EFFICIENT   MoE  inference ", "lynx enabling efficient moe inference"),
        ("Über die Zählung", "uber die zahlung"),
    ])
    func titleKeysIgnoreCasePunctuationAndSpacing(title: String, key: String) {
        #expect(Normalize.titleKey(title) == key)
    }

    @Test(arguments: [
        (PartialDate(year: 2023, month: 11, day: 26), "2023-11-26"), (PartialDate(year: 2024, month: 6), "2024-06"),
        (PartialDate(year: 2024), "2024"), (PartialDate(month: 2, day: 11), "--02-11"), (PartialDate(month: 6), "--06"),
        (PartialDate(), ""), (PartialDate(year: 2024, day: 3), "2024"),
    ])
    func partialDatesShowTheirKnownParts(date: PartialDate, text: String) {
        #expect(date.description == text)
    }

    @Test(arguments: [
        (Venue(code: "CogSci '24", name: "CogSci '24"), "CogSci"),
        (Venue(name: "Proceedings of the Annual Meeting of the Cognitive Science Society"), "CogSci"),
        (Venue(name: "Advances in Neural Information Processing Systems 36"), "NeurIPS"),
        (Venue(name: "NeurIPS 2023"), "NeurIPS"),
        (Venue(name: "NIPS"), "NeurIPS"),
        (Venue(name: "ICML"), "ICML"),
        (Venue(code: "SC '23", name: "SC '23"), "SC"),
        (Venue(code: "cs.LG", name: "Machine Learning"), "cs.LG"),
        (Venue(name: "ICML Workshop on Efficient Systems"), "ICML Workshop on Efficient Systems"),
        (Venue(name: "Journal of Cognition"), "Journal of Cognition"),
    ])
    func venueAliasesAreOneVenue(venue: Venue, canonical: String) {
        #expect(VenueAliases.canonical(venue).facetValue == canonical)
    }
}

/// The byte-by-byte paths for ASCII text give what the Unicode paths give, on hand-picked and
/// generated ASCII strings (every control and punctuation character included).
@Suite struct NormalizeASCIITests {
    static let picked = [
        "", " ", "  Vima \t\n  Gupta ", "a\r\nb", "O'Brien, J.", "x\u{0B}y\u{0C}z", "Mixture-of-Experts (MoE) 2024",
        "GPT-4's 1.5x speed-up; 100% ok!", "\t\tlead and trail\n\n", "A100s H100 LLMs", "a\u{1F}b\u{7F}c",
    ]

    static var generated: [String] {
        var random = SplitMix64(seed: 11)
        return (0..<300).map { _ in
            String(decoding: (0..<Int(random.next() % 40)).map { _ in UInt8(random.next() % 128) }, as: UTF8.self)
        }
    }

    @Test func wordsAndSpacesAgreeWithTheUnicodePaths() {
        for text in Self.picked + Self.generated {
            #expect(Normalize.asciiWords(of: text) == Normalize.unicodeWords(of: text), "\(text.debugDescription)")
            #expect(
                Normalize.asciiCollapsedSpaces(text) == Normalize.unicodeCollapsedSpaces(text),
                "\(text.debugDescription)")
            #expect(
                Normalize.asciiIsAuthorName(text) == Normalize.unicodeIsAuthorName(text), "\(text.debugDescription)")
            #expect(Normalize.asciiSkillKey(text) == Normalize.unicodeSkillKey(text), "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        "PyTorch", " pytorch. ", "C++", "C#", "(SQL)", "[Node.js]", "- Excel;", "...", "", "  Machine   Learning: ",
        "MS-Office", "*Java*", "Go\r\n", "R,",
    ])
    func asciiSkillKeyIsFoundationsFolding(_ skill: String) {
        #expect(Normalize.asciiSkillKey(skill) == Normalize.unicodeSkillKey(skill))
    }

    /// Author values of every shape `isAuthorName` tells apart, and generated ones made of name
    /// words, initials, particles, lower-case words with periods and refused characters.
    @Test func authorNamesAgreeWithTheUnicodePath() {
        var random = SplitMix64(seed: 12)
        let pieces = [
            "Juno", "Pell", "J.", "M.", "Jr.", "van", "DER", "de", "al.", "et", "x", "Ab.", "claude.", "ai", "O'Neil",
            "Zhao-Hui", "0002", "GPT-5", "A;", "Q?", "wow!", "a@b", "Note:", ".", "..", "-", "e", "y",
        ]
        let separators = [" ", "  ", "\t", "\n", "\r\n", "\u{0B}"]
        let generated = (0..<2000).map { _ in
            (0..<Int(random.next() % 8)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined(separator: separators[Int(random.next() % UInt64(separators.count))])
        }
        for text in Self.picked + Self.generated + generated {
            #expect(
                Normalize.asciiIsAuthorName(text) == Normalize.unicodeIsAuthorName(text), "\(text.debugDescription)")
        }
        #expect(generated.contains { Normalize.isAuthorName($0) } && generated.contains { !Normalize.isAuthorName($0) })
    }

    @Test(arguments: ["Balázs", "naïve café", "a\u{A0}b", "x\u{2019}s"])
    func nonASCIITextTakesTheUnicodePath(text: String) {
        #expect(Normalize.asciiWords(of: text) == nil)
        #expect(Normalize.asciiCollapsedSpaces(text) == nil)
        #expect(Normalize.asciiIsAuthorName(text) == nil)
        #expect(Normalize.asciiSkillKey(text) == nil)
        #expect(Normalize.words(of: text) == Normalize.unicodeWords(of: text))
    }
}
