/// The tokens of one document in a single allocation, sized by the tokenizer: exactly for the
/// small documents of the peer wire, with at most twice the room for large ones.
///
/// Immutable once the tokenizer hands it over, hence `@unchecked Sendable`. Every read is
/// checked against the count of tokens written.
@usableFromInline
struct BencodeTokenStorage: @unchecked Sendable {
    /// The header is how many tokens were written; the capacity may be larger.
    @usableFromInline let buffer: ManagedBuffer<Int, BencodeToken>

    /// A storage with room for `capacity` tokens and none written.
    init(capacity: Int) {
        buffer = ManagedBuffer.create(minimumCapacity: capacity) { _ in 0 }
    }

    @inlinable var count: Int { buffer.header }

    @inlinable
    subscript(index: Int) -> BencodeToken {
        precondition(index >= 0 && index < buffer.header, "token index out of range")
        return buffer.withUnsafeMutablePointerToElements { $0[index] }
    }
}
