/// Email addresses, links and phone numbers found in a resume's text.
struct ContactInfo: Equatable {
    var emails: [String] = []
    var links: [String] = []
    var phones: [String] = []

    /// Hosts whose bare addresses (without http://) count as links.
    static let linkHosts = ["linkedin.com/", "github.com/", "gitlab.com/", "scholar.google.", ".github.io"]

    /// Scans `text`, keeping each value once in order of appearance.
    init(scanning text: String) {
        for raw in text.split(whereSeparator: { $0.isWhitespace || $0 == "|" }) {
            let token = ContactInfo.trimPunctuation(raw)
            if ContactInfo.isEmail(token) {
                append(token, to: &emails)
            } else if ContactInfo.isLink(token) {
                append(token, to: &links)
            }
        }
        for phone in ContactInfo.phoneNumbers(in: text) {
            append(phone, to: &phones)
        }
    }

    private func append(_ value: String, to list: inout [String]) {
        if !list.contains(where: { $0.lowercased() == value.lowercased() }) { list.append(value) }
    }

    private static func trimPunctuation(_ token: Substring) -> String {
        let edge: Set<Character> = ["(", ")", "[", "]", "<", ">", ",", ";", ".", "\"", "'", "“", "”", "*"]
        var text = token
        while let first = text.first, edge.contains(first) { text = text.dropFirst() }
        while let last = text.last, edge.contains(last) { text = text.dropLast() }
        // "Email:name@host" glued to its label.
        if let colon = text.firstIndex(of: ":"), !text.contains("://"), text[..<colon].allSatisfy(\.isLetter) {
            text = text[text.index(after: colon)...]
        }
        return String(text)
    }

    /// `name@host.tld` with plain characters on both sides.
    static func isEmail(_ token: String) -> Bool {
        let parts = token.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) }
        return parts[0].allSatisfy(allowed) && parts[1].allSatisfy(allowed)
    }

    /// `http(s)://…`, `www.…`, or a bare address on a known host (`linkedin.com/in/…`, `name.github.io`).
    static func isLink(_ token: String) -> Bool {
        let lower = token.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return lower.count > 8 }
        if lower.hasPrefix("www.") { return lower.count > 6 }
        return linkHosts.contains { lower.contains($0) }
    }

    /// Runs of digits, spaces, `+`, `-` and parentheses holding 10 to 15 digits in at most five groups.
    static func phoneNumbers(in text: String) -> [String] {
        var phones: [String] = []
        var run = ""
        func finish() {
            var candidate = run.trimmingEdges { $0 == " " || $0 == "-" }
            run = ""
            // A parenthesis belonging to the surrounding text: "(+1 470 334 9450)".
            if candidate.hasPrefix("("), !candidate.contains(")") { candidate = candidate.trimmingEdges { $0 == "(" } }
            if candidate.hasSuffix(")"), !candidate.contains("(") { candidate = candidate.trimmingEdges { $0 == ")" } }
            let digits = candidate.filter { $0.isASCII && $0.isNumber }
            let groups = candidate.split { !($0.isASCII && $0.isNumber) }
            guard (10...15).contains(digits.count), groups.count <= 5,
                let first = candidate.first, first == "+" || first == "(" || first.isNumber
            else { return }
            phones.append(candidate)
        }
        for character in text {
            if (character.isASCII && character.isNumber) || " +-()".contains(character) {
                run.append(character)
            } else {
                finish()
            }
        }
        finish()
        return phones
    }
}
