import QuarryModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a file's bytes and turning them into clean text.
enum TextDecoding {
    /// Why bytes are not text, as a lower-case reason for a `ParseFailure`.
    enum Problem: Error, Equatable {
        case binary(offset: Int)
        case invalidUTF8(offset: Int)

        var reason: String {
            switch self {
            case .binary(let offset): return "binary file (NUL byte at offset \(offset))"
            case .invalidUTF8(let offset): return "not valid UTF-8 text (byte offset \(offset))"
            }
        }
    }

    /// The whole content of a regular file.
    static func readBytes(path: String) throws(ParseFailure) -> [UInt8] {
        // O_NONBLOCK: opening a FIFO must not hang; it is refused below as not a regular file.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw ParseFailure(path: path, reason: "cannot open file (\(SystemError.last))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw ParseFailure(path: path, reason: "cannot read file (\(SystemError.last))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw ParseFailure(path: path, reason: "not a regular file")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ParseFailure(path: path, reason: "cannot read file (\(SystemError.last))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }

    /// Decodes UTF-8 bytes: refuses NUL bytes (binary) and invalid sequences, drops a byte-order mark.
    static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
        if let nul = bytes.firstIndex(of: 0) {
            return .failure(.binary(offset: nul))
        }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        parsing: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return .failure(.invalidUTF8(offset: offset))
            case .emptyInput: break parsing
            }
        }
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
        return .success(String(decoding: body, as: UTF8.self))
    }

    /// Text with a leading byte-order mark removed and every line ending (CRLF, CR, form feed) made `\n`.
    static func normalize(_ text: String) -> String {
        let hasLineBreaksToFix = text.utf8.contains { $0 == 0x0D || $0 == 0x0C }
        guard hasLineBreaksToFix || text.unicodeScalars.first == "\u{FEFF}" else { return text }
        var scalars = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{FEFF}" where scalars.isEmpty && !afterCR:
                continue
            case "\r", "\u{0C}":
                scalars.append("\n")
            case "\n" where afterCR:
                break
            default:
                scalars.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(scalars)
    }

    /// The lines of normalised text, each trimmed of surrounding white space.
    static func lines(of text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmed }
    }
}
