import Foundation
import QuarryQuery
import QuarryTestSupport
import Testing

/// A function word in a `--match any` query still matches, at no weight, and weighs nothing in
/// any document. It used to be matched through an AND_MAYBE whose right side held the query's
/// other words; with a phrase there (a hyphenated word inside a group, a corrected compound),
/// Xapian 1.4.22 gave some documents weight for a phrase they do not hold (`alpha` alone scored
/// as `alpha-beta`; on ADI, 7 of query 4's 81 hits).
@Suite struct FunctionWordTests {
    /// 200 short texts of Latin filler, one in five with `alpha beta` side by side, one in five
    /// with both apart, one in five with `alpha` alone; three in ten with `gamma`, from a fixed seed.
    static let shared = Result { () throws -> TextIndex in
        let filler =
            ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt labore "
            + "dolore magna aliqua ut enim minim veniam quis nostrud exercitation ullamco laboris nisi aliquip "
            + "commodo consequat").split(separator: " ").map(String.init)
        var random = SplitMix64(seed: 1422)
        var files: [String: String] = [:]
        for number in 0..<200 {
            var words = Array(filler.shuffled(using: &random).prefix(12))
            if random.next() % 10 < 3 { words.insert("gamma", at: Int(random.next() % UInt64(words.count))) }
            switch number % 5 {
            case 0: words.insert(contentsOf: ["alpha", "beta"], at: 2)
            case 1:
                words.insert("alpha", at: 1)
                words.insert("beta", at: 8)
            case 2: words.insert("alpha", at: 3)
            default: break
            }
            files[String(format: "n%03d.txt", number)] = words.joined(separator: " ") + "\n"
        }
        return try TextIndex(files)
    }

    /// A query with a phrase and a function word, and the same query without the phrase: a text
    /// without the phrase scores the same in both.
    static let pairs = [
        ("the (alpha-beta OR delta) gamma lorem ipsum", "the delta gamma lorem ipsum"),
        ("an (alpha-beta OR delta) dolor sit gamma", "an delta dolor sit gamma"),
        ("(alpha-beta OR delta) of gamma magna", "(delta) of gamma magna"),
    ]

    @Test(arguments: pairs)
    func aPhraseWeighsOnlyWhereItIs(withPhrase: String, without: String) throws {
        let index = try Self.shared.get()
        func scores(_ query: String) throws -> [String: Double] {
            let result = try index.search(query) {
                $0.match = .any
                $0.limit = 200
                $0.feedback.documents = 0
            }
            #expect(result.notices.contains { $0.message.hasPrefix("common words ignored") }, "'\(query)'")
            return Dictionary(
                uniqueKeysWithValues: result.hits.map {
                    (URL(fileURLWithPath: $0.item.paths[0]).deletingPathExtension().lastPathComponent, $0.score)
                })
        }
        let with = try scores(withPhrase)
        let plain = try scores(without)
        let phrased = with.keys.filter { Int($0.dropFirst())! % 5 == 0 }
        let unweighted = phrased.filter { with[$0]! <= (plain[$0] ?? 0) }
        #expect(!phrased.isEmpty && unweighted.isEmpty, "'\(withPhrase)': the phrase weighs nothing in \(unweighted)")
        let wrong = with.filter { name, score in
            Int(name.dropFirst())! % 5 != 0 && abs(score - (plain[name] ?? 0)) > 1e-9
        }
        #expect(wrong.isEmpty, "'\(withPhrase)': \(wrong.keys.sorted()) score for a phrase they do not hold")
    }
}
