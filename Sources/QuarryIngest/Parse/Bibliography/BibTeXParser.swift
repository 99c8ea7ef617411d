import CBibTeX
import Foundation
import QuarryModel

/// Parses BibTeX (`.bib`) through Debian's libbtparse: every regular entry type becomes a paper.
///
/// btparse does the BibTeX language: `@string` macros (and `#` concatenation), quoted and braced
/// values, `@comment` and `@preamble`, and the splitting of author lists on `and` at brace depth
/// zero into First/von/Last/Jr parts (`Last, First` and `First Last` alike; `{Acme and Sons}` is
/// one name). Quarry adds the month macros (`jan` … `dec`), `crossref` (missing fields come
/// from the referenced entry; a proceedings' `title` is its papers' `booktitle`), and the text
/// clean-up of `BibText.clean` (TeX accents, braces, HTML character references).
///
/// Recovery: btparse, after a syntax error, skips to the next `@`, which may swallow the entry
/// after a broken one. The file is therefore cut into entries at every line that starts with
/// `@type{` or `@type(`, and each is parsed alone: a malformed entry is a problem with its line
/// number and btparse's message, and every other entry is still read. btparse prints its
/// messages to `stderr`; they are captured (see `CBibTeX/shim.h`), never shown to the user.
/// btparse keeps global state (macros, lexer), so one file is parsed at a time.
enum BibTeXParser {
    /// The name `ParsedFile.format` reports.
    static let format = "bibtex"

    /// Entry types that are volumes holding papers: when referenced by `crossref`, they are venues, not papers.
    static let volumeTypes: Set<String> = ["proceedings", "mvproceedings", "periodical", "collection", "mvcollection"]

    /// One entry as btparse read it: type and field names lower-cased, values with macros expanded.
    struct RawEntry {
        var type: String
        var key: String
        var fields: [String: String]
        var line: Int
    }

    /// Parses the text of a `.bib` file at `path` (named in problems).
    static func parse(text: String, path: String) -> ParsedFile {
        let (entries, problems) = read(text: text, path: path)
        var papers: [Record] = []
        var problemList = problems
        var byKey: [String: Int] = [:]
        for (index, entry) in entries.enumerated() where byKey[entry.key.lowercased()] == nil {
            byKey[entry.key.lowercased()] = index
        }
        let referenced = Set(entries.compactMap { $0.fields["crossref"]?.lowercased() })
        for entry in entries {
            if referenced.contains(entry.key.lowercased()), volumeTypes.contains(entry.type) { continue }
            var fields = entry.fields
            if let target = fields["crossref"], let parentIndex = byKey[target.lowercased()] {
                inherit(from: entries[parentIndex], into: &fields)
            }
            switch bibliographicEntry(type: entry.type, key: entry.key, fields: fields, line: entry.line, path: path)
                .paper()
            {
            case .success(let paper): papers.append(.paper(paper))
            case .failure(let reason):
                problemList.append(ParseFailure(path: path, line: entry.line, reason: reason.text))
            }
        }
        return ParsedFile(format: format, records: papers, problems: problemList)
    }

    /// Fields a `crossref` parent gives its child when the child lacks them (BibTeX's rule);
    /// the parent's title is the child's `booktitle`.
    static func inherit(from parent: RawEntry, into fields: inout [String: String]) {
        for (name, value) in parent.fields where fields[name] == nil {
            if ["title", "crossref", "key", "doi", "eprint", "url", "abstract", "keywords"].contains(name) { continue }
            fields[name] = value
        }
        if fields["booktitle"] == nil, let title = parent.fields["title"] { fields["booktitle"] = title }
    }

