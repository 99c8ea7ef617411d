/// Which records are one thing. Papers share a key when their normalised titles are equal;
/// a resume from a dataset is keyed by its row, so copies of the dataset share it; anything
/// else is keyed by its file and position, and never merges.
///
/// The text form, stored in the catalog and in each index document's key term, is built and
/// read only here: `paper:<title key>`, `resume:<dataset row>`, `<kind>@<path>#<ordinal>`, and
/// a group within a key (records under one key that are not the same thing) `<key>#<suffix>`.
public struct MergeKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The text form.
    public let rawValue: String
    /// The kind of the records under the key.
    public let kind: Kind

    /// Reads a key's text form; text that names no kind is a document's key.
    public init(rawValue: String) {
        self.rawValue = rawValue
        let name = rawValue.prefix { $0 != ":" && $0 != "@" }
        self.kind = Kind(rawValue: String(name)) ?? .document
    }

    private init(kind: Kind, rest: String) {
        self.rawValue = kind.rawValue + rest
        self.kind = kind
    }

    /// A paper's key by its title key (`Normalize.titleKey`).
    public static func paper(titleKey: String) -> MergeKey { MergeKey(kind: .paper, rest: ":" + titleKey) }

    /// A resume's key by its dataset row (`Resume.datasetRow`).
    public static func resume(datasetRow: String) -> MergeKey { MergeKey(kind: .resume, rest: ":" + datasetRow) }

    /// The key of the record at `ordinal` in the file at `path`.
    public static func position(_ kind: Kind, path: String, ordinal: Int) -> MergeKey {
        MergeKey(kind: kind, rest: "@\(path)#\(ordinal)")
    }

    /// The key of one group of this key's records (`#arxiv:2501.01234`, `#1`).
    public func group(_ suffix: String) -> MergeKey { MergeKey(rawValue: rawValue + "#" + suffix) }

    /// The public id of the item under this key: its kind's letter and 12 hex digits of the key's hash.
    public var itemID: String {
        String(kind.rawValue.prefix(1)) + Fingerprint.hex(of: rawValue).suffix(12)
    }

    public var description: String { rawValue }

    public static func < (a: MergeKey, b: MergeKey) -> Bool { a.rawValue < b.rawValue }
}
