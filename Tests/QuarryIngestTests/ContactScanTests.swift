import Testing

@testable import QuarryIngest

/// The contact scan and the profile statistics line that decide whether a text file is a resume
/// or a profile page, and the markup cleaning of resume lines: the values on tricky texts (ASCII
/// and not, long lines of prose, labels glued to values), which the byte-level fast paths must keep.
struct ContactScanTests {
    struct Case: Sendable, CustomStringConvertible {
        let text: String
        var emails: [String] = []
        var links: [String] = []
        var phones: [String] = []
        var description: String { String(text.prefix(40)) }
    }

    static let prose = String(repeating: "Interpolated facades litigate labyrinths, 1999 and 2004 (twice). ", count: 40)

    static let cases: [Case] = [
        Case(
            text: "Email:ana@uni.edu | Phone: +1 (470) 334-9450", emails: ["ana@uni.edu"], phones: ["+1 (470) 334-9450"]
        ),
        Case(
            text: "Web:https://ana.dev/cv and linkedin.com/in/ana.",
            links: ["linkedin.com/in/ana"]),
        Case(
            text: "www.example.org, ana.github.io and scholar.google.com/citations?user=x",
            links: ["www.example.org", "ana.github.io", "scholar.google.com/citations?user=x"]),
        Case(text: "Café Müller · Tél. +33 123 45 67 89 · müller@café.fr", phones: ["+33 123 45 67 89"]),
        Case(text: "(555) 123-4567\r\n(+91 9992526231)", phones: ["(555) 123-4567", "(+91 9992526231)"]),
        Case(text: "call 12345 or 2024-2025 (no phone: too few digits)"),
        Case(
            text: "ANA@UNI.EDU and ana@uni.edu once; GitHub.com/Ana", emails: ["ANA@UNI.EDU"], links: ["GitHub.com/Ana"]
        ),
        Case(text: "name@host without a dot, @handle, http://, www.x"),
        Case(text: prose),
        Case(
            text: prose + " reach me at ana@uni.edu or +1 470 334 9450", emails: ["ana@uni.edu"],
            phones: ["+1 470 334 9450"]),
    ]

    @Test(arguments: cases)
    func contactScan(_ c: Case) {
        let contact = ContactInfo(scanning: c.text)
        #expect(contact.emails == c.emails)
        #expect(contact.links == c.links)
        #expect(contact.phones == c.phones)
    }

    @Test(arguments: [
        "a b\tc\r\nd|e  |f\u{0B}g\u{0C}h", "naïve · text | with\u{85}odd\u{2003}spaces", "", "   ", "one",
    ])
    func tokensAreTheCharacterSplit(_ text: String) {
        let byCharacter = text.split(whereSeparator: { $0.isWhitespace || $0 == "|" })
        #expect(ContactInfo.tokens(of: text) == byCharacter)
    }

    @Test(arguments: [
        ("**Bold** text", "Bold text"), ("\\$3,000 and 50\\%", "$3,000 and 50%"), ("a * b", "a * b"),
        ("plain  text ", "plain text"), ("C:\\path\\_x", "C:\\path_x"), ("naïve **ü** \\#1", "naïve ü #1"),
    ])
    func markupIsCleaned(_ text: String, _ expected: String) {
        #expect(ResumeParser.cleanMarkup(text) == expected)
    }

    @Test(arguments: [
        ("h-index12", true), ("6papers", true), ("18 Citations", true), ("6 Papers", true), ("H-INDEX 7", true),
        ("papers", false), ("12", false), ("6 papers and more", false), ("", false),
        (prose, false), ("  1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 citations", true),
        ("\t6\u{0B}papers\r\n", true), ("6\u{A0}papers", true), ("١٢ papers", false),
        (String(repeating: "7 ", count: 40) + "h-index", true),
    ])
    func statisticsLine(_ line: String, _ expected: Bool) {
        #expect(ProfileParser.isStatisticsLine(line) == expected)
    }
}
