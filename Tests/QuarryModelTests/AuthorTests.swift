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

    @Test(arguments: [
        ("Juno Pell", true), ("J. R. R. Tolkien", true), ("Hans van der Berg", true), ("Balázs Szegedy", true),
        ("José de la Cruz", true), ("Zhao-Hui Tang", true), ("Sam O'Neil", true),
        ("Pell", false), ("Presented at the workshop", false), ("Improved accuracy by 20%", false),
        ("Department of Computer Science, Georgia Institute of Technology", false), ("Juno Pell; Wren Alcott", false),
        ("We study routing.", false), ("one two three four five six", false), ("juno@example.org Pell", false),
    ])
    func personNameShapes(text: String, isName: Bool) {
        #expect(Normalize.looksLikePersonName(text) == isName)
    }
}

/// Author values a facet may show, and values it may not.
@Suite("Author names in facets")
struct AuthorNameTests {
    @Test(arguments: [
        ("Juno Pell", true), ("Wil M. P. van der Aalst", true), ("Cheedella V S N M S Hema Harshitha", true),
        ("Telmo de Menezes e Silva Filho", true), ("Acme Research and Sons", true), ("Kimi Team", true),
        ("Fanqing Meng Lingxiao Du Jiawei Gu Jiaqi Liao Linjie Li", false), ("GPT-5", false),
        ("Carlos Ordonez 0002", false), ("claude. ai", false), ("Saliva Diagnostics: A new Industry", false),
        ("She brings calm attention to detail and care", false), ("", false),
    ])
    func authorValues(text: String, isName: Bool) {
        #expect(Normalize.isAuthorName(text) == isName)
    }
}

/// Venue values that are venues.
@Suite("Venue values")
struct VenueValueTests {
    @Test(arguments: [
        ("SIGMOD Conference", true), ("cs.LG", true), ("Journal of Nanophotonics", true),
        ("I.2.7", false), ("68T07", false), ("(Primary)", false), ("2020:", false), ("68T07, 68T50 (Primary)", false),
        (String(repeating: "Proceedings of things ", count: 6), false),
    ])
    func venueValues(name: String, isVenue: Bool) {
        #expect(VenueAliases.isVenue(Venue(name: name)) == isVenue)
    }
}

/// The same venue's names in DBLP, ACM, profiles and resumes are one venue.
@Suite("Venue aliases")
struct VenueAliasTests {
    @Test(arguments: [
        ("SIGMOD Conference", "SIGMOD"), ("International Conference on Management of Data", "SIGMOD"),
        ("VLDB", "VLDB"), ("Very Large Data Bases", "VLDB"), ("VLDB J.", "VLDB J."),
        ("The VLDB Journal \u{2014} The International Journal on Very Large Data Bases", "VLDB J."),
        ("SIGMOD Record", "SIGMOD Record"), ("ACM SIGMOD Record", "SIGMOD Record"),
        ("ACM Trans. Database Syst.", "TODS"), ("ACM Transactions on Database Systems (TODS)", "TODS"),
        ("CogSci '24", "CogSci"), ("NeurIPS 2023", "NeurIPS"), ("Journal of Routing", "Journal of Routing"),
    ])
    func namesOfOneVenue(name: String, canonical: String) {
        #expect(VenueAliases.canonical(Venue(name: name)).facetValue == canonical)
    }
}
