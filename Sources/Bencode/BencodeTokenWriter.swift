/// Where the tokenizer writes tokens: first a small scratch buffer on the stack, then, for
/// documents with more tokens, a ``BencodeTokenStorage`` that doubles as it fills.
///
/// A small document thus costs one allocation of exactly its size, and no document pays for
/// `Array`'s uniqueness and capacity checks on each token. Every access is checked against
/// `count` or the capacity, which only grow by one token at a time.
struct BencodeTokenWriter {
    /// The scratch buffer's size: 1 KiB, which Swift keeps on the stack.
    static let scratchCapacity = 64

    private var base: UnsafeMutablePointer<BencodeToken>
    private var capacity: Int
    private(set) var count = 0
    /// The most tokens accepted (``BencodeLimits/maxTokens``).
    private let maxCount: Int
    /// min(capacity, maxCount): the one comparison of the fast path of ``append(_:)``.
    private var room: Int
    /// The heap storage once the scratch buffer is outgrown; `base` then points into it.
    private var storage: ManagedBuffer<Void, BencodeToken>?
    /// The capacity to take when the scratch buffer is outgrown.
    private let firstHeapCapacity: Int

    /// `scratch` must have room for at least one token.
    init(scratch: UnsafeMutableBufferPointer<BencodeToken>, expectedTokens: Int, maxCount: Int) {
        precondition(scratch.count > 0, "empty scratch buffer")
        base = scratch.baseAddress!  // a non-empty buffer has a base address
        capacity = scratch.count
        firstHeapCapacity = max(expectedTokens, 2 * scratch.count)
        self.maxCount = max(maxCount, 0)
        room = min(capacity, self.maxCount)
    }

    /// Appends `token`, or returns false when ``count`` has reached the most tokens accepted.
    @inline(__always)
    mutating func append(_ token: BencodeToken) -> Bool {
        if count >= room {
            guard count < maxCount else { return false }
            grow()
        }
        (base + count).initialize(to: token)
        count &+= 1  // below maxCount
        return true
    }

    @inline(__always)
    subscript(index: Int) -> BencodeToken {
        get {
            precondition(index >= 0 && index < count, "token index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "token index out of range")
            base[index] = newValue
        }
    }

    private mutating func grow() {
        let newCapacity = storage == nil ? max(firstHeapCapacity, count + 1) : 2 * capacity
        let bigger = BencodeTokenStorage.allocate(capacity: newCapacity)
        bigger.withUnsafeMutablePointerToElements { $0.initialize(from: base, count: count) }
        storage = bigger
        // The elements of a ManagedBuffer never move, and `storage` keeps it alive for as long
        // as this writer uses the pointer.
        base = bigger.withUnsafeMutablePointerToElements { $0 }
        capacity = newCapacity
        room = min(capacity, maxCount)
    }

    /// Calls `body` with the tokens written, wherever they are (the scratch buffer or the heap).
    func withWritten<R>(_ body: (UnsafeBufferPointer<BencodeToken>) -> R) -> R {
        withExtendedLifetime(storage) { body(UnsafeBufferPointer(start: base, count: count)) }
    }

    /// The tokens written, in storage of their own: exactly sized when they fit the scratch buffer.
    mutating func finish() -> BencodeTokenStorage {
        if let storage { return BencodeTokenStorage(buffer: storage, count: count) }
        let exact = BencodeTokenStorage.allocate(capacity: count)
        exact.withUnsafeMutablePointerToElements { $0.initialize(from: base, count: count) }
        return BencodeTokenStorage(buffer: exact, count: count)
    }
}
