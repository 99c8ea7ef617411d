import QuarryModel

/// A text file of no known shape.
enum PlainText {
    static let longestTitle = 200

    /// One document titled by the first non-blank line, or nothing for a blank file.
    static func records(text: String, lines: [String], path: String) -> [Record] {
        guard var title = lines.first(where: { !$0.isEmpty }) else { return [] }
        if path.lowercased().hasSuffix(".md") {
            title = title.trimmingEdges { $0 == "#" || $0.isWhitespace }
        }
        if title.count > longestTitle { title = String(title.prefix(longestTitle)).trimmed }
        return [.document(PlainDocument(title: title, text: text))]
    }
}
