import WireCore

/// A validated bencoded buffer that is read in place: no value tree, no copies of strings.
///
/// This is the PEX hot path: decode once, look up `added` and `added.f`, and read the compact
/// peers straight out of the original bytes. Build a ``BencodeValue`` with ``BencodeNode/value``
/// only where a tree is wanted.
public struct BencodeDocument<Bytes: RandomAccessCollection<UInt8>> {
    // The fields whose layout does not depend on `Bytes` come first: their offsets are then known
    // at compile time, and code that is not specialised reaches them without asking the runtime
    // for this type's metadata.
    @usableFromInline let tokens: BencodeTokenStorage
    /// Offset just past the top-level value; anything after it was reported as `trailing_data`.
    public let end: Int
    /// What lenient mode tolerated, in the order met.
    public let warnings: [ParseWarning]
    public let bytes: Bytes

    @inlinable
    init(bytes: Bytes, tokens: BencodeTokenStorage, end: Int, warnings: [ParseWarning]) {
        self.bytes = bytes
        self.tokens = tokens
        self.end = end
        self.warnings = warnings
    }

    /// The top-level value.
    @inlinable public var root: BencodeNode<Bytes> { BencodeNode(document: self, index: 0) }

    /// How many values the document holds, dictionary keys included.
    public var tokenCount: Int { tokens.count }
}

extension BencodeDocument: Sendable where Bytes: Sendable {}

/// One value inside a ``BencodeDocument``.
public struct BencodeNode<Bytes: RandomAccessCollection<UInt8>> {
    // First, for the same reason as the document's fixed-layout fields.
    @usableFromInline let index: Int
    public let document: BencodeDocument<Bytes>

    @inlinable
    init(document: BencodeDocument<Bytes>, index: Int) {
        self.document = document
        self.index = index
    }

    @inlinable var token: BencodeToken { document.tokens[index] }

    @inlinable public var kind: BencodeKind { token.kind }
    /// Offset of the value's first byte in the document.
    @inlinable public var offset: Int { Int(token.start) }
    /// Offset just past the value.
    @inlinable public var endOffset: Int { Int(token.end) }
    /// Offsets of the whole encoded value, as written on the wire.
    @inlinable public var encodedRange: Range<Int> { offset..<endOffset }

    /// The integer, or nil when this is not one.
    @inlinable public var integer: Int64? {
        let t = token
        guard t.kind == .integer else { return nil }
        let digits = Int(t.start) + 1..<Int(t.end) - 1
        // One call for contiguous bytes, rather than one per digit when the caller is generic.
        if let value = document.bytes.withContiguousStorageIfAvailable({ BencodeToken.integerValue($0[digits]) }) {
            return value
        }
        return BencodeToken.integerValue(BencodeToken.slice(digits, of: document.bytes))
    }

    /// Offsets of a byte string's content, or nil when this is not one.
    @inlinable public var stringRange: Range<Int>? {
        let t = token
        return t.kind == .string ? Int(t.payload)..<Int(t.end) : nil
    }

    /// A byte string's content as a slice of the input, or nil when this is not one.
    @inlinable public var stringBytes: Bytes.SubSequence? {
        guard let range = stringRange else { return nil }
        return BencodeToken.slice(range, of: document.bytes)
    }

    /// A byte string decoded as UTF-8, or nil when this is not a string or not valid UTF-8.
    @inlinable public var utf8String: String? {
        guard let content = stringBytes else { return nil }
        return String(validating: content, as: UTF8.self)
    }

    /// The items of a list, or of a dictionary's keys and values alternately; empty for scalars.
    @inlinable public var children: BencodeChildren<Bytes> { BencodeChildren(node: self) }

    /// The entries of a dictionary in wire order, duplicates included; empty for anything else.
    @inlinable public var entries: [(key: BencodeNode<Bytes>, value: BencodeNode<Bytes>)] {
        guard kind == .dictionary else { return [] }
        // Token indices only: no iterator or optional of the generic node type per entry, which
        // cost a type-metadata lookup each when the caller is not specialised.
        let tokens = document.tokens
        var result: [(key: BencodeNode<Bytes>, value: BencodeNode<Bytes>)] = []
        result.reserveCapacity(tokens.childCount(ofContainerAt: index) / 2)
        let stop = tokens.subtreeEnd(index)
        var key = index + 1
        while key + 1 < stop {
            result.append((BencodeNode(document: document, index: key), BencodeNode(document: document, index: key + 1)))
            key = tokens.subtreeEnd(key + 1)
        }
        return result
    }

