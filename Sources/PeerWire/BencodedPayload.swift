import Bencode
import WireCore

/// The reader of a bencoded dictionary payload, one for both dialects: the extended handshake
/// and ut_pex here, AZ_HANDSHAKE and AZ_PEER_EXCHANGE in AzureusWire.
///
/// It decodes the payload in place (``read(_:what:mode:limits:_:)``), requires a dictionary at its
/// root, and reads typed values with one rule per deviation, each tolerated through one
/// ``Diagnostics`` (an error in strict mode, a warning in lenient mode) at the offset of the value
/// concerned: a value of the wrong type is `wrong_type` (ignored), a required key that is absent
/// `missing_key`, a port out of its range `port_out_of_range`, text that is not UTF-8
/// `invalid_utf8`.
///
/// The decoders find their keys in one pass over the root's entries; nothing is copied for a
/// lookup, and the nodes are only valid inside the closure that receives the reader.
//
// The hot parts are inlinable, so that AzureusWire's decoders get them specialised and inlined
// as PeerWire's own do (a generic `read` called across the module boundary ran unspecialised).
@usableFromInline
package struct BencodedPayload {
    @usableFromInline package typealias Node = BencodeView.Node

    @usableFromInline package let root: Node
    @usableFromInline package var diagnostics: Diagnostics
    /// True when the bencode decoder met an unsorted or a repeated key: only then can a dictionary
    /// hold a key twice (keys in strictly increasing order cannot repeat).
    @usableFromInline package let mayRepeatKeys: Bool

    /// Decodes `bytes` in place and calls `body` with a reader of its root dictionary.
    ///
    /// - Throws: the bencode decoder's errors, and `not_a_dictionary` at offset 0 when the root
    ///   is not a dictionary; then whatever `body` throws.
    @inlinable
    package static func read<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>, what: String, mode: ParseMode, limits: BencodeLimits,
        _ body: (inout BencodedPayload) throws(ParseError) -> Result
    ) throws(ParseError) -> Result {
        try BencodeDecoder(mode: mode, limits: limits).withView(bytes) { (view, warnings) throws(ParseError) -> Result in
            let root = view.root
            guard root.kind == .dictionary else {
                throw ParseError(.notADictionary, at: 0, "the \(what) payload is a \(root.kind), not a dictionary")
            }
            var reader = BencodedPayload(
                root: root, diagnostics: Diagnostics(mode: mode),
                mayRepeatKeys: warnings.contains { $0.code == .unsortedKeys || $0.code == .duplicateKey })
            if !warnings.isEmpty { reader.diagnostics.absorb(warnings) }
            return try body(&reader)
        }
    }

    @usableFromInline
    init(root: Node, diagnostics: Diagnostics, mayRepeatKeys: Bool) {
        self.root = root
        self.diagnostics = diagnostics
        self.mayRepeatKeys = mayRepeatKeys
    }

    // MARK: Entries

    /// Tells the first entry of each key from later entries of a repeated key, which the bencode
    /// decoder has already reported (the first wins, as in libtorrent). Free when the document
    /// cannot repeat a key; otherwise each key is remembered once.
    package struct FirstEntries {
        private var seen: Set<[UInt8]>?

        package init(_ payload: BencodedPayload) {
            seen = payload.mayRepeatKeys ? [] : nil
        }

        /// True unless an earlier entry of the same dictionary had `key`. Call once per entry, in
        /// wire order, for one dictionary.
        @inline(__always)
        package mutating func isFirst(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
            guard seen != nil else { return true }
            return seen!.insert(Array(key)).inserted
        }
    }

    /// The first value of each key of `names` (at most ``KeySlots/capacity``), found in one pass
    /// over the root's entries, by its place in `names`.
    @inlinable
    package func firstValues(_ names: [StaticString]) -> FirstValues {
        var indices = KeySlots<Int>()
        root.forEachEntry { key, value in
            if let i = Self.slot(of: key, among: names), indices[i] == nil { indices[i] = value.index }
        }
        return FirstValues(root: root, indices: indices)
    }

    /// The nodes ``firstValues(_:)`` found, by slot.
    @usableFromInline
    package struct FirstValues {
        @usableFromInline let root: Node
        // Token indices, which are cheaper to keep than nodes.
        @usableFromInline let indices: KeySlots<Int>

        @inlinable
        init(root: Node, indices: KeySlots<Int>) {
            self.root = root
            self.indices = indices
        }

        /// The first value of the key in `slot`, or nil when the dictionary has none.
        @inlinable
        package subscript(_ slot: Int) -> Node? { indices[slot].map { root.document.node(at: $0) } }
    }

    /// The root's entries whose keys are not in `known`, in wire order, first of a repeated key
    /// only: what a message keeps besides its typed fields.
    package func unknownEntries(known: Set<String>) -> [BencodeDictionary.Entry] {
        var first = FirstEntries(self)
        var result: [BencodeDictionary.Entry] = []
        for (key, value) in root.entries {
            guard let keyBytes = key.stringBytes, first.isFirst(keyBytes) else { continue }
            if let name = Self.utf8String(keyBytes), known.contains(name) { continue }
            result.append(BencodeDictionary.Entry(key: Array(keyBytes), value: value.value))
        }
        return result
    }

    /// True when `key` (a key's content, in place) is `name`: how the decoders match their keys
    /// in their one pass over a dictionary, with no string built.
    @inlinable @inline(__always)
    package static func key(_ key: UnsafeBufferPointer<UInt8>, is name: StaticString) -> Bool {
        guard key.count == name.utf8CodeUnitCount else { return false }
        let bytes = name.utf8Start
        for i in 0..<key.count where key[i] != bytes[i] { return false }
        return true
    }

    /// The place of `key` (a key's content, in place) among `names` from `first` on, or nil
    /// when it is none of them: how a decoder that keeps its keys' values in ``KeySlots``
    /// matches a key, by length first, with no string built. With `names` in sorted order, a
    /// reader of sorted keys starts after the previous key's place and mostly matches at once.
    @inlinable @inline(__always)
    package static func slot(of key: UnsafeBufferPointer<UInt8>, among names: [StaticString], from first: Int = 0) -> Int? {
        var i = first
        while i < names.count {
            if Self.key(key, is: names[i]) { return i }
            i += 1
        }
        return nil
    }

    /// `bytes` as a string when they are valid UTF-8 (as `String(validating:as:)` decides),
    /// else nil. ASCII, what the keys and names of these messages are, takes a fast path: the
    /// generic `String(validating:as:)` looks up type metadata at run time on every call.
    @inline(__always)
    package static func utf8String(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for byte in bytes where byte >= 0x80 { return String(validating: bytes, as: UTF8.self) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Typed values

    /// `node` when it has `kind`, else nil after tolerating `wrong_type` at its offset.
    @inlinable @inline(__always)
    package mutating func expect(_ node: Node, _ kind: BencodeKind, _ what: @autoclosure () -> String) throws(ParseError) -> Node? {
        guard node.kind == kind else {
            try diagnostics.tolerate(.wrongType, at: node.offset, "\(what()) is a \(node.kind), expected a \(kind)")
            return nil
        }
        return node
    }

    /// `node` (the root's value of `key`, found by the caller) when it has `kind`; nil when
    /// absent (tolerated as `missing_key` when `required`) or of another kind (`wrong_type`).
    @inlinable
    package mutating func value(_ node: Node?, _ key: StaticString, _ kind: BencodeKind, required: Bool = false) throws(ParseError) -> Node? {
        guard let node else {
            if required { try diagnostics.tolerate(.missingKey, at: root.offset, "'\(key)' is missing") }
            return nil
        }
        return try expect(node, kind, "'\(key)'")
    }

    /// The root's value of `key` when it has `kind`: ``value(_:_:_:required:)`` after a lookup.
    package mutating func value(_ key: StaticString, _ kind: BencodeKind, required: Bool = false) throws(ParseError) -> Node? {
        try value(root[key], key, kind, required: required)
    }

    /// `node`'s integer, or nil after a `wrong_type` deviation.
    @inlinable @inline(__always)
    package mutating func integer(_ node: Node, key: StaticString) throws(ParseError) -> Int64? {
        try expect(node, .integer, "'\(key)'")?.integer
    }

    /// `node`'s byte string, or nil after a `wrong_type` deviation.
    @inlinable @inline(__always)
    package mutating func string(_ node: Node, key: StaticString) throws(ParseError) -> UnsafeBufferPointer<UInt8>? {
        try expect(node, .string, "'\(key)'")?.stringBytes
    }

    /// `node`'s integer as a port, or nil after a `wrong_type` or (outside `valid`)
    /// `port_out_of_range` deviation.
    package mutating func port(_ node: Node, key: StaticString, valid: ClosedRange<UInt16>) throws(ParseError) -> UInt16? {
        guard let integer = try integer(node, key: key) else { return nil }
        guard let port = UInt16(exactly: integer), valid.contains(port) else {
            try diagnostics.tolerate(.portOutOfRange, at: node.offset, "'\(key)' \(integer) is outside \(valid)")
            return nil
        }
        return port
    }

    /// The optional integer port `key` (0...65535): nil when absent or after a deviation.
    package mutating func port(_ key: StaticString) throws(ParseError) -> UInt16? {
        guard let node = root[key] else { return nil }
        return try port(node, key: key, valid: 0...UInt16.max)
    }

    /// The required byte string `node` (the root's value of `key`) of `length` bytes; missing or
    /// mistyped is empty, another length is `code` (tolerated, the bytes kept).
    package mutating func bytes(_ node: Node?, _ key: StaticString, length: Int, code: ParseError.Code) throws(ParseError) -> [UInt8] {
        guard let node = try value(node, key, .string, required: true), let content = node.stringBytes else { return [] }
        if content.count != length {
            try diagnostics.tolerate(code, at: node.offset, "'\(key)' has \(content.count) bytes, expected \(length)")
        }
        return Array(content)
    }

    /// The required UTF-8 text string `key`; missing or mistyped is "" and not UTF-8 is decoded
    /// with replacement characters (each tolerated).
    package mutating func text(_ key: StaticString) throws(ParseError) -> String {
        guard let node = try value(key, .string, required: true), let bytes = node.stringBytes else { return "" }
        if let text = Self.utf8String(bytes) { return text }
        try diagnostics.tolerate(.invalidUTF8, at: node.offset, "'\(key)' is not UTF-8")
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// One optional value for each of up to ``capacity`` keys of a message, by the key's place in
/// the decoder's list of keys: what the decoders keep of their root's entries, on the stack.
@usableFromInline
package struct KeySlots<Value> {
    /// The most keys a decoder reads this way.
    @inlinable package static var capacity: Int { 8 }

    @usableFromInline var slots: (Value?, Value?, Value?, Value?, Value?, Value?, Value?, Value?) = (nil, nil, nil, nil, nil, nil, nil, nil)

    @inlinable package init() {}

    /// A homogeneous tuple is laid out as an array of its element type, so a slot is read and
    /// written in place, by index, after one range check.
    @inlinable
    package subscript(_ slot: Int) -> Value? {
        @inline(__always) get {
            precondition(slot >= 0 && slot < Self.capacity, "key slot out of range")
            return withUnsafePointer(to: slots) { $0.withMemoryRebound(to: Value?.self, capacity: Self.capacity) { $0[slot] } }
        }
        @inline(__always) set {
            precondition(slot >= 0 && slot < Self.capacity, "key slot out of range")
            withUnsafeMutablePointer(to: &slots) {
                $0.withMemoryRebound(to: Value?.self, capacity: Self.capacity) { $0[slot] = newValue }
            }
        }
    }
}

