import Testing

@testable import QuarryIngest

/// Author-list clean-up acts on whole tokens: names holding the same letters stay whole.
@Suite("Author list clean-up")
struct AuthorListTests {
    @Test(
        arguments: [
            ("Juno Pell et al.", "Juno Pell", true),
            ("Juno Pell et al", "Juno Pell", true),
            ("Juno Pell and others", "Juno Pell", true),
            ("others", nil, true),
            ("et al.", nil, true),
            ("Juno Pell*", "Juno Pell", false),
            ("Juno Pell1,2", "Juno Pell", false),
            ("Wren Alcott†", "Wren Alcott", false),
            ("†Wren Alcott", "Wren Alcott", false),
            ("Juno Pell juno@example.org", "Juno Pell", false),
            ("Idris Okafor https://okafor.dev", "Idris Okafor", false),
            // Names that contain the same letters.
            ("Ahmet Al", "Ahmet Al", false),
            ("Mehmet Al.", "Mehmet Al.", false),
            ("Etal Bose", "Etal Bose", false),
            ("Mehmet Et Al", "Mehmet Et Al", false),
            ("Brothers Grimm", "Brothers Grimm", false),
            ("Ann Otherson", "Ann Otherson", false),
            ("Juno Pell III", "Juno Pell III", false),
            ("Louis XIV", "Louis XIV", false),
            ("Björn Ægir", "Björn Ægir", false),
            ("Sam O'Neil-Brown", "Sam O'Neil-Brown", false),
        ] as [(String, String?, Bool)])
    func cleanOneName(text: String, name: String?, truncated: Bool) {
        let cleaned = AuthorList.clean(text)
        #expect(cleaned.name == name)
        #expect(cleaned.truncated == truncated)
    }

    @Test(arguments: [
        ("Wren Alcott, J. Pell, Idris Okafor et al.", ["Wren Alcott", "J. Pell", "Idris Okafor"], true),
        ("Ahmet Al, Etal Bose and Ann Otherson", ["Ahmet Al", "Etal Bose", "Ann Otherson"], false),
        ("A. Smith1, B. Jones2*, C. Wu†", ["A. Smith", "B. Jones", "C. Wu"], false),
    ])
    func splitLists(line: String, names: [String], truncated: Bool) {
        let split = AuthorList.split(line)
        #expect(split.names == names)
        #expect(split.truncated == truncated)
    }

    /// The arXiv splitter uses the same clean-up.
    @Test func arxivAuthorsKeepNamesWithTheSameLetters() {
        let split = ArxivParser.splitAuthors("Ahmet Al, Mehmet Et Al, Juno Pell et al")
        #expect(split.names == ["Ahmet Al", "Mehmet Et Al", "Juno Pell"])
        #expect(split.truncated)
    }
}
