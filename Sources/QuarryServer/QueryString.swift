import Foundation

/// The name=value pairs of a URL's query string, as an HTML form sends them with GET
/// (`application/x-www-form-urlencoded`: `+` is a space, `%XX` a byte of UTF-8).
struct QueryString: Sendable, Equatable {
    /// The pairs in order; a name may repeat (`f=author:A&f=year:2024`).
    var pairs: [Pair]

    struct Pair: Sendable, Equatable {
        var name: String
        var value: String
    }

    init(_ pairs: [Pair] = []) { self.pairs = pairs }

    /// Parses the part after `?` (nil or empty: no pairs). Undecodable escapes are kept as typed.
    init(parsing raw: String?) {
        pairs = (raw ?? "").split(separator: "&", omittingEmptySubsequences: true).map { part in
            let name: Substring
            let value: Substring
            if let equals = part.firstIndex(of: "=") {
                name = part[..<equals]
                value = part[part.index(after: equals)...]
            } else {
                name = part
                value = ""
            }
            return Pair(name: Self.decode(name), value: Self.decode(value))
        }
    }

    /// Every value of `name`, in order.
    func values(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    /// The first value of `name`, nil when absent.
    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// The first value of `name` as an integer, nil when absent or not a number.
    func int(_ name: String) -> Int? { first(name).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    /// Adds a pair.
    mutating func append(_ name: String, _ value: String) { pairs.append(Pair(name: name, value: value)) }

    /// The encoded query string (without `?`).
    var encoded: String {
        pairs.map { Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    /// Characters left as they are in a form-encoded name or value.
    private static let unreserved = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._*")

    /// Form encoding: unreserved characters kept, spaces as `+`, the rest as `%XX` of UTF-8.
    static func encode(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == " " {
                out += "+"
            } else if unreserved.contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { out += String(format: "%%%02X", byte) }
            }
        }
        return out
    }

    /// Form decoding: `+` is a space, `%XX` a byte; the text as it was when the escapes do not decode.
    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
