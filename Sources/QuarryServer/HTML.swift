/// Markup that escapes by construction: the literal parts of an `HTML` string are trusted
/// markup, and every interpolated `String` is escaped (`&`, `<`, `>`, `"`, `'`), so a title
/// such as `<script>` reaches the page as text. Interpolate `HTML` to nest trusted markup.
///
///     let row: HTML = "<a href=\"\(link)\">\(title)</a>"   // link and title are escaped
struct HTML: ExpressibleByStringInterpolation, CustomStringConvertible, Sendable {
    /// The markup.
    private(set) var text: String

    /// Markup from a trusted literal.
    init(stringLiteral value: String) { text = value }

    init(stringInterpolation: StringInterpolation) { text = stringInterpolation.text }

    private init(markup: String) { text = markup }

    var description: String { text }

    /// Markup pieces joined in order.
    init(joining parts: [HTML], separator: HTML = "") {
        text = parts.map(\.text).joined(separator: separator.text)
    }

    /// Text escaped for element content and quoted attribute values.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    struct StringInterpolation: StringInterpolationProtocol {
        var text = ""

        init(literalCapacity: Int, interpolationCount: Int) { text.reserveCapacity(literalCapacity * 2) }

        mutating func appendLiteral(_ literal: String) { text += literal }

        /// Text: escaped.
        mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }

        /// A number.
        mutating func appendInterpolation(_ value: Int) { text += String(value) }

        /// Trusted markup, as it is.
        mutating func appendInterpolation(_ markup: HTML) { text += markup.text }

        /// Trusted markup pieces, one after another.
        mutating func appendInterpolation(_ parts: [HTML]) { text += parts.map(\.text).joined() }
    }
}
