import Foundation
import QuarryModel

/// The identifier stamp arXiv prints in a paper's margin: `arXiv:1706.03762v5 [cs.CL] 6 Dec 2017`.
struct ArxivStamp {
    var id: String
    var date: PartialDate?

    /// The first stamp in `text`, or nil.
    init?(in text: String) {
        guard let range = text.range(of: "arXiv:") else { return nil }
        let rest = text[range.upperBound...].prefix(60)
        let id = rest.prefix { $0.isNumber || $0 == "." }
        let parts = id.split(separator: ".")
        guard parts.count == 2, parts[0].count == 4, (4...5).contains(parts[1].count) else { return nil }
        self.id = String(id)
        // After the version and the category: "6 Dec 2017".
        let words = Normalize.words(of: String(rest.split(separator: "]").dropFirst().first ?? ""))
        if words.count >= 3, let day = Int(words[0]), let month = PdfPaper.monthIndex(words[1]),
            let year = Int(words[2])
        {
            date = PartialDate(year: year, month: month, day: day)
        }
    }
}