    /// The shared shape of one entry's fields.
    static func bibliographicEntry(
        type: String, key: String, fields: [String: String], line: Int, path: String
    ) -> BibliographicEntry {
        var entry = BibliographicEntry(line: line)
        entry.key = key
        entry.type = type
        entry.title = fields["title"] ?? ""
        (entry.authors, entry.authorsTruncated) = names(
            fields["author"] ?? fields["editor"] ?? "", path: path, line: line)
        entry.venue = fields["journal"] ?? fields["journaltitle"] ?? fields["booktitle"]
        entry.year = fields["year"].flatMap(BibText.year) ?? fields["date"].flatMap(BibText.year)
        entry.month = fields["month"].flatMap(BibText.month)
        entry.abstract = fields["abstract"] ?? ""
        entry.doi = fields["doi"]
        entry.isbn = fields["isbn"]
        let prefix = (fields["archiveprefix"] ?? fields["eprinttype"] ?? "").lowercased()
        if let eprint = fields["eprint"], prefix.isEmpty || prefix == "arxiv" { entry.arxivID = eprint }
        entry.url = fields["url"]
        entry.keywords = fields["keywords"].map(BibText.keywords) ?? []
        return entry
    }

    // MARK: - btparse

    /// Serialises use of btparse, whose parser and macro table are global.
    private static let lock = NSLock()

    /// `bt_initialize`, once per process.
    private static let initialized: Bool = {
        bt_initialize()
        return true
    }()

