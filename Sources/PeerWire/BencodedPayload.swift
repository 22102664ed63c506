import Bencode
import WireCore

/// The reader of a bencoded dictionary payload, one for both dialects: the extended handshake
/// and ut_pex here, AZ_HANDSHAKE and AZ_PEER_EXCHANGE in AzureusWire.
///
/// It decodes the document in place, requires a dictionary at its root, and reads typed values
/// with one rule per deviation, each tolerated through one ``Diagnostics`` (an error in strict
/// mode, a warning in lenient mode) at the offset of the value concerned: a value of the wrong
/// type is `wrong_type` (ignored), a required key that is absent `missing_key`, a port out of
/// its range `port_out_of_range`, text that is not UTF-8 `invalid_utf8`.
package struct BencodedPayload<Bytes: RandomAccessCollection<UInt8>> {
    package let root: BencodeNode<Bytes>
    package var diagnostics: Diagnostics

    /// - Throws: the bencode decoder's errors, and `not_a_dictionary` at offset 0 when the root
    ///   is not a dictionary.
    package init(_ bytes: Bytes, what: String, mode: ParseMode, limits: BencodeLimits) throws(ParseError) {
        let document = try BencodeDecoder(mode: mode, limits: limits).document(bytes)
        guard document.root.kind == .dictionary else {
            throw ParseError(.notADictionary, at: 0, "the \(what) payload is a \(document.root.kind), not a dictionary")
        }
        root = document.root
        diagnostics = Diagnostics(mode: mode)
        diagnostics.absorb(document.warnings)
    }

    // MARK: Entries

    /// The root's entries in wire order, the later entries of a repeated key left out (the
    /// bencode decoder has already reported them; the first wins, as in libtorrent).
    package var uniqueEntries: [(key: BencodeNode<Bytes>, value: BencodeNode<Bytes>)] {
        Self.uniqueEntries(of: root)
    }

    /// `node`'s entries in wire order, first of a repeated key only.
    package static func uniqueEntries(of node: BencodeNode<Bytes>) -> [(key: BencodeNode<Bytes>, value: BencodeNode<Bytes>)] {
        var seen = Set<[UInt8]>()
        return node.entries.filter { entry in
            guard let key = entry.key.stringBytes else { return false }
            return seen.insert(Array(key)).inserted
        }
    }

    /// The root's entries whose keys are not in `known`, in wire order, first of a repeated key
    /// only: what a message keeps besides its typed fields.
    package func unknownEntries(known: Set<String>) -> [BencodeDictionary.Entry] {
        uniqueEntries.compactMap { key, value in
            guard let keyBytes = key.stringBytes else { return nil }
            if let name = String(validating: keyBytes, as: UTF8.self), known.contains(name) { return nil }
            return BencodeDictionary.Entry(key: Array(keyBytes), value: value.value)
        }
    }

    // MARK: Typed values

    /// `node` when it has `kind`, else nil after tolerating `wrong_type` at its offset.
    package mutating func expect(_ node: BencodeNode<Bytes>, _ kind: BencodeKind, _ what: @autoclosure () -> String) throws(ParseError) -> BencodeNode<Bytes>? {
        guard node.kind == kind else {
            try diagnostics.tolerate(.wrongType, at: node.offset, "\(what()) is a \(node.kind), expected a \(kind)")
            return nil
        }
        return node
    }

    /// The root's value of `key` when it has `kind`; nil when absent (tolerated as `missing_key`
    /// when `required`) or of another kind (`wrong_type`).
    package mutating func value(_ key: String, _ kind: BencodeKind, required: Bool = false) throws(ParseError) -> BencodeNode<Bytes>? {
        guard let node = root[key] else {
            if required { try diagnostics.tolerate(.missingKey, at: root.offset, "'\(key)' is missing") }
            return nil
        }
        return try expect(node, kind, "'\(key)'")
    }

    /// `node`'s integer, or nil after a `wrong_type` deviation.
    package mutating func integer(_ node: BencodeNode<Bytes>, key: String) throws(ParseError) -> Int64? {
        try expect(node, .integer, "'\(key)'")?.integer
    }

    /// `node`'s byte string, or nil after a `wrong_type` deviation.
    package mutating func string(_ node: BencodeNode<Bytes>, key: String) throws(ParseError) -> Bytes.SubSequence? {
        try expect(node, .string, "'\(key)'")?.stringBytes
    }

    /// `node`'s integer as a port, or nil after a `wrong_type` or (outside `valid`)
    /// `port_out_of_range` deviation.
    package mutating func port(_ node: BencodeNode<Bytes>, key: String, valid: ClosedRange<UInt16>) throws(ParseError) -> UInt16? {
        guard let integer = try integer(node, key: key) else { return nil }
        guard let port = UInt16(exactly: integer), valid.contains(port) else {
            try diagnostics.tolerate(.portOutOfRange, at: node.offset, "'\(key)' \(integer) is outside \(valid)")
            return nil
        }
        return port
    }

    /// The optional integer port `key` (0...65535): nil when absent or after a deviation.
    package mutating func port(_ key: String) throws(ParseError) -> UInt16? {
        guard let node = root[key] else { return nil }
        return try port(node, key: key, valid: 0...UInt16.max)
    }

    /// The required byte string `key` of `length` bytes; missing or mistyped is empty, another
    /// length is `code` (tolerated, the bytes kept).
    package mutating func bytes(_ key: String, length: Int, code: ParseError.Code) throws(ParseError) -> [UInt8] {
        guard let node = try value(key, .string, required: true), let content = node.stringBytes else { return [] }
        if content.count != length {
            try diagnostics.tolerate(code, at: node.offset, "'\(key)' has \(content.count) bytes, expected \(length)")
        }
        return Array(content)
    }

    /// The required UTF-8 text string `key`; missing or mistyped is "" and not UTF-8 is decoded
    /// with replacement characters (each tolerated).
    package mutating func text(_ key: String) throws(ParseError) -> String {
        guard let node = try value(key, .string, required: true), let bytes = node.stringBytes else { return "" }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        try diagnostics.tolerate(.invalidUTF8, at: node.offset, "'\(key)' is not UTF-8")
        return String(decoding: bytes, as: UTF8.self)
    }
}
