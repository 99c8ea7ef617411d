import Foundation
import Testing

@testable import QuarryIngest

/// The byte-level fast paths of the resume parser against the general paths they stand for
/// (Characters, Unicode scalars, Foundation), on ASCII text and on text that is not: combining
/// marks after ASCII, "\r\n", non-ASCII white space, a prepended Arabic sign, emoji.
struct ByteFastPathTests {
    /// Texts for the Character-level paths: every one holds something a byte-level shortcut could get wrong.
    static let texts: [String] = [
        "", " ", "plain ASCII words, 12 digits: 555 123 4567", "a\r\nb\rc\nd", "\r\n\r\n", "tab\there\u{0B}\u{0C}x",
        "e\u{301}te\u{301} cafe\u{301}", "- \u{301}bullet", " \u{301} ", "1\u{20E3} keycap", "\u{0600}1 prepended",
        "\u{0600} x", "naïve · text | with\u{85}odd\u{2003}spaces\u{A0}and\u{3000}ideographic",
        "📞 +1 (470) 334-9450 🇺🇸", "(555)\u{301} 123-4567", "\u{1C}\u{1D}\u{1E}\u{1F} separators",
        "Tél. +33 123 45 67 89 · müller@café.fr", "x\u{200D}y 9\u{FE0F}", "한국어 텍스트 010-1234-5678", "|a|b | c|",
        "trailing white space \u{2028}", "e\u{301}\r\n\u{301}",
    ]

