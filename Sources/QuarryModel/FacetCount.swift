/// One value of a facet and how many matching documents have it: `value` is the display
/// spelling (or the keyed value when none is stored), `count` a number of documents.
public struct FacetCount: Codable, Equatable, Sendable {
    public var value: String
    public var count: Int

    public init(value: String, count: Int) {
        self.value = value
        self.count = count
    }
}
