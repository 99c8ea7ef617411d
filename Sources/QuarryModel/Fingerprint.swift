/// FNV-1a, 64 bits: a fast, stable (across runs and machines) hash for change detection and ids.
/// Not cryptographic: it tells whether a file changed, not whether someone tampered with it.
public struct Fingerprint: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A fresh hash state.
    public init() {}

    /// Mixes bytes into the hash.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x100_0000_01b3
        }
    }

    /// Mixes a contiguous buffer into the hash (fast path).
    public mutating func update(buffer: UnsafeRawBufferPointer) {
        var h = state
        for byte in buffer {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        state = h
    }

    /// The hash as 16 lower-case hex digits.
    public var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// The hex hash of a string's UTF-8 bytes.
    public static func hex(of text: String) -> String {
        var fingerprint = Fingerprint()
        fingerprint.update(text.utf8)
        return fingerprint.hex
    }
}
