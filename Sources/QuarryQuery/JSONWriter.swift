import Foundation
import QuarryModel

/// Writes JSON text byte for byte as Foundation's `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` does, without its `Encoder` machinery (a search answer costed
/// 4 M instructions through it): no spaces, an object's keys in `String` order, `"`, `\` and
/// the control characters escaped (`\b \t \n \f \r`, else `\u00xx` in lower-case hex), every
/// other character as it is, a `Double` as its `description` less a final `.0`. A number that
/// is not finite fails the whole document, as the encoder does (`JSONOutput` then answers `{}`).
struct JSONWriter {
    /// The UTF-8 written so far.
    private(set) var bytes: [UInt8] = []
    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }
    /// A value could not be written (a number that is not finite).
    private(set) var failed = false

    /// Writes any value.
    mutating func write(_ value: some JSONWritable) {
        value.write(to: &self)
    }

    /// An object: `body` names its fields in any order; they are written sorted by key.
    mutating func object(_ body: (inout JSONObject) -> Void) {
        var object = JSONObject()
        body(&object)
        failed = failed || object.failed
        bytes.append(UInt8(ascii: "{"))
        for (index, field) in object.fields.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            string(field.key)
            bytes.append(UInt8(ascii: ":"))
            bytes += field.value
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// An array of values.
    mutating func array<Element>(_ elements: [Element], _ body: (inout JSONWriter, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            body(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func null() { bytes += "null".utf8 }

    mutating func bool(_ value: Bool) { bytes += (value ? "true" : "false").utf8 }

    mutating func integer(_ value: some BinaryInteger) { bytes += String(value).utf8 }

    mutating func number(_ value: Double) {
        guard value.isFinite else {
            failed = true
            null()
            return
        }
        let written = value.description.utf8
        bytes += written.count > 2 && written.suffix(2).elementsEqual(".0".utf8) ? written.dropLast(2) : written[...]
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += #"\""#.utf8
            case UInt8(ascii: "\\"): bytes += #"\\"#.utf8
            case 0x08: bytes += #"\b"#.utf8
            case 0x09: bytes += #"\t"#.utf8
            case 0x0A: bytes += #"\n"#.utf8
            case 0x0C: bytes += #"\f"#.utf8
            case 0x0D: bytes += #"\r"#.utf8
            case 0..<0x20:
                bytes += #"\u00"#.utf8
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A value written by `JSONEncoder` itself (its fragment is what it writes inside a document).
    mutating func encoded(_ value: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else {
            failed = true
            null()
            return
        }
        bytes += data
    }
}

/// The fields of an object being written (see `JSONWriter.object`).
struct JSONObject {
    fileprivate var fields: [(key: String, value: [UInt8])] = []
    fileprivate var failed = false

    /// A field written by `body`.
    mutating func field(_ key: String, _ body: (inout JSONWriter) -> Void) {
        var writer = JSONWriter()
        body(&writer)
        failed = failed || writer.failed
        fields.append((key, writer.bytes))
    }

    /// A field of a plain value.
    mutating func field(_ key: String, _ value: some JSONWritable) {
        field(key) { $0.write(value) }
    }
}

/// A value `JSONWriter` writes as `JSONEncoder` would.
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}

extension String: JSONWritable {
    func write(to writer: inout JSONWriter) { writer.string(self) }
}

extension Int: JSONWritable {
    func write(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Int32: JSONWritable {
    func write(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Bool: JSONWritable {
    func write(to writer: inout JSONWriter) { writer.bool(self) }
}

extension Double: JSONWritable {
    func write(to writer: inout JSONWriter) { writer.number(self) }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    func write(to writer: inout JSONWriter) {
        if let value = self { value.write(to: &writer) } else { writer.null() }
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.array(self) { $1.write(to: &$0) }
    }
}

extension FacetCount: JSONWritable {
    func write(to writer: inout JSONWriter) {
        writer.object { object in
            object.field("value", value)
            object.field("count", count)
        }
    }
}
