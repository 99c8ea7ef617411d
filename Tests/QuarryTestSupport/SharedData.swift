import Foundation

/// The team's data sets next to the repository (`<repository>/../shared/data`, see its README).
/// Tests that need them skip with a message when they are absent; core tests never need them.
public enum SharedData {
    /// `<repository>/../shared/data`.
    public static let folder: String = TestCorpus.repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/data").standardizedFileURL.path

    /// The path of a file or folder in the shared data (`"arxiv/kaggle-snapshot-first200.jsonl"`).
    public static func path(_ relative: String) -> String { folder + "/" + relative }

    /// Whether the file or folder exists.
    public static func has(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }
}