    /// The value of the first entry whose key is `key`, or nil. First wins, as in libtorrent.
    @inlinable
    public subscript(key: some Collection<UInt8>) -> BencodeNode<Bytes>? {
        guard token.kind == .dictionary else { return nil }
        // Contiguous bytes and key (arrays, slices, native strings): one non-generic scan.
        // The closures capture the tokens, not the generic document.
        let tokens = document.tokens
        let index = index
        let found = document.bytes.withContiguousStorageIfAvailable { bytes in
            key.withContiguousStorageIfAvailable { tokens.valueIndex(ofKey: $0, inDictionaryAt: index, in: bytes) }
        }
        if case .some(.some(let valueIndex)) = found {
            return valueIndex < 0 ? nil : BencodeNode(document: document, index: valueIndex)
        }
        let keyCount = key.count
        var child = index + 1
        let stop = index + 1 + Int(token.payload)
        while child < stop {
            let keyToken = document.tokens[child]
            let valueIndex = child + 1
            let contentStart = Int(keyToken.payload)
            if Int(keyToken.end) - contentStart == keyCount,
                BencodeToken.slice(contentStart..<Int(keyToken.end), of: document.bytes).elementsEqual(key)
            {
                return BencodeNode(document: document, index: valueIndex)
            }
            child = document.tokens.subtreeEnd(valueIndex)
        }
        return nil
    }

    /// The value of the first entry whose key is `key` spelled in UTF-8.
    @inlinable
    public subscript(key: String) -> BencodeNode<Bytes>? { self[key.utf8] }

    /// The number of list items or dictionary entries; 0 for scalars.
    @inlinable public var count: Int {
        switch kind {
        case .list: return document.tokens.childCount(ofContainerAt: index)
        case .dictionary: return document.tokens.childCount(ofContainerAt: index) / 2
        default: return 0
        }
    }

    /// The subtree as an owned ``BencodeValue``.
    public var value: BencodeValue {
        if let built = document.bytes.withContiguousStorageIfAvailable({
            BencodeTreeBuilder.value(tokens: document.tokens, bytes: $0, at: index)
        }) {
            return built
        }
        switch kind {
        case .integer: return .integer(integer!)
        case .string: return .string(Array(stringBytes!))
        // A closure, not `\.value`: a key path into this generic type is built at run time on
        // every call when the code is not specialised: two thirds of FuzzBencode's time on deep lists.
        case .list: return .list(children.map { $0.value })
        case .dictionary:
            return .dictionary(BencodeDictionary(entries: entries.map { BencodeDictionary.Entry(key: Array($0.key.stringBytes!), value: $0.value.value) }))
        }
    }
}

extension BencodeNode: Sendable where Bytes: Sendable {}

/// The direct children of a list or dictionary node, in wire order.
public struct BencodeChildren<Bytes: RandomAccessCollection<UInt8>>: Sequence {
    @usableFromInline let node: BencodeNode<Bytes>

    @inlinable
    init(node: BencodeNode<Bytes>) { self.node = node }

    public struct Iterator: IteratorProtocol {
        @usableFromInline let document: BencodeDocument<Bytes>
        @usableFromInline var upcoming: Int
        @usableFromInline let stop: Int

        @inlinable
        init(document: BencodeDocument<Bytes>, upcoming: Int, stop: Int) {
            self.document = document
            self.upcoming = upcoming
            self.stop = stop
        }

        @inlinable
        public mutating func next() -> BencodeNode<Bytes>? {
            guard upcoming < stop else { return nil }
            let current = upcoming
            upcoming = document.tokens.subtreeEnd(current)
            return BencodeNode(document: document, index: current)
        }
    }

    @inlinable
    public func makeIterator() -> Iterator {
        let t = node.token
        let isContainer = t.kind == .list || t.kind == .dictionary
        return Iterator(document: node.document, upcoming: node.index + 1, stop: isContainer ? node.index + 1 + Int(t.payload) : node.index + 1)
    }
}
