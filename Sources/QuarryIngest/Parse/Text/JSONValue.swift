import Foundation

/// One JSON value read whole, for the JSON files that are not JSON Lines: a CSL JSON array, a
/// lone CSL item, an arXiv record written over several lines.
enum JSONValue {
    /// Why bytes are not one JSON value, in Foundation's words made a clause: "unexpected end of
    /// file during JSON parse", "too many nested arrays or dictionaries around character 513".
    struct Invalid: Error, Equatable {
        var detail: String
    }

    /// The value the bytes hold (a `[Any]`, a `[String: Any]`, a string, a number, `NSNull`), a
    /// UTF-8 byte-order mark skipped; `Invalid` when they are not exactly one JSON value.
    static func parse(_ bytes: [UInt8]) -> Result<Any, Invalid> {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Data(bytes.dropFirst(3)) : Data(bytes)
        do {
            return .success(try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]))
        } catch {
            let said = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            var detail = said.trimmingCharacters(in: .whitespaces)
            if detail.hasSuffix(".") { detail.removeLast() }
            if let first = detail.first, detail.dropFirst().first?.isLowercase == true {
                detail = first.lowercased() + detail.dropFirst()
            }
            return .failure(Invalid(detail: detail.isEmpty ? "not one JSON value" : detail))
        }
    }
}
