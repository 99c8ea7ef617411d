/// Email addresses, links and phone numbers found in a resume's text.
struct ContactInfo: Equatable {
    var emails: [String] = []
    var links: [String] = []
    var phones: [String] = []

    /// Hosts whose bare addresses (without http://) count as links.
    static let linkHosts = ["linkedin.com/", "github.com/", "gitlab.com/", "scholar.google.", ".github.io"]

    /// Scans `text`, keeping each value once in order of appearance.
    init(scanning text: String) {
        // An email holds "@", a link "." or ":", even after its punctuation is trimmed: a word
        // with none of them is no contact (most words of a text are such).
        for raw in ContactInfo.tokens(of: text) where raw.utf8.contains(where: ContactInfo.contactBytes.contains) {
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

    /// The bytes that every email or link holds one of.
    private static let contactBytes: [UInt8] = Array("@.:".utf8)

    /// The text split at white space and "|".
    static func tokens(of text: String) -> [Substring] {
        ByteText.whitespaceTokens(of: text, orAt: UInt8(ascii: "|"))
    }

    private func append(_ value: String, to list: inout [String]) {
        if !list.contains(where: { $0.lowercased() == value.lowercased() }) { list.append(value) }
    }

    /// Punctuation around a token.
    private static let edge: Set<Character> = ["(", ")", "[", "]", "<", ">", ",", ";", ".", "\"", "'", "“", "”", "*"]

    static func trimPunctuation(_ token: Substring) -> String {
        if ByteText.isASCII(token) { return asciiTrimPunctuation(token) }
        var text = token
        while let first = text.first, edge.contains(first) { text = text.dropFirst() }
        while let last = text.last, edge.contains(last) { text = text.dropLast() }
        // "Email:name@host" glued to its label.
        if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy(\.isLetter), !ByteText.contains(text, "://")
        {
            text = text[text.index(after: colon)...]
        }
        return String(text)
    }

    /// `trimPunctuation` of an ASCII token, byte by byte (a byte is a Character there).
    static func asciiTrimPunctuation(_ token: Substring) -> String {
        let utf8 = token.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, asciiEdge.contains(utf8[start]) { start = utf8.index(after: start) }
        while start < end, asciiEdge.contains(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        var text = token[start..<end]
        if let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")),
            text.utf8[..<colon].allSatisfy(ByteText.isASCIILetter), !ByteText.contains(text, "://")
        {
            text = text[text.utf8.index(after: colon)...]
        }
        return String(text)
    }

    /// The ASCII members of `edge`, as bytes.
    private static let asciiEdge = Set(edge.compactMap { $0.asciiValue })

    /// `name@host.tld` with plain characters on both sides.
    static func isEmail(_ token: String) -> Bool {
        guard ByteText.contains(token, byte: UInt8(ascii: "@")) else { return false }
        let parts = token.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !parts[1].hasPrefix("."), !parts[1].hasSuffix(".")
        else { return false }
        let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || "._%+-".contains($0)) }
        return parts[0].allSatisfy(allowed) && parts[1].allSatisfy(allowed)
    }

    /// `http(s)://…`, `www.…`, or a bare address on a known host (`linkedin.com/in/…`, `name.github.io`).
    static func isLink(_ token: String) -> Bool {
        // Every form below holds a "." or a ":" (most words hold neither).
        guard token.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }) else { return false }
        let lower = token.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return lower.count > 8 }
        if lower.hasPrefix("www.") { return lower.count > 6 }
        return linkHosts.contains { ByteText.contains(lower, $0) }
    }

    /// The characters of a phone number: ASCII digits, space, `+`, `-` and parentheses.
    @inline(__always)
    private static func isPhoneByte(_ byte: UInt8) -> Bool {
        byte &- 0x30 < 10 || byte == 0x20 || byte == 0x2B || byte == 0x2D || byte == 0x28 || byte == 0x29
    }

    /// Runs of digits, spaces, `+`, `-` and parentheses holding 10 to 15 digits in at most five groups.
    static func phoneNumbers(in text: String) -> [String] {
        if ByteText.isASCII(text), let phones = text.utf8.withContiguousStorageIfAvailable(asciiPhoneNumbers) {
            return phones
        }
        var phones: [String] = []
        var run = ""
        // The run's ASCII digits: under ten, no trimming can make it a number (most runs are the
        // spaces between words).
        var digitsInRun = 0
        func finish() {
            if digitsInRun >= 10, let phone = phoneNumber(inRun: run) { phones.append(phone) }
            run = ""
            digitsInRun = 0
        }
        // A phone number's characters are single ASCII bytes: every other Character ends a run.
        ByteText.forEachCharacter(in: text) { _, _, byte in
            if let byte, isPhoneByte(byte) {
                run.unicodeScalars.append(Unicode.Scalar(byte))
                if byte &- 0x30 < 10 { digitsInRun += 1 }
            } else if !run.isEmpty {
                finish()
            }
        }
        finish()
        return phones
    }

    /// `phoneNumbers(in:)` of ASCII text (a byte is a Character there, and "\r\n" ends a run either
    /// way): a run is only copied out when it holds ten digits.
    static func asciiPhoneNumbers(_ bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var phones: [String] = []
        var start = -1
        var digits = 0
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : 0
            if isPhoneByte(byte) {
                if start < 0 { start = index }
                if byte &- 0x30 < 10 { digits += 1 }
                continue
            }
            if start >= 0, digits >= 10,
                let phone = phoneNumber(
                    inRun: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
            {
                phones.append(phone)
            }
            start = -1
            digits = 0
        }
        return phones
    }

    /// The phone number a run of digits, spaces, `+`, `-` and parentheses holds, or nil.
    static func phoneNumber(inRun run: String) -> String? {
        var candidate = run.trimmingEdges { $0 == " " || $0 == "-" }
        // A parenthesis belonging to the surrounding text: "(+1 470 334 9450)".
        if candidate.hasPrefix("("), !candidate.contains(")") { candidate = candidate.trimmingEdges { $0 == "(" } }
        if candidate.hasSuffix(")"), !candidate.contains("(") { candidate = candidate.trimmingEdges { $0 == ")" } }
        let digits = candidate.filter { $0.isASCII && $0.isNumber }
        let groups = candidate.split { !($0.isASCII && $0.isNumber) }
        guard (10...15).contains(digits.count), groups.count <= 5,
            let first = candidate.first, first == "+" || first == "(" || first.isNumber
        else { return nil }
        return candidate
    }
}
