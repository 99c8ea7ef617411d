import Foundation
import QuarryIndex
import QuarryModel
import QuarryQuery
import Testing

/// Every form `quarry search --help` documents, alone and combined with every other by every
/// operator (fields, phrases, wildcards, NEAR/ADJ, boosts, ranges, NOT, groups), against the
/// real index of the seed corpus: read leniently none fails; read strictly each either runs or
/// is a query error (exit 64) — never an index or internal error (the kind of case 23).
@Suite struct DocumentedFormsTests {
    var index: IndexedCorpus { get throws { try SearchTests.shared.get() } }

    /// The forms of the help's query language and of its examples.
    static let forms: [String] = [
        "sparse", "sparse attention", "\"mixture of experts\"", "atten*", "title:moe", "author:\"Ahan Gupta\"",
        "venue:LG", "kind:resume", "category:advocate", "section:education", "skill:pytorch", "folder:Corpus",
        "year:2024", "year:2023..2025", "year:2024..", "year:..2024", "date:2024-06..2025-01", "date:2024-06",
        "moe OR attention", "-gpu", "NOT gpu", "mixture NEAR/3 experts", "successor ADJ/2 function", "title:moe^3",
        "(sparse OR dense) attention", "authored:(mixture of experts)", "title:(sparse attention)",
        "title:atten*", "doi:10.1145/3341301.3359630", "arxiv:2503.11731", "key:pell2024", "body:attention",
    ]

    /// Every form `quarry search --help` shows: its query-language and lenient rows, and the
    /// example of each field (`doi:10.1145/X`, `isbn:9780262033848`), as the help prints them.
    static let helpForms: [String] =
        QueryLanguage.forms
        + Schema.fields.compactMap { $0.help.split(separator: " ").first.map(String.init) }

    /// The help's forms and the list above, each once.
    static let everyForm: [String] = {
        var seen: Set<String> = []
        return (forms + helpForms).filter { seen.insert($0).inserted }
    }()

    /// Ways two forms combine.
    static let combinators: [@Sendable (String, String) -> String] = [
        { "\($0) \($1)" }, { "\($0) OR \($1)" }, { "\($0) AND \($1)" }, { "\($0) NEAR/3 \($1)" },
        { "\($0) ADJ/2 \($1)" }, { "\($0) -\($1)" }, { "(\($0))^2 \($1)" }, { "NOT (\($0) \($1))" },
        { "title:(\($0) \($1))" },
    ]

    /// Every form alone; every pair of the list above joined by every combinator; each form of
    /// the help with each of the list, both ways round, by one combinator in turn.
    static var combinations: [String] {
        var queries = everyForm
        for first in forms {
            for second in forms { queries += combinators.map { $0(first, second) } }
        }
        var turn = 0
        for first in everyForm where !forms.contains(first) {
            for second in forms {
                queries.append(combinators[turn % combinators.count](first, second))
                queries.append(combinators[(turn + 1) % combinators.count](second, first))
                turn += 1
            }
        }
        return queries
    }

    /// The help lists forms this test knows (its rows are data the command prints).
    @Test func theHelpsFormsAreTested() {
        #expect(Self.helpForms.count >= 40)
        #expect(Self.helpForms.contains("isbn:9780262033848") && Self.helpForms.contains("19\" rack"))
    }

    @Test func everyFormAndCombinationRunsOrIsAQueryError() throws {
        let searcher = try Searcher(location: index.location)
        var lenient = SearchOptions(facets: ["kind"], limit: 3, suggest: false)
        lenient.snippets = false
        var strict = lenient
        strict.strict = true
        var errors = 0
        var ran = 0
        for query in Self.combinations {
            do {
                _ = try searcher.search(query, options: lenient)
            } catch {
                Issue.record("lenient reading failed: \(query): \(error.localizedDescription)")
            }
            do {
                _ = try searcher.search(query, options: strict)
                ran += 1
            } catch {
                errors += 1
                switch error {
                case .syntax, .plan:
                    #expect(error.exitCode == 64 && !(error.errorDescription ?? "").isEmpty)
                default:
                    Issue.record("strict reading gave a non-query error: \(query): \(error.localizedDescription)")
                }
            }
        }
        #expect(Self.combinations.count > 9000 && ran > errors, "\(ran) ran, \(errors) query errors")
    }

    /// Each form alone finds what the help says it finds, strictly too.
    @Test(arguments: forms)
    func eachFormRunsStrictly(form: String) throws {
        var strict = SearchOptions(limit: 3)
        strict.strict = true
        _ = try Searcher(location: index.location).search(form, options: strict)
    }
}
