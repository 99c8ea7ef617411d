import Foundation

/// One `.I` record of a SMART file: its id, its fields by letter, and the line it starts on.
public struct SmartRecord: Sendable, Equatable {
    /// The text after `.I`, trimmed (`"184"`, `"001"`).
    public var id: String
    /// Field letter (`T`, `A`, `B`, `W`) → its lines joined, whitespace collapsed to single spaces.
    public var fields: [Character: String]
    /// The 1-based line of the `.I` marker.
    public var line: Int

    /// Creates a record.
    public init(id: String, fields: [Character: String], line: Int) {
        self.id = id
        self.fields = fields
        self.line = line
    }

    /// A field's text, or "" when the record lacks it.
    public subscript(field: Character) -> String { fields[field] ?? "" }
}

/// The SMART format of the classic test collections, read the way the bench harness
/// (`bench/benchlib/smart.py`) reads it, so that both score the same documents and queries.
public enum SmartFormat {
    /// The records of a SMART file.
    ///
    /// Carriage returns are dropped first (the files mix CRLF and LF). A record starts at
    /// a line `.I <id>`; inside it, a line that is a dot, an upper-case ASCII letter and then
    /// nothing or a blank (`.T`, `.W`, `.T some text`) opens a field, and every following line
    /// belongs to that field. Lines before the first field marker and text before the first
    /// `.I` are ignored. A repeated field letter continues the field. Values are the lines
    /// joined with whitespace collapsed, as the harness's `' '.join(' '.join(v).split())`.
    public static func records(in text: String) -> [SmartRecord] {
        var records: [SmartRecord] = []
        var current: (id: String, line: Int, fields: [Character: [Substring]])? = nil
        var field: Character? = nil

        func finish() {
            guard let open = current else { return }
            var fields: [Character: String] = [:]
            for (letter, lines) in open.fields { fields[letter] = collapse(lines.joined(separator: " ")) }
            records.append(SmartRecord(id: open.id, fields: fields, line: open.line))
        }

        for (index, line) in lines(of: text).enumerated() {
            let scalars = Array(line.unicodeScalars.prefix(3))
            let isMarker =
                scalars.count >= 2 && scalars[0] == "." && ("A"..."Z").contains(scalars[1])
                && (scalars.count == 2 || scalars[2] == " " || scalars[2] == "\t")
            if isMarker && scalars[1] == "I" {
                finish()
                current = (trim(line.dropFirst(2)), index + 1, [:])
                field = nil
            } else if isMarker, current != nil {
                let letter = Character(scalars[1])
                field = letter
                let rest = line.dropFirst(2)
                current!.fields[letter, default: []].append(contentsOf: isBlank(rest) ? [] : [rest])
            } else if let letter = field, current != nil {
                current!.fields[letter, default: []].append(line)
            }
        }
        finish()
        return records
    }

    /// The lines of a text with every carriage return dropped (the files mix CRLF and LF).
    /// Scalars, not Characters, are filtered: `"\r\n"` is one Character and would hide its `"\r"`.
    public static func lines(of text: String) -> [Substring] {
        let unix = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\r" }))
        return unix.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Authors as the harness splits them: on ` and `, `;` and `,`, each trimmed, empty
    /// parts dropped (`"brenckman,m."` gives `["brenckman", "m."]`).
    public static func authors(_ field: String) -> [String] {
        collapse(field)
            .split(whereSeparator: { $0 == ";" || $0 == "," })
            .flatMap { $0.components(separatedBy: " and ") }
            .map(trim)
            .filter { !$0.isEmpty }
    }

    /// A query as the harness sends it to every engine: lower-cased, cut into runs of
    /// `[a-z0-9]`, everything else a separator (so no query syntax survives).
    public static func queryTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                terms.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { terms.append(String(current)) }
        return terms
    }

    /// Whitespace runs as one space, ends trimmed (Python's `' '.join(s.split())`).
    public static func collapse(_ text: String) -> String {
        text.split(whereSeparator: isSpace).joined(separator: " ")
    }

    /// The first `count` Unicode scalars of `text` (Python's `s[:count]`).
    public static func prefix(_ text: String, _ count: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(count)))
    }

    /// Python's notion of whitespace: Unicode white space plus the ASCII separators U+001C–U+001F.
    static func isSpace(_ character: Character) -> Bool {
        character.isWhitespace || character.unicodeScalars.allSatisfy { (0x1C...0x1F).contains($0.value) }
    }

    /// `text` without leading and trailing whitespace (Python's `strip()`).
    static func trim<S: StringProtocol>(_ text: S) -> String {
        guard let start = text.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = text.lastIndex(where: { !isSpace($0) })!
        return String(text[start...end])
    }

    /// True when `text` is empty or only whitespace.
    static func isBlank<S: StringProtocol>(_ text: S) -> Bool { text.allSatisfy(isSpace) }
}
