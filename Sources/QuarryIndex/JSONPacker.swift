import CZlibSys
import Foundation

/// A record's JSON as the catalog stores it since catalog version 3: the byte `0x01`, the JSON's
/// length in bytes (four bytes, little-endian), then the JSON compressed by zlib's deflate (a zlib
/// stream, level 6). A blob that starts with `{` is JSON stored as it is, as catalog version 2
/// stored every record; both are read.
///
/// Records are 1 to 3 KB of JSON (an arXiv abstract) and deflate takes about half of it away; the
/// catalog then holds several records per SQLite page instead of one (the records table of the
/// 74,728 arXiv records was 166 MiB of the catalog's 257).
///
/// One packer keeps one deflate stream for all the records it packs (`deflateReset` between two,
/// not a fresh 256 KB state each); it is not thread-safe.
final class JSONPacker {
    /// The first byte of a packed record (a JSON text never starts with it).
    static let marker: UInt8 = 0x01
    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        ready = deflateInit_(stream, 6, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if ready { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// `json` packed; the JSON as it is when zlib cannot start (out of memory), or when the JSON is
    /// empty or over 4 GiB (not a record).
    func pack(_ json: Data) -> Data {
        guard ready, !json.isEmpty, json.count < Int(UInt32.max), deflateReset(stream) == Z_OK else { return json }
        let bound = Int(deflateBound(stream, UInt(json.count)))
        var packed = Data(count: 5 + bound)
        let length = UInt32(json.count)
        let written: Int? = packed.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int? in
            let base = out.bindMemory(to: UInt8.self).baseAddress!
            base[0] = Self.marker
            for shift in 0..<4 { base[1 + shift] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(shift))) }
            return json.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int? in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: UInt8.self).baseAddress!)
                stream.pointee.avail_in = UInt32(json.count)
                stream.pointee.next_out = base + 5
                stream.pointee.avail_out = UInt32(bound)
                guard deflate(stream, Z_FINISH) == Z_STREAM_END else { return nil }
                return 5 + Int(stream.pointee.total_out)
            }
        }
        guard let written else { return json }
        packed.count = written
        return packed
    }

    /// The JSON of a stored blob, packed or plain; `nil` when a packed blob is damaged (cut short,
    /// not a zlib stream, or not of the length it says; deflate packs at most 1,032 bytes into one,
    /// so a length beyond that is refused before anything is allocated).
    static func unpack(_ blob: Data) -> Data? {
        guard blob.first == marker else { return blob }
        guard blob.count > 5 else { return nil }
        var length = 0
        for shift in 0..<4 { length |= Int(blob[blob.startIndex + 1 + shift]) << (8 * shift) }
        guard length > 0, length <= (blob.count - 5) * 1032 else { return nil }
        var json = Data(count: length)
        var size = UInt(length)
        let status = json.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int32 in
            blob.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int32 in
                let source = input.bindMemory(to: UInt8.self).baseAddress! + 5
                return uncompress(out.bindMemory(to: UInt8.self).baseAddress!, &size, source, UInt(input.count - 5))
            }
        }
        guard status == Z_OK, size == UInt(length) else { return nil }
        return json
    }
}
