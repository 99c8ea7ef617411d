import Foundation
import QuarryModel

/// The line that opens an entry on a profile page, gluing an optional score, a category code,
/// a date and sometimes a `Code` marker: `DCFeb 11`, `LGNov 26, 2023`, `BMJun 24, 2025Code`, `69.4LGApr 29`.
struct EntryHeader: Equatable {
    var code: String
    var date: PartialDate
    var score: Double?
    var hasCode: Bool

    static let months = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]

    /// Parses `line`, or returns nil when it is not an entry header.
    init?(_ line: String) {
        var rest = Substring(line.trimmed)
        let scoreText = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        rest = rest.dropFirst(scoreText.count)

        // The code is the run of capitals before the month name: "LGNov" splits as LG + Nov.
        var found: (code: Substring, month: Int, rest: Substring)?
        for length in 2...4 {
            let code = rest.prefix(length)
            guard code.count == length, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else { break }
            if let (month, after) = EntryHeader.month(at: rest.dropFirst(length)) {
                found = (code, month, after)
                break
            }
        }
        guard let found else { return nil }
        rest = found.rest

        // " 26" then optionally ", 2023", then optionally "Code".
        guard rest.first == " " else { return nil }
        rest = rest.dropFirst()
        let dayText = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...2).contains(dayText.count), let day = Int(dayText), (1...31).contains(day) else { return nil }
        rest = rest.dropFirst(dayText.count)
        var year: Int?
        if rest.hasPrefix(", ") {
            let yearText = rest.dropFirst(2).prefix { $0.isASCII && $0.isNumber }
            guard yearText.count == 4, let value = Int(yearText) else { return nil }
            year = value
            rest = rest.dropFirst(2 + 4)
        }
        let hasCode = rest == "Code"
        guard rest.isEmpty || hasCode else { return nil }
        if !scoreText.isEmpty && Double(scoreText) == nil { return nil }

        self.code = String(found.code)
        self.date = PartialDate(year: year, month: found.month, day: day)
        self.score = Double(scoreText)
        self.hasCode = hasCode
    }

    /// A month name (three letters or more of it, optional dot) at the start of `text`.
    private static func month(at text: Substring) -> (Int, Substring)? {
        let letters = text.prefix { $0.isASCII && $0.isLetter }
        guard letters.count >= 3, letters.first?.isUppercase == true else { return nil }
        let lower = letters.lowercased()
        guard let index = months.firstIndex(where: { $0.hasPrefix(lower) }) else { return nil }
        var rest = text.dropFirst(letters.count)
        if rest.first == "." { rest = rest.dropFirst() }
        return (index + 1, rest)
    }
}
