import Foundation

/// The query language as `quarry search --help` shows it, each form beside what it means, in
/// one place: the command prints it and a test runs every form it lists, alone and combined.
public enum QueryLanguage {
    /// One row of the help: one or more forms (two spaces apart) and the lines saying what they mean.
    public struct Row: Sendable {
        public var forms: String
        public var meaning: [String]

        init(_ forms: String, _ meaning: String...) {
            self.forms = forms
            self.meaning = meaning
        }
    }

    /// The syntax.
    public static let syntax: [Row] = [
        Row(
            "sparse attention", "every word must match (stemmed); if no document",
            "has them all, any word, and the output says so", "(--match all: every word, strictly)"),
        Row(
            "\"mixture of experts\"", "an exact phrase, words as written: \"organ\" does not",
            "find organization (Mixture-of-Experts matches)"),
        Row("atten*", "words starting with \"atten\""),
        Row("field:value", "a word in a field; field:\"a phrase\"; field:(a b)"),
        Row("year:2023..2025", "years; open ends: year:2024.. year:..2024"),
        Row("date:2024-06..2025-01", "dates (YYYY, YYYY-MM, YYYY-MM-DD); date:2024-06"),
        Row("date:last-year", "relative to today: today, yesterday, this-month,"),
        Row(
            "date:6months..", "last-month, this-year, last-year; or back from",
            "today: 30days, 2weeks, 6months, 1year (alone:", "since then)"),
        Row("moe OR attention", "either (OR binds tighter than the implicit AND)"),
        Row("-gpu   NOT gpu", "without the word"),
        Row("a NEAR/3 b", "within 3 words, any order"),
        Row("a ADJ/2 b", "b within 2 words after a"),
        Row("title:moe^3", "weigh a part more (or less: ^0.5)"),
        Row("(a OR b) c", "parentheses group"),
        Row("authored:(Q)", "people who wrote a paper matching Q"),
        Row("ISBN 0262033844", "an arXiv id, DOI or ISBN typed as the query finds", "its item first"),
    ]

    /// How text that is not valid syntax is read (leniently, by default).
    public static let lenient: [Row] = [
        Row("19\" rack", "an unclosed quote: plain words 19 rack"),
        Row("php date() nedelands", "empty parentheses, a stray ')' or a missing ')'"),
        Row("*** stop: 0x1E", "a '*' alone or in front of a word: ignored"),
        Row(
            "a - b   a OR   AND b", "a dash between spaces, operators with nothing",
            "on one side: ignored"),
        Row("auther:gupta", "an unknown field is text (\"did you mean author?\")"),
        Row("kind:poem  year:soon", "a value the field cannot take is text"),
        Row("WHY AND HOW", "an all-capitals query has no operators"),
        Row("what is -dash (in) x?", "a sentence (ends in . ? !) has no grouping or NOT"),
    ]

    /// Every form the rows list (a row's forms are two or more spaces apart), syntax first.
    public static var forms: [String] {
        (syntax + lenient).flatMap { row in
            row.forms.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
    }

    /// The rows as help text: each form indented by two, its meaning from column 25.
    public static func text(_ rows: [Row]) -> String {
        rows.flatMap { row in
            row.meaning.enumerated().map { index, line in
                let left = index == 0 ? row.forms : ""
                return "  " + left + String(repeating: " ", count: max(1, 23 - left.count)) + line
            }
        }.joined(separator: "\n")
    }
}
