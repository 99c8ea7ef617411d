import QuarryModel
import Testing

@testable import QuarryQuery

/// `QueryNode.queryText` (the spelling suggestion's text) parses back to the same node.
@Suite struct QueryTextTests {
    @Test(arguments: [
        ("sparse attention", "sparse attention"),
        ("title:moe OR \"mixture of experts\"", "title:moe OR \"mixture of experts\""),
        ("a b OR c", "a b OR c"),
        ("(a b) OR c", "(a b) OR c"),
        ("-(a b) c", "-(a b) c"),
        ("NOT gpu", "-gpu"),
        ("(a b)^1.5 title:moe^3", "(a b)^1.5 title:moe^3"),
        ("title:(sparse attention)", "title:sparse title:attention"),
        ("a NEAR/3 b OR c", "a NEAR/3 b OR c"),
        ("(a ADJ/2 b)^2", "(a ADJ/2 b)^2"),
        ("year:2023..2025 date:..2024-06 kind:paper", "year:2023..2025 date:..2024-06 kind:paper"),
        ("atten* -title:x-moe", "atten* -title:x-moe"),
        ("--a", "--a"),
        ("kind:resume authored:(mixture of experts)", "kind:resume authored:mixture authored:of authored:experts"),
        ("(a OR b) (c OR (d e))", "a OR b c OR (d e)"),
    ])
    func queryTextParsesBackToTheSameNode(typed: String, printed: String) throws {
        let node = try QueryGrammar.parse(typed, fields: Schema.queryFieldNames)
        #expect(node.queryText == printed)
        #expect(try QueryGrammar.parse(node.queryText, fields: Schema.queryFieldNames) == node)
    }
}
