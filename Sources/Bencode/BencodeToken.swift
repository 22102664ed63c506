/// The type of a bencoded value.
public enum BencodeKind: UInt8, Sendable, Hashable {
    case integer
    case string
    case list
    case dictionary
}

/// One value of a tokenized document, as libtorrent's `bdecode_token`: the document is a flat
/// array of these in wire order, a container followed by its whole subtree.
///
/// 16 bytes (libtorrent's are 8): offsets are 32-bit because inputs are limited to 4 GiB, and an
/// integer's value is read again from its validated digits when asked for rather than stored,
/// which keeps every token, and so the document, small.
@usableFromInline
struct BencodeToken: Sendable {
    /// Offset of the value's first byte (`i`, `l`, `d` or the first length digit).
    @usableFromInline var start: UInt32
    /// Offset just past the value (past `e` for integers and containers).
    @usableFromInline var end: UInt32
    /// Strings: offset of the first content byte. Containers: how many tokens their subtree holds
    /// (while the tokenizer has the container open: the index of the enclosing open container).
    /// Integers: unused.
    @usableFromInline var payload: UInt32
    @usableFromInline var kind: BencodeKind

    @inlinable
    init(kind: BencodeKind, start: Int, end: Int, payload: Int) {
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
        self.payload = UInt32(truncatingIfNeeded: payload)
        self.kind = kind
    }

    /// The value of an integer token's text between `i` and `e`, which the tokenizer has
    /// validated: an optional `-` and at most 2^63 in magnitude (leading zeros allowed), so the
    /// wrapping arithmetic below never actually wraps.
    @inlinable
    static func integerValue(_ text: some Sequence<UInt8>) -> Int64 {
        var negative = false
        var magnitude: UInt64 = 0
        for byte in text {
            if byte == UInt8(ascii: "-") {
                negative = true
            } else {
                magnitude = magnitude &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
            }
        }
        return Int64(bitPattern: negative ? 0 &- magnitude : magnitude)
    }

    /// The bytes at token offsets `range` of `bytes`, a slice of the input. Generic over the
    /// collection alone: as a method of the generic document it cost unspecialised callers a
    /// type-metadata lookup of the document type on every call.
    @inlinable
    static func slice<Bytes: RandomAccessCollection<UInt8>>(_ range: Range<Int>, of bytes: Bytes) -> Bytes.SubSequence {
        let lower = bytes.index(bytes.startIndex, offsetBy: range.lowerBound)
        let upper = bytes.index(lower, offsetBy: range.count)
        return bytes[lower..<upper]
    }
}
