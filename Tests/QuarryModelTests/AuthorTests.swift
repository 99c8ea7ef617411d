import QuarryModel
import Testing

/// One author once per paper: spellings that differ only by initials are one person.
@Suite("Author lists")
struct AuthorTests {
    @Test(arguments: [
        (["Wren Alcott", "J. Pell", "Idris Okafor", "Juno Pell"], ["Wren Alcott", "Juno Pell", "Idris Okafor"]),
        (["K. Sinha", "Kartik Sinha"], ["Kartik Sinha"]),
        (["Kartik Sinha", "K. Sinha", "Kavya Sinha"], ["Kartik Sinha", "Kavya Sinha"]),
        (["A. B. Gupta", "Ahan Gupta", "V. Gupta"], ["A. B. Gupta", "V. Gupta"]),
        (["Balázs Szegedy", "B. Szegedy"], ["Balázs Szegedy"]),
        (["J. Pell", "J. Pell"], ["J. Pell"]),
        (["Juno Pell", "Jane Pell"], ["Juno Pell", "Jane Pell"]),
        (["Pell"], ["Pell"]),
    ])
    func spellingsOfOnePersonAreOneAuthor(list: [String], unique: [String]) {
        #expect(Normalize.uniqueAuthors(list) == unique)
    }
}
