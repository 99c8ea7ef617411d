import Foundation

/// Canonical venues and the ways sources spell them: `CogSci '24` and "Proceedings of the
/// Annual Meeting of the Cognitive Science Society" are one venue, `CogSci`.
public enum VenueAliases {
    /// A canonical venue and the phrases (as `Normalize.titleKey` words) that name it.
    struct Entry {
        let code: String
        let name: String
        /// Key phrases: a venue text holding one of these (as whole words) is this venue.
        let phrases: [String]
        /// Short forms that must be the whole text (or the text with a year): `cogsci`, `cogsci 24`.
        let codes: [String]
    }

    /// Seeded from the venue names in the shared data: the profile pages' and resumes' venues, and
    /// the DBLP and ACM names of the same database venues (`SIGMOD Conference` and the ACM's
    /// "International Conference on Management of Data"; `VLDB J.` and "The VLDB Journal — …").
    /// A journal comes before a conference whose phrase its name contains.
    static let entries: [Entry] = [
        Entry(
            code: "VLDB J.", name: "The VLDB Journal",
            phrases: ["vldb journal", "international journal on very large data bases"], codes: ["vldb j", "vldbj"]),
        Entry(
            code: "VLDB", name: "International Conference on Very Large Data Bases",
            phrases: ["very large data bases", "very large databases"], codes: ["vldb"]),
        Entry(
            code: "SIGMOD Record", name: "ACM SIGMOD Record",
            phrases: ["sigmod record"], codes: ["sigmod rec"]),
        Entry(
            code: "SIGMOD", name: "ACM SIGMOD International Conference on Management of Data",
            phrases: ["international conference on management of data", "sigmod conference"], codes: ["sigmod"]),
        Entry(
            code: "TODS", name: "ACM Transactions on Database Systems",
            phrases: ["transactions on database systems"], codes: ["tods", "acm trans database syst"]),
        Entry(
            code: "CogSci", name: "Annual Meeting of the Cognitive Science Society",
            phrases: [
                "annual meeting of the cognitive science society", "annual conference of the cognitive science society",
            ],
            codes: ["cogsci"]),
        Entry(
            code: "NeurIPS", name: "Conference on Neural Information Processing Systems",
            phrases: ["neural information processing systems"], codes: ["neurips", "nips"]),
        Entry(
            code: "ICML", name: "International Conference on Machine Learning",
            phrases: ["international conference on machine learning"], codes: ["icml"]),
        Entry(
            code: "ICLR", name: "International Conference on Learning Representations",
            phrases: ["international conference on learning representations"], codes: ["iclr"]),
        Entry(
            code: "ACL", name: "Annual Meeting of the Association for Computational Linguistics",
            phrases: ["annual meeting of the association for computational linguistics"], codes: ["acl"]),
        Entry(
            code: "EMNLP", name: "Conference on Empirical Methods in Natural Language Processing",
            phrases: ["empirical methods in natural language processing"], codes: ["emnlp"]),
        Entry(
            code: "CVPR", name: "Conference on Computer Vision and Pattern Recognition",
            phrases: ["conference on computer vision and pattern recognition"], codes: ["cvpr"]),
        Entry(
            code: "SIGIR", name: "ACM SIGIR Conference on Research and Development in Information Retrieval",
            phrases: ["research and development in information retrieval"], codes: ["sigir"]),
        Entry(
            code: "SC",
            name: "International Conference for High Performance Computing, Networking, Storage and Analysis",
            phrases: ["high performance computing networking storage and analysis"], codes: ["sc", "supercomputing"]),
        Entry(
            code: "MLSys", name: "Conference on Machine Learning and Systems",
            phrases: ["conference on machine learning and systems"], codes: ["mlsys"]),
        Entry(
            code: "OSDI", name: "USENIX Symposium on Operating Systems Design and Implementation",
            phrases: ["operating systems design and implementation"], codes: ["osdi"]),
        Entry(
            code: "ASPLOS",
            name: "International Conference on Architectural Support for Programming Languages and Operating Systems",
            phrases: ["architectural support for programming languages and operating systems"], codes: ["asplos"]),
        Entry(
            code: "PLDI", name: "ACM SIGPLAN Conference on Programming Language Design and Implementation",
            phrases: ["programming language design and implementation"], codes: ["pldi"]),
    ]

    /// The longest venue name: longer text is a citation or a sentence, not a venue's name.
    public static let longestName = 100

    /// Whether a venue is one: a name of at most `longestName` characters that is not made only
    /// of classification codes (`I.2.7`, `68T07`, `(Primary)`, `2020:`).
    public static func isVenue(_ venue: Venue) -> Bool {
        let text = venue.facetValue
        guard !text.isEmpty, text.count <= longestName, venue.name.count <= 3 * longestName else { return false }
        let tokens = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" })
        return !tokens.allSatisfy(isClassificationCode)
    }

    /// An ACM (`I.2.7`, `H.3.3`) or MSC (`68T07`, `68Uxx`) class, `(Primary)`, `(Secondary)` or a bare year with a colon.
    static func isClassificationCode(_ token: Substring) -> Bool {
        let word = token.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        if ["primary", "secondary", "msc", "acm", "class", "classes"].contains(
            word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":.")))
        {
            return true
        }
        let characters = Array(word)
        if characters.count == 5, characters[0].isNumber, characters[1].isNumber, characters[2].isUppercase,
            characters[3...].allSatisfy({ $0.isNumber || $0 == "x" })
        {
            return true
        }
        if let first = characters.first, first.isUppercase, characters.count >= 3, characters[1] == ".",
            characters.dropFirst(2).allSatisfy({ $0.isNumber || $0 == "." || $0 == "m" })
        {
            return true
        }
        return word.hasSuffix(":") && word.dropLast().allSatisfy(\.isNumber)
    }

    /// The canonical venue for `venue`, or `venue` itself when no alias matches.
    /// arXiv categories (codes with a dot, like `cs.LG`) are already canonical.
    public static func canonical(_ venue: Venue) -> Venue {
        if let code = venue.code, code.contains("."), ArxivCategory.names[code] != nil { return venue }
        let texts = [venue.code, venue.name].compactMap { $0 }.map(Normalize.titleKey)
        for entry in entries {
            for text in texts {
                let words = text.split(separator: " ").filter { Int($0) == nil }.joined(separator: " ")
                if entry.codes.contains(words) { return Venue(code: entry.code, name: entry.name) }
                if entry.phrases.contains(where: { (" " + text + " ").contains(" " + $0 + " ") }) {
                    return Venue(code: entry.code, name: entry.name)
                }
            }
        }
        return venue
    }
}
