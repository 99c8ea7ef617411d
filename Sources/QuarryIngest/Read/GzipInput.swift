import CZlibSys
import QuarryModel

/// A gzip file decompressed as it is read, through zlib's `inflate`; released with the value.
///
/// The compressed bytes come from a `FileInput`, so they are hashed as they pass. Nothing is
/// unpacked to disk: only a chunk of compressed input, zlib's window and the caller's buffer are in
/// memory, and it stops with a failure past `ReadLimits.unpacked` bytes unpacked (a decompression
/// bomb). Members written one after another (`cat a.gz b.gz`) are read in turn, as `gunzip`
/// does; bytes after the last member that do not start another are ignored, as zlib's `gzread`
/// ignores them. Damaged data, a bad checksum and a stream cut short all fail.
final class GzipInput: ByteSource {
    let path: String
    private let file: FileInput
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private static let inputSize = 1 << 17
    private var streamReady = false
    private var ended = false
    /// Bytes unpacked so far, and the most the file may unpack to (`ReadLimits.unpacked`).
    private var unpacked: Int64 = 0
    private let unpackLimit: Int64

    /// Reads the gzip data of `file`, from its start; fails unless it starts with the gzip magic.
    init(file: FileInput, unpackLimit: Int64 = ReadLimits.unpacked) throws(ParseFailure) {
        path = file.path
        self.file = file
        self.unpackLimit = unpackLimit
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: Self.inputSize)
        guard file.size > 0 else { throw ParseFailure(path: path, reason: "corrupt gzip file (empty)") }
        let head = try file.readPrefix(2)
        guard Gzip.hasMagic(head) else { throw ParseFailure(path: path, reason: "corrupt gzip file (no gzip header)") }
        input.update(from: head, count: head.count)
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(head.count)
        // 16 + 15: a gzip wrapper (not zlib's or raw deflate) and the largest window.
        let status = inflateInit2_(stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw corrupt(status) }
        streamReady = true
    }

    /// Opens `path` and reads it as gzip data.
    convenience init(path: String) throws(ParseFailure) {
        try self.init(file: try FileInput(path: path))
    }

    /// Frees zlib's state and the input buffer.
    deinit {
        if streamReady { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Decompresses the next bytes; a damaged or truncated stream throws a failure with zlib's reason.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ParseFailure) -> Int {
        guard let output = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let room = UInt32(min(buffer.count, Int(UInt32.max)))
        while !ended {
            if stream.pointee.avail_in == 0, try fill() == 0 {
                throw ParseFailure(path: path, reason: "corrupt gzip file (unexpected end of file)")
            }
            stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = room
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = Int(room - stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END: try startNextMember()
            case Z_OK, Z_BUF_ERROR: break
            default: throw corrupt(status)
            }
            if produced > 0 {
                unpacked += Int64(produced)
                guard unpacked <= unpackLimit else {
                    throw ParseFailure(
                        path: path,
                        reason: "too large: unpacks to more than \(ReadLimits.describe(unpackLimit)) "
                            + "(Quarry's limit for a compressed file; a decompression bomb?)")
                }
                return produced
            }
        }
        return 0
    }

    /// Moves the unread input to the front of the buffer and reads more after it; returns how many bytes came.
    private func fill() throws(ParseFailure) -> Int {
        let unread = Int(stream.pointee.avail_in)
        if unread > 0, let next = stream.pointee.next_in, next != input { input.update(from: next, count: unread) }
        let count = try file.read(
            into: UnsafeMutableRawBufferPointer(start: input + unread, count: Self.inputSize - unread))
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(unread + count)
        return count
    }

    /// After the end of a member: another one follows when the next bytes are the gzip magic;
    /// anything else ends the data.
    private func startNextMember() throws(ParseFailure) {
        while stream.pointee.avail_in < 2, try fill() > 0 {}
        guard stream.pointee.avail_in >= 2, let next = stream.pointee.next_in, Gzip.hasMagic([next[0], next[1]]) else {
            ended = true
            return
        }
        let status = inflateReset(stream)
        guard status == Z_OK else { throw corrupt(status) }
    }

    /// The failure for a zlib status, with zlib's message when it gave one.
    private func corrupt(_ status: Int32) -> ParseFailure {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? ""
        return ParseFailure(
            path: path, reason: "corrupt gzip file (\(message.isEmpty ? "zlib error \(status)" : message))")
    }
}

/// File names of compressed files.
enum Gzip {
    /// `x.jsonl.gz` → `x.jsonl`: the name of what the file holds (`x.gz` → `x`).
    static func innerName(_ name: String) -> String {
        guard name.lowercased().hasSuffix(".gz") else { return name }
        return String(name.dropLast(3))
    }

    /// Whether bytes start with the gzip magic number.
    static func hasMagic<Bytes: Collection>(_ bytes: Bytes) -> Bool where Bytes.Element == UInt8 {
        bytes.starts(with: [0x1F, 0x8B])
    }
}