    /// Where each entry starts: a line whose first non-blank characters are `@name{` or `@name(`.
    static func entryChunks(of text: String) -> [(line: Int, text: String)] {
        var chunks: [(line: Int, text: String)] = []
        var current: [Substring] = []
        var start = 0
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if startsEntry(line) {
                if !current.isEmpty, start > 0 { chunks.append((start, current.joined(separator: "\n"))) }
                current = []
                start = index + 1
            }
            current.append(line)
        }
        if !current.isEmpty, start > 0 { chunks.append((start, current.joined(separator: "\n"))) }
        return chunks
    }

    /// Whether a line opens an entry (`@article{`, `  @STRING (`).
    static func startsEntry(_ line: Substring) -> Bool {
        var rest = line.drop { $0 == " " || $0 == "\t" }
        guard rest.first == "@" else { return false }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        let name = rest.prefix { $0.isLetter }
        guard !name.isEmpty else { return false }
        let after = rest.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
        return after.first == "{" || after.first == "("
    }

    /// Every regular entry of the text, and a problem for each malformed one.
    static func read(text: String, path: String) -> (entries: [RawEntry], problems: [ParseFailure]) {
        _ = initialized
        lock.lock()
        defer { lock.unlock() }
        var entries: [RawEntry] = []
        var problems: [ParseFailure] = []
        let messages = CapturedStandardError()
        defer { messages.close() }
        bt_delete_all_macros()
        for (index, name) in BibText.monthNames.enumerated() {
            let macro = String(name.prefix(3))
            macro.withCString { macroName in
                String(index + 1).withCString { value in
                    bt_add_macro_text(
                        UnsafeMutablePointer(mutating: macroName), UnsafeMutablePointer(mutating: value), nil, 0)
                }
            }
        }
        let filename = strdup(path)
        defer { free(filename) }
        // btparse's clean-up call below aborts the process (`internal_error` in `free_lex_buffer`)
        // when no entry was parsed before it: it is made only after one was.
        var parsedOne = false
        for chunk in entryChunks(of: text) {
            parsedOne = true
            let buffer = strdup(chunk.text)
            defer { free(buffer) }
            var ok: boolean = 0
            let ast = bt_parse_entry_s(buffer, filename, Int32(chunk.line), 0, &ok)
            let said = messages.take()
            guard let ast else { continue }
            defer { bt_free_ast(ast) }
            guard ok != 0 else {
                let (line, reason) = firstError(in: said, path: path) ?? (chunk.line, "malformed entry")
                problems.append(ParseFailure(path: path, line: line, reason: reason))
                continue
            }
            guard bt_entry_metatype(ast) == BTE_REGULAR else { continue }
            let type = bt_entry_type(ast).map { String(cString: $0).lowercased() } ?? ""
            let key = bt_entry_key(ast).map { String(cString: $0) } ?? ""
            var fields: [String: String] = [:]
            var field: UnsafeMutablePointer<AST>? = nil
            var name: UnsafeMutablePointer<CChar>? = nil
            while let next = bt_next_field(ast, field, &name) {
                field = next
                guard let name, let value = bt_get_text(next) else { continue }
                fields[String(cString: name).lowercased()] = String(cString: value)
                free(value)
            }
            entries.append(RawEntry(type: type, key: key, fields: fields, line: chunk.line))
        }
        if parsedOne { _ = bt_parse_entry_s(nil, nil, 1, 0, nil) }
        _ = messages.take()
        return (entries, problems)
    }

    /// The line and text of the first error btparse printed (`x.bib, line 14, syntax error: found …`).
    static func firstError(in messages: String, path: String) -> (Int, String)? {
        for message in messages.split(separator: "\n") where message.contains("error") {
            var text = Substring(message)
            if text.hasPrefix(path + ", ") { text = text.dropFirst(path.count + 2) }
            guard text.hasPrefix("line ") else { return (0, String(text)) }
            let number = text.dropFirst(5).prefix(while: \.isASCIINumber)
            let reason = text.dropFirst(5 + number.count).drop { $0 == "," || $0 == " " }
            // Each entry is parsed alone, so btparse's "skipping to next @" does not happen here.
            let said = reason.replacingOccurrences(of: " (skipping to next \"@\")", with: "")
            return (Int(number) ?? 0, said)
        }
        return nil
    }

    /// Splits an author (or editor) list with btparse and formats each name "First von Last Jr";
    /// a final `others` marks the list as cut short.
    static func names(_ list: String, path: String, line: Int) -> (names: [String], truncated: Bool) {
        guard !list.trimmed.isEmpty else { return ([], false) }
        let copy = strdup(list)
        let file = strdup(path)
        let delimiter = strdup("and")
        let what = strdup("name")
        defer {
            free(copy)
            free(file)
            free(delimiter)
            free(what)
        }
        guard let split = bt_split_list(copy, delimiter, file, Int32(line), what) else { return ([], false) }
        defer { bt_free_list(split) }
        var names: [String] = []
        var truncated = false
        for index in 0..<Int(split.pointee.num_items) {
            guard let item = split.pointee.items[index] else { continue }
            if BibText.isOthers(String(cString: item).trimmed) {
                truncated = true
                continue
            }
            guard let name = bt_split_name(item, file, Int32(line), Int32(index)) else { continue }
            defer { bt_free_name(name) }
            var parts: [String] = []
            // btparse orders the parts First, von, Last, Jr.
            withUnsafePointer(to: name.pointee.parts) { pointer in
                pointer.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 4) {
                    tokens in
                    withUnsafePointer(to: name.pointee.part_len) { lengths in
                        lengths.withMemoryRebound(to: Int32.self, capacity: 4) { length in
                            for part in 0..<4 {
                                guard let list = tokens[part] else { continue }
                                for token in 0..<Int(length[part]) {
                                    if let text = list[token] { parts.append(String(cString: text)) }
                                }
                            }
                        }
                    }
                }
            }
            let formatted = parts.joined(separator: " ")
            if !formatted.isEmpty { names.append(formatted) }
        }
        return (names, truncated)
    }
}

/// The C library's `stderr` stream pointed at memory while it lives: what btparse prints is
/// read with `take()` instead of reaching the terminal. `close()` puts the real stream back.
final class CapturedStandardError {
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var size = 0
    private var read = 0
    private let stream: UnsafeMutablePointer<FILE>?
    private let previous: UnsafeMutablePointer<FILE>?
    private var closed = false

    init() {
        stream = open_memstream(&buffer, &size)
        previous = stream.map { cbibtex_swap_stderr($0) } ?? nil
    }

    /// What was printed since the last call.
    func take() -> String {
        guard let stream, !closed else { return "" }
        fflush(stream)
        guard let buffer, size > read else { return "" }
        let text = String(
            decoding: UnsafeRawBufferPointer(start: buffer + read, count: size - read), as: UTF8.self)
        read = size
        return text
    }

    /// Restores the real `stderr` and frees the memory.
    func close() {
        guard !closed else { return }
        closed = true
        if let stream {
            _ = cbibtex_swap_stderr(previous)
            fclose(stream)
        }
        free(buffer)
        buffer = nil
    }

    deinit { close() }
}
