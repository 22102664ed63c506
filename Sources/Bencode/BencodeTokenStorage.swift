/// The tokens of one document in a single allocation, sized by the tokenizer: exactly for the
/// small documents of the peer wire, with at most twice the room for large ones.
///
/// Immutable once the tokenizer hands it over, hence `@unchecked Sendable`. Every read is
/// checked against the count of tokens written.
@usableFromInline
struct BencodeTokenStorage: @unchecked Sendable {
    /// The tokens; the capacity may be larger than ``count``.
    @usableFromInline let buffer: ManagedBuffer<Void, BencodeToken>
    /// How many tokens were written. Kept here rather than in the buffer's header: a class's
    /// stored property costs a dynamic exclusivity check on every read.
    @usableFromInline let count: Int

    /// A storage with room for `capacity` tokens and none written.
    static func allocate(capacity: Int) -> ManagedBuffer<Void, BencodeToken> {
        ManagedBuffer.create(minimumCapacity: capacity) { _ in }
    }

    /// The first `count` tokens of `buffer`, which the caller has written.
    init(buffer: ManagedBuffer<Void, BencodeToken>, count: Int) {
        self.buffer = buffer
        self.count = count
    }

    @inlinable
    subscript(index: Int) -> BencodeToken {
        precondition(index >= 0 && index < count, "token index out of range")
        return buffer.withUnsafeMutablePointerToElements { $0[index] }
    }

    /// Calls `body` with the tokens written.
    func withTokens<R>(_ body: (UnsafeBufferPointer<BencodeToken>) -> R) -> R {
        buffer.withUnsafeMutablePointerToElements { body(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// The index just past the subtree of the token at `index`: its next sibling.
    @inlinable
    func subtreeEnd(_ index: Int) -> Int {
        let t = self[index]
        return index + 1 + (t.kind == .list || t.kind == .dictionary ? Int(t.payload) : 0)
    }

    /// How many direct children the container at `index` has (keys and values both, for a
    /// dictionary); 0 for a scalar. Walks sibling to sibling, never into a subtree.
    @usableFromInline
    func childCount(ofContainerAt index: Int) -> Int {
        let stop = subtreeEnd(index)
        var n = 0
        var child = index + 1
        while child < stop {
            child = subtreeEnd(child)
            n += 1
        }
        return n
    }

    /// The token index of the value of the first entry whose key is `key` in the dictionary at
    /// `index`, or -1. Non-generic, so a lookup costs the same whatever type the caller's bytes
    /// are: through the generic interface each compared byte would be a protocol call.
    @usableFromInline
    func valueIndex(ofKey key: UnsafeBufferPointer<UInt8>, inDictionaryAt index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let dictionary = self[index]
        guard dictionary.kind == .dictionary else { return -1 }
        let stop = index + 1 + Int(dictionary.payload)
        var child = index + 1
        while child + 1 < stop {
            let keyToken = self[child]
            let start = Int(keyToken.payload)
            let end = Int(keyToken.end)
            precondition(start <= end && end <= bytes.count, "token outside the input")
            if end - start == key.count {
                var same = true
                for i in 0..<key.count where bytes[start + i] != key[i] {
                    same = false
                    break
                }
                if same { return child + 1 }
            }
            child = subtreeEnd(child + 1)
        }
        return -1
    }
}
