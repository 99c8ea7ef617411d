/// The plural `s` that Snowball's English stemmer keeps: after a consonant cluster with at most
/// one vowel before the `s` (`llms`, `cnns`, `gpus`, `fpgas`), and after a digit (`a100s`,
/// `h100s`, `1990s`). English words of that shape are short, mostly plurals too (`skis`, `spas`,
/// `pros`), and the few that are not (`plus`, `thus`, `this`) meet no other word when the `s` goes,
/// so the index and the query drop it alike and `LLMs` meets `LLM`.
enum AcronymPlural {
    /// The word without its plural `s`, or nil when the rule does not apply. `word` is folded
    /// (lower case); only ASCII letters and digits are looked at.
    static func singular(of word: String) -> String? {
        let bytes = Array(word.utf8)
        guard bytes.count >= 3, bytes.last == UInt8(ascii: "s") else { return nil }
        let body = bytes.dropLast()
        guard body.allSatisfy({ isLetter($0) || isDigit($0) }), let last = body.last, last != UInt8(ascii: "s")
        else { return nil }
        if body.contains(where: isDigit) {
            // `a100s`, `1990s`: the s right after a digit.
            return isDigit(last) ? String(decoding: body, as: UTF8.self) : nil
        }
        // Letters: two or more consonants, then at most one vowel (`gpu`, `fpga`, `llm`).
        var consonants = body[...]
        if isVowel(last) { consonants = consonants.dropLast() }
        guard consonants.count >= 2, !consonants.contains(where: isVowel) else { return nil }
        return String(decoding: body, as: UTF8.self)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isVowel(_ byte: UInt8) -> Bool { "aeiou".utf8.contains(byte) }
}
