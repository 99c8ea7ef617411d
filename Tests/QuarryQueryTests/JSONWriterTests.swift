import Foundation
import QuarryModel
import QuarryTestSupport
import Testing

@testable import QuarryQuery

/// `JSONWriter` writes what `JSONEncoder` (sorted keys, slashes unescaped) writes, byte for byte.
@Suite struct JSONWriterTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func written(_ value: some JSONWritable) -> String {
        var writer = JSONWriter()
        writer.write(value)
        return writer.text
    }

    @Test(arguments: [
        "", "plain", "quote \" and backslash \\ and slash /", "tab\tnew\nline\r\nform\u{0C}back\u{08}",
        "\u{0}\u{1}\u{B}\u{E}\u{F}\u{10}\u{1A}\u{1F}\u{7F}", "naïve résumé", "e\u{301}\"\u{301}", "😀 emoji",
        "\u{2028}\u{2029}\u{FEFF}", "エンジンの設計", "\\u0041 is not unescaped",
    ])
    func stringsAreWrittenAsTheEncoderWritesThem(text: String) throws {
        #expect(Self.written(text) == (try Self.encoded(text)))
        #expect(Self.written([text, text]) == (try Self.encoded([text, text])))
    }

    @Test(arguments: [
        0.0, -0.0, 1, 2.5, -3, 100, 0.1, 1e-5, 1e-7, 1e15, 1e16, 1e20, 1e21, 1.5e300, 5e-324, 11.943764070997188,
        123_456_789.123, Double.greatestFiniteMagnitude,
    ])
    func numbersAreWrittenAsTheEncoderWritesThem(number: Double) throws {
        #expect(Self.written(number) == (try Self.encoded(number)))
    }

    @Test func objectsHaveSortedKeysNullsAndNesting() throws {
        var writer = JSONWriter()
        writer.object { object in
            for key in ["venues", "venue_name", "venue", "b", "a_b", "ab", "a10", "a2", "A", "_a"] {
                object.field(key, key.count)
            }
            object.field("none", Int?.none)
            object.field("facets", [FacetCount(value: "LG", count: 3)])
            object.field("flags", [true, false])
            object.field("nested") { $0.object { $0.field("z", "y") } }
        }
        var expected: [String: AnyEncodable] = [:]
        for key in ["venues", "venue_name", "venue", "b", "a_b", "ab", "a10", "a2", "A", "_a"] {
            expected[key] = AnyEncodable(key.count)
        }
        expected["none"] = AnyEncodable(Int?.none)
        expected["facets"] = AnyEncodable([FacetCount(value: "LG", count: 3)])
        expected["flags"] = AnyEncodable([true, false])
        expected["nested"] = AnyEncodable(["z": "y"])
        #expect(writer.text == (try Self.encoded(expected)))
    }

    @Test func aNumberThatIsNotFiniteFailsTheDocument() {
        var writer = JSONWriter()
        writer.object { $0.field("score", Double.nan) }
        #expect(writer.failed)
        #expect(JSONOutput.error("fine", exit: 64) == #"{"error":"fine","exit":64,"version":1}"#)
    }

    /// Generated strings of every kind of character: always the encoder's bytes.
    @Test func generatedStringsAreWrittenAsTheEncoderWritesThem() throws {
        let pieces = [
            "a", "Z", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "e\u{301}", "😀", "中",
        ]
        var random = SplitMix64(seed: 8)
        for _ in 0..<500 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                .joined()
            #expect(Self.written(text) == (try Self.encoded(text)), "\(Array(text.unicodeScalars))")
        }
    }
}

/// Any encodable value, for a dictionary of mixed values.
private struct AnyEncodable: Encodable {
    let encodeValue: (Encoder) throws -> Void
    init(_ value: some Encodable) { encodeValue = value.encode(to:) }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
