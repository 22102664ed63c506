import WireCore

/// A validated bencoded buffer read in place for the length of one call, for the typed message
/// decoders of this package (``BencodeDecoder/withView(_:_:)``).
///
/// It is ``BencodeDocument`` without ownership: the tokens of a small payload stay in the
/// tokenizer's scratch buffer on the stack and the bytes are the caller's buffer, so reading a
/// message allocates nothing for the document, and nodes are plain values (pointers and an index)
/// with no reference counting. Neither may escape the closure that receives them.
@usableFromInline
package struct BencodeView {
    @usableFromInline let tokens: UnsafeBufferPointer<BencodeToken>
    /// The whole input.
    @usableFromInline package let bytes: UnsafeBufferPointer<UInt8>

    @inlinable
    init(tokens: UnsafeBufferPointer<BencodeToken>, bytes: UnsafeBufferPointer<UInt8>) {
        self.tokens = tokens
        self.bytes = bytes
    }

    /// True when `bytes` are valid UTF-8 (what `String(validating:as:)` accepts), checked
    /// without building a string when they are ASCII.
    @inlinable
    package static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 {
            return String(validating: bytes, as: UTF8.self) != nil
        }
        return true
    }

    /// The top-level value.
    @inlinable package var root: Node { Node(view: self, index: 0) }

    /// The node at `index` (a ``Node/index`` of this view).
    @inlinable package func node(at index: Int) -> Node { Node(view: self, index: index) }

    /// One value of the view: the counterpart of ``BencodeNode``.
    @usableFromInline
    package struct Node {
        @usableFromInline let view: BencodeView
        /// The node's position in the view's token array.
        @usableFromInline package let index: Int

        @inlinable
        init(view: BencodeView, index: Int) {
            self.view = view
            self.index = index
        }

        /// The view this node is part of.
        @inlinable package var document: BencodeView { view }

        @inlinable var token: BencodeToken {
            precondition(index >= 0 && index < view.tokens.count, "token index out of range")
            return view.tokens[index]
        }

        /// The index just past this node's subtree: its next sibling.
        @inlinable var subtreeEnd: Int {
            let t = token
            return index + 1 + (t.kind == .list || t.kind == .dictionary ? Int(t.payload) : 0)
        }

        @inlinable package var kind: BencodeKind { token.kind }
        /// Offset of the value's first byte.
        @inlinable package var offset: Int { Int(token.start) }
        /// Offset just past the value.
        @inlinable package var endOffset: Int { Int(token.end) }

        /// The integer, or nil when this is not one.
        @inlinable package var integer: Int64? {
            let t = token
            guard t.kind == .integer else { return nil }
            return BencodeToken.integerValue(view.slice(Int(t.start) + 1..<Int(t.end) - 1))
        }

        /// Offsets of a byte string's content, or nil when this is not one.
        @inlinable package var stringRange: Range<Int>? {
            let t = token
            return t.kind == .string ? Int(t.payload)..<Int(t.end) : nil
        }

        /// A byte string's content, in place, or nil when this is not one.
        @inlinable package var stringBytes: UnsafeBufferPointer<UInt8>? {
            guard let range = stringRange else { return nil }
            return view.slice(range)
        }

        /// The whole encoded value as written on the wire, in place.
        @inlinable package var encodedBytes: UnsafeBufferPointer<UInt8> {
            let t = token
            return view.slice(Int(t.start)..<Int(t.end))
        }

        /// The items of a list, or a dictionary's keys and values alternately; empty for scalars.
        @inlinable package var children: Children { Children(node: self) }

        /// The entries of a dictionary in wire order, duplicates included; empty for anything else.
        @inlinable package var entries: Entries { Entries(node: self) }

        /// Calls `body` with the content of each key of a dictionary and the value's node, in wire
        /// order, duplicates included; nothing for anything else (a value's key node is the one
        /// at `value.index - 1`). The decoders' one pass over
        /// their keys: it walks the tokens directly.
        @inlinable
        package func forEachEntry<E: Error>(_ body: (UnsafeBufferPointer<UInt8>, Node) throws(E) -> Void) throws(E) {
            let t = token
            guard t.kind == .dictionary else { return }
            let tokens = view.tokens
            let stop = index + 1 + Int(t.payload)
            precondition(stop <= tokens.count, "token index out of range")
            var key = index + 1
            while key + 1 < stop {
                let keyToken = tokens[key]
                let value = tokens[key + 1]
                try body(view.slice(Int(keyToken.payload)..<Int(keyToken.end)), Node(view: view, index: key + 1))
                key += 2 + (value.kind == .list || value.kind == .dictionary ? Int(value.payload) : 0)
            }
        }

        /// The number of list items or dictionary entries; 0 for scalars.
        @inlinable package var count: Int {
            var n = 0
            for _ in children { n += 1 }
            return kind == .dictionary ? n / 2 : n
        }

        /// The value of the first entry whose key is `key`, or nil. First wins, as in libtorrent.
        @inlinable
        package subscript(key: UnsafeBufferPointer<UInt8>) -> Node? {
            for (k, v) in entries where k.hasContent(key) { return v }
            return nil
        }

        /// The value of the first entry whose key is `key` spelled in UTF-8.
        @inlinable
        package subscript(key: StaticString) -> Node? {
            self[UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)]
        }

        /// True when this is a byte string whose content is `bytes`.
        @inlinable
        package func hasContent(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            let t = token
            let start = Int(t.payload)
            let count = Int(t.end) - start
            guard t.kind == .string, count == bytes.count else { return false }
            let content = view.slice(start..<start + count)
            // Keys are short: a plain loop beats a call to memcmp.
            for i in 0..<count where content[i] != bytes[i] { return false }
            return true
        }

        /// True when this is a byte string whose content is valid UTF-8 (what
        /// `String(validating:as:)` accepts), checked without building a string.
        @inlinable
        package var isUTF8String: Bool {
            guard let content = stringBytes else { return false }
            return BencodeView.isUTF8(content)
        }

        /// The subtree as an owned ``BencodeValue``.
        package var value: BencodeValue {
            BencodeTreeBuilder.value(tokens: view.tokens, bytes: view.bytes, at: index)
        }
    }

    /// The direct children of a node, in wire order.
    @usableFromInline
    package struct Children: Sequence, IteratorProtocol {
        @usableFromInline let view: BencodeView
        @usableFromInline var upcoming: Int
        @usableFromInline let stop: Int

        @inlinable
        init(node: Node) {
            let t = node.token
            view = node.view
            upcoming = node.index + 1
            stop = t.kind == .list || t.kind == .dictionary ? node.index + 1 + Int(t.payload) : node.index + 1
        }

        @inlinable
        package mutating func next() -> Node? {
            guard upcoming < stop else { return nil }
            let node = Node(view: view, index: upcoming)
            upcoming = node.subtreeEnd
            return node
        }
    }

    /// The entries of a dictionary, in wire order.
    @usableFromInline
    package struct Entries: Sequence, IteratorProtocol {
        @usableFromInline var children: Children

        @inlinable
        init(node: Node) {
            children = Children(node: node)
            if node.kind != .dictionary { children.upcoming = children.stop }
        }

        @inlinable
        package mutating func next() -> (key: Node, value: Node)? {
            guard let key = children.next(), let value = children.next() else { return nil }
            return (key, value)
        }
    }

    /// The bytes at `range`, which a token of this view delimits.
    @inlinable
    func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "token outside the input")
        return UnsafeBufferPointer(rebasing: bytes[range])
    }
}

