import Foundation
import QuarryModel

/// Finds skills in a resume: labelled lists anywhere ("Tools: PyTorch, Triton, JAX",
/// "Programming skills – C++ (DSA and OOP), Python, C") and plain comma lists in a skills section.
enum SkillExtractor {
    /// Label words that announce a list of skills.
    static let labelWords: Set<String> = [
        "skill", "skills", "tool", "tools", "language", "languages", "library", "libraries",
        "framework", "frameworks", "technology", "technologies", "software", "programming",
        "platforms", "databases", "stack", "expertise", "proficiency", "technical",
    ]
    static let longestItem = 4
    static let fewestItems = 3

    /// The skills of the sections, deduplicated case-insensitively, first spelling kept.
    static func skills(in sections: [ResumeSection]) -> [String] {
        var skills: [String] = []
        var seen: Set<String> = []
        for section in sections {
            let inSkillsSection = Normalize.words(of: section.title).contains { $0 == "skills" || $0 == "skill" }
            for text in section.lines + section.bullets {
                var lists = labelledLists(in: text)
                if lists.isEmpty, inSkillsSection, let items = items(of: text) { lists = [items] }
                for item in lists.joined() where seen.insert(item.lowercased()).inserted {
                    skills.append(item)
                }
            }
        }
        return skills
    }

    /// The lists in `text` whose label names skills; one text may hold several
    /// ("Tools: PyTorch, JAX, Wandb Languages: Python, Rust, C++").
    static func labelledLists(in text: String) -> [[String]] {
        // Labels end with ": " (never part of a URL); without one, a dash may separate label and list.
        // Text without a colon, a hyphen or an en or em dash (E2 80 93/94) has neither.
        let colon = ByteText.contains(text, byte: UInt8(ascii: ":"))
        guard colon || ByteText.contains(text, byte: UInt8(ascii: "-")) || ByteText.contains(text, byte: 0xE2) else {
            return []
        }
        // ASCII text byte by byte (it cannot hold the en or em dash); other text through Foundation.
        let isASCII = ByteText.isASCII(text)
        var parts = isASCII ? ByteText.components(of: text, separatedBy: ": ") : text.components(separatedBy: ": ")
        if parts.count < 2,
            let dash = isASCII
                ? ByteText.range(of: " - ", in: text)
                : [" – ", " — ", " - "].lazy.compactMap({ text.range(of: $0) }).first
        {
            parts = [String(text[..<dash.lowerBound]), String(text[dash.upperBound...])]
        }
        guard parts.count >= 2 else { return [] }

        var lists: [[String]] = []
        var label = parts[0]
        for index in 1..<parts.count {
            var body = parts[index]
            var nextLabel = ""
            if index + 1 < parts.count {
                // The next label sits at the end of this part: "…, Streamlit Languages".
                (body, nextLabel) = splitTrailingLabel(body)
            }
            if isSkillLabel(label), let items = items(of: body) { lists.append(items) }
            label = nextLabel
        }
        return lists
    }

    /// A list of at least three short items, parenthetical notes removed, or nil.
    static func items(of list: String) -> [String]? {
        let items = TextCleanup.removingParentheses(list)
            .split { $0 == "," || $0 == ";" }
            .map { String($0).trimmingEdges { $0 == "." || $0.isWhitespace } }
            .filter { !$0.isEmpty }
        guard items.count >= fewestItems,
            items.allSatisfy({ $0.tokenCount <= longestItem && $0.contains(where: \.isLetter) })
        else { return nil }
        return items
    }

    private static func isSkillLabel(_ label: String) -> Bool {
        let words = Normalize.words(of: label)
        return !words.isEmpty && words.count <= 6 && words.contains(where: labelWords.contains)
    }

    /// Splits "PyTorch, JAX, Streamlit Languages" into the list and the next list's label.
    private static func splitTrailingLabel(_ body: String) -> (String, String) {
        let lastComma = body.lastIndex(of: ",") ?? body.startIndex
        let tail = body[lastComma...].split(whereSeparator: \.isWhitespace)
        if let last = tail.last, labelWords.contains(last.lowercased()) {
            guard let labelStart = body.range(of: String(last), options: .backwards)?.lowerBound else {
                return (body, "")
            }
            return (String(body[..<labelStart]), String(last))
        }
        // Otherwise the whole last item is the label.
        return (String(body[..<lastComma]), String(body[lastComma...].dropFirst()))
    }

}