    @Test(arguments: texts)
    func charactersAreTheStringsCharacters(_ text: String) {
        var fast: [(String, UInt8?)] = []
        let utf8 = text.utf8
        ByteText.forEachCharacter(in: text) { start, end, byte in
            let slice = utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)]
            fast.append((String(Substring(slice)), byte))
        }
        let general = text.map { character in
            (String(character), character.utf8.count == 1 ? character.utf8.first : nil)
        }
        #expect(fast.map(\.0) == general.map(\.0))
        #expect(fast.map(\.1) == general.map(\.1))
    }

    @Test(arguments: texts + ["1234567", "12345678", "123456789abcdefé", "é1234567", "1234567é", "abcdefgh\u{7F}"])
    func asciiTestIsTheByteTest(_ text: String) {
        #expect(ByteText.isASCII(text) == text.utf8.allSatisfy { $0 < 0x80 })
        #expect(ByteText.isASCII(text.dropFirst()) == text.dropFirst().utf8.allSatisfy { $0 < 0x80 })
    }

    @Test(arguments: texts)
    func whitespaceTokensAreTheCharacterSplit(_ text: String) {
        #expect(ByteText.whitespaceTokens(of: text) == text.split(whereSeparator: \.isWhitespace))
        #expect(ContactInfo.tokens(of: text) == text.split(whereSeparator: { $0.isWhitespace || $0 == "|" }))
    }

    @Test(arguments: texts)
    func trimmedIsTheCharacterTrim(_ text: String) {
        let general: String = {
            guard let start = text.firstIndex(where: { !$0.isWhitespace }),
                let end = text.lastIndex(where: { !$0.isWhitespace })
            else { return "" }
            return String(text[start...end])
        }()
        #expect(text.trimmed == general)
        #expect(text[...].trimmed == general)
    }

    /// The phone scan Character by Character, as it was before the byte-level path: runs of
    /// ASCII digits, spaces, `+`, `-` and parentheses, each checked by `phoneNumber(inRun:)`.
    static func phonesByCharacter(_ text: String) -> [String] {
        var runs = [""]
        for character in text {
            if character.isASCII && character.isNumber || " +-()".contains(character) {
                runs[runs.count - 1].append(character)
            } else if !runs[runs.count - 1].isEmpty {
                runs.append("")
            }
        }
        return runs.compactMap(ContactInfo.phoneNumber(inRun:))
    }

    @Test(
        arguments: texts + [
            "call (555) 123-4567 or +91 99925 26231 — or 555\u{301}1234567890", "12345678901234567890",
            "Phone:\u{A0}+1 470 334 9450\r\n(+91 9992526231)", "٠١٢٣٤٥٦٧٨٩ 0123456789",
        ])
    func phoneNumbersAreTheCharacterScan(_ text: String) {
        #expect(ContactInfo.phoneNumbers(in: text) == Self.phonesByCharacter(text))
    }

    /// ASCII texts of phone-number characters and a few others (the byte path's own loop), drawn
    /// at random: the same numbers as the Character scan.
    @Test func asciiPhoneNumbersAreTheCharacterScan() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["0", "1", "5", "9", " ", "+", "-", "(", ")", "a", ".", "\n", "\r\n", "\t", "  "]
        for _ in 0..<2000 {
            let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            #expect(ContactInfo.phoneNumbers(in: text) == Self.phonesByCharacter(text), "\(text.debugDescription)")
        }
    }

    /// Tokens around an email or link: the ASCII trim is the Character trim.
    @Test(arguments: [
        "", ".", "(name@host.org),", "\"x@y.z\".", "Email:a@b.co", ":a@b.co", "e-mail:a@b.co", "Web:https://x.org",
        "https://x.org/a:b", "<www.site.com>;", "'*[link]*'", "a1:b@c.d", "mail:", "...", "(:)",
    ])
    func asciiTrimIsTheCharacterTrim(_ token: String) {
        #expect(ContactInfo.asciiTrimPunctuation(token[...]) == Self.trimByCharacter(token[...]))
        #expect(ContactInfo.trimPunctuation(token[...]) == Self.trimByCharacter(token[...]))
    }

    /// The Character trim, as `trimPunctuation` does it for any token.
    static func trimByCharacter(_ token: Substring) -> String {
        let edge: Set<Character> = ["(", ")", "[", "]", "<", ">", ",", ";", ".", "\"", "'", "“", "”", "*"]
        var text = token
        while let first = text.first, edge.contains(first) { text = text.dropFirst() }
        while let last = text.last, edge.contains(last) { text = text.dropLast() }
        if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy(\.isLetter), !text.contains("://") {
            text = text[text.index(after: colon)...]
        }
        return String(text)
    }

    static let lines: [String] = [
        "EDUCATION", "Work Experience:", "## Skills", "**Publications**", "  Technical Skills  ",
        "Managed a team of five engineers across three sites and shipped the product on time",
        "Education and Training and Research and Teaching Skills", "A B C D E F G", "# # # A B C D E F",
        "Skills:::", "education", "Éducation", "Expe\u{301}rience", "Skills\r\n", "Work History",
        "Summary of Qualifications", "PROFESSIONAL EXPERIENCE 2019", "Core Qualifications", "O'Neil's Awards",
        String(repeating: "Skills ", count: 9), String(repeating: "x", count: 61), "Profile", "",
    ]

    @Test(arguments: lines)
    func headingTitleIsTheCharacterPath(_ line: String) {
        #expect(SectionHeading.title(of: line) == SectionHeading.titleByCharacters(of: line))
        if SectionHeading.isLongASCII(line) { #expect(SectionHeading.titleByCharacters(of: line) == nil) }
    }

    @Test(
        arguments: lines.filter { ByteText.isASCII($0) } + ["Don't Stop 'Now'", "A1 Skills", "Skills & Tools -- Work"])
    func asciiHeadingKeyIsTheScalarPath(_ line: String) {
        #expect(LaidOutResume.asciiHeadingKey(line) == LaidOutResume.unicodeHeadingKey(line))
    }

    @Test(arguments: ["PyTorch,", "C++", "Node.JS", "O'Neil", "(2019)", "---", "ABC123xyz"])
    func asciiWordKeyIsTheCharacterPath(_ token: String) {
        #expect(RepeatFilter.asciiKey(of: token[...]) == token.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    @Test(arguments: [
        "ana@uni.edu", "see https://ana.dev", "www.ana.dev", "no contact here", "Tél: ana@café.fr",
        "https:// and · more", "wwww.x", "ö www.example.org", "",
    ])
    func contactLineIsFoundationsSearch(_ line: String) {
        let general = line.contains("@") || line.contains("://") || line.contains("www.")
        #expect(LaidOutResume.isContact(line) == general)
    }

    @Test(arguments: [
        "Tools: PyTorch, JAX", "a: b: c", ": leading", "trailing: ", "none", "", "x:y: z", "Languages:  Python",
    ])
    func asciiComponentsAreFoundations(_ text: String) {
        #expect(ByteText.components(of: text, separatedBy: ": ") == text.components(separatedBy: ": "))
    }

    @Test(arguments: [
        ("self-\nattention", "-\n"), ("no hyphen\nhere", "-\n"), ("carriage-\rreturn", "-\r"),
        ("naïve-\nversion", "-\n"),
        ("end -", "-\n"), ("é-\r\nx", "-\r"),
    ])
    func byteSearchIsFoundationsSearch(_ text: String, _ needle: String) {
        #expect(ByteText.contains(text, needle) == text.contains(needle))
    }

    @Test(arguments: [
        "Programming skills - C++, Python, Rust", "Skills -- Excel - Word", "no dash", "a -b - c", " - ", "",
    ])
    func asciiDashIsFoundationsSearch(_ text: String) {
        // In ASCII text only " - " of the three dashes can occur.
        let general = [" – ", " — ", " - "].lazy.compactMap({ text.range(of: $0) }).first
        let offsets = { (range: Range<String.Index>) in
            (
                text.utf8.distance(from: text.startIndex, to: range.lowerBound),
                text.utf8.distance(from: text.startIndex, to: range.upperBound)
            )
        }
        #expect(
            ByteText.range(of: " - ", in: text).map(offsets).map { [$0.0, $0.1] }
                == general.map(offsets).map { [$0.0, $0.1] })
    }
}