extension BencodeDecoder {
    /// Validates `bytes` as one bencoded value (trailing bytes are `trailing_data`, as with
    /// ``document(_:)``) and calls `body` with a view of it and the warnings met. The view and
    /// its nodes are valid during the call only. A small payload's tokens never leave the stack.
    @inlinable
    package func withView<R>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ body: (BencodeView, [ParseWarning]) throws(ParseError) -> R
    ) throws(ParseError) -> R {
        var result: Result<R, ParseError>?
        if let failure = tokenizeInPlace(bytes, { view, warnings in
            do throws(ParseError) {
                result = .success(try body(view, warnings))
            } catch {
                result = .failure(error)
            }
        }) {
            throw failure
        }
        guard let result else { preconditionFailure("the tokenizer neither failed nor called back") }
        return try result.get()
    }

    /// Tokenizes `bytes` and calls `body` while the tokens are at hand; returns the bencode error
    /// instead when there is one (`body` is then not called).
    @usableFromInline
    func tokenizeInPlace(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (BencodeView, [ParseWarning]) -> Void) -> ParseError? {
        withUnsafeTemporaryAllocation(of: BencodeToken.self, capacity: BencodeTokenWriter.scratchCapacity) { scratch in
            var tokenizer = BencodeTokenizer(bytes: bytes, limits: limits, mode: mode, scratch: scratch)
            do throws(ParseError) {
                _ = try tokenizer.run(reportTrailingData: true)
            } catch {
                return error
            }
            tokenizer.tokens.withWritten { body(BencodeView(tokens: $0, bytes: bytes), tokenizer.diagnostics.warnings) }
            return nil
        }
    }
}
