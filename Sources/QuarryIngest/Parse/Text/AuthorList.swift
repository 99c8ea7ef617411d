import Foundation

/// Splitting a line of author names.
enum AuthorList {
    /// Names split on commas and " and "; "et al." is never a name but marks the list as truncated.
    static func split(_ line: String) -> (names: [String], truncated: Bool) {
        var names: [String] = []
        var truncated = false
        for item in line.split(separator: ",") {
            for part in item.components(separatedBy: " and ") {
                var name = part.trimmed
                for suffix in ["et al.", "et al"] where name.lowercased().hasSuffix(suffix) {
                    truncated = true
                    name = String(name.dropLast(suffix.count)).trimmed
                    break
                }
                if !name.isEmpty { names.append(name) }
            }
        }
        return (names, truncated)
    }
}
