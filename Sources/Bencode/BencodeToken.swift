/// The type of a bencoded value.
public enum BencodeKind: UInt8, Sendable, Hashable {
    case integer
    case string
    case list
    case dictionary
}

/// One value of a tokenized document, as libtorrent's `bdecode_token`: the document is a flat
/// array of these in wire order, a container followed by its whole subtree.
@usableFromInline
struct BencodeToken: Sendable {
    @usableFromInline var kind: BencodeKind
    /// Offset of the value's first byte (`i`, `l`, `d` or the first length digit).
    @usableFromInline var start: UInt32
    /// Offset just past the value (past `e` for integers and containers).
    @usableFromInline var end: UInt32
    /// Strings: offset of the first content byte. Containers: how many tokens their subtree holds.
    /// Integers: the value's bit pattern.
    @usableFromInline var payload: UInt64

    @inlinable
    init(kind: BencodeKind, start: Int, end: Int, payload: UInt64) {
        self.kind = kind
        self.start = UInt32(truncatingIfNeeded: start)
        self.end = UInt32(truncatingIfNeeded: end)
        self.payload = payload
    }
}
