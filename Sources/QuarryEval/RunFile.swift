/// TREC run files: `qid Q0 docno rank score tag`, one line per retrieved document.
public enum RunFile {
    /// The lines of one collection's run, queries in `order`, hits in the order given
    /// (trec_eval's), ranks from 1. `prefix` is put before query and document ids
    /// (`"adi/"` when several collections share one file).
    public static func lines(
        _ run: [String: [ScoredDocument]], order: [String], tag: String = "quarry", prefix: String = ""
    ) -> [String] {
        var lines: [String] = []
        for query in order {
            for (index, hit) in (run[query] ?? []).enumerated() {
                lines.append("\(prefix)\(query) Q0 \(prefix)\(hit.document) \(index + 1) \(hit.score) \(tag)")
            }
        }
        return lines
    }
}
