import QuarryModel

/// How much of one file Quarry holds in memory: the one place that bounds what a file, a record
/// or a compressed stream may expand to, so that no folder content (a huge log, a decompression
/// bomb, a JSON Lines file with one giant line) can exhaust memory.
///
/// A file over a limit fails with a reason that names the limit; the run goes on. JSON Lines
/// are streamed, so only their lines are bounded: an over-long line is a problem of that line
/// and the file's other records are indexed; their records go to the index in parts as they are
/// parsed (`RecordSource.read(_:partSize:part:)`), never all held at once (before, a 2 GiB file
/// of a million records peaked at 2.9 GiB: docs/BENCHMARKS.md).
/// `HostileFilesTests` holds `quarry index` on a folder of hostile files under 1 GiB of
/// resident memory (figures in docs/HOSTILE.md).
public enum ReadLimits {
    /// The most bytes of text read whole (`.txt`, `.md`, `.csv`, `.bib`, `.ris`, CSL JSON, any
    /// other text file, and the text inside a `.gz`): 20 MiB, as Recoll's default text file limit.
    public static let text = 20 << 20
    /// The largest PDF or DOCX file (read whole for poppler and the zip reader): 256 MiB.
    public static let document = 256 << 20
    /// The most one part of a DOCX package (its `word/document.xml`) may unpack to: 8 MiB (the
    /// XML parser, libxml2, refuses a document of about 10 MB written on one line, as Word writes it).
    public static let documentPart = 8 << 20
    /// The most a `.gz` file may unpack to in all: 1 GiB (a larger dump can be unpacked first;
    /// a plain `.jsonl` is streamed without a total limit).
    public static let unpacked: Int64 = 1 << 30
    /// The most seconds the pdf reader (`quarry-pdf`) may take over one PDF before it is stopped
    /// and the file fails: 60 (a resume takes it a few milliseconds, a 500-page book seconds).
    public static let pdfSeconds = 60
    /// The longest line of a JSON Lines file (one record): 4 MiB.
    public static let line = 4 << 20

    /// `bytes` as a short size: `20 MiB`, `1 GiB`, `512 KiB`.
    static func describe(_ bytes: Int64) -> String {
        if bytes >= 1 << 30, bytes % (1 << 30) == 0 { return "\(bytes >> 30) GiB" }
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    /// The failure of a file that holds more than `limit` bytes of `what` (`"text read whole"`).
    static func exceeded(_ limit: Int, what: String, path: String) -> ParseFailure {
        ParseFailure(path: path, reason: "too large: more than \(describe(Int64(limit))) (Quarry's limit for \(what))")
    }
}
