import Bencode
import WireCore

/// The shared first steps of the bencoded extension payloads (extended handshake, ut_pex): decode
/// the document, require a dictionary at its root, and read typed values with one rule for a
/// value of the wrong type (`wrong_type`: an error in strict mode, ignored with a warning in
/// lenient mode).
struct BencodedPayload<Bytes: RandomAccessCollection<UInt8>> {
    let document: BencodeDocument<Bytes>
    var diagnostics: Diagnostics

    /// - Throws: the bencode decoder's errors, and `not_a_dictionary` at offset 0 when the root
    ///   is not a dictionary.
    init(_ bytes: Bytes, what: String, mode: ParseMode, limits: BencodeLimits) throws(ParseError) {
        document = try BencodeDecoder(mode: mode, limits: limits).document(bytes)
        guard document.root.kind == .dictionary else {
            throw ParseError(.notADictionary, at: 0, "the \(what) payload must be a bencoded dictionary")
        }
        diagnostics = Diagnostics(mode: mode)
        diagnostics.absorb(document.warnings)
    }

    var root: BencodeNode<Bytes> { document.root }

    /// The root's entries in wire order, the later entries of a repeated key left out (the
    /// bencode decoder has already reported them; the first wins, as in libtorrent).
    var uniqueEntries: [(key: BencodeNode<Bytes>, value: BencodeNode<Bytes>)] {
        Self.uniqueEntries(of: root)
    }

    static func uniqueEntries(of node: BencodeNode<Bytes>) -> [(key: BencodeNode<Bytes>, value: BencodeNode<Bytes>)] {
        var seen = Set<[UInt8]>()
        return node.entries.filter { entry in
            guard let key = entry.key.stringBytes else { return false }
            return seen.insert(Array(key)).inserted
        }
    }

    /// `node`'s integer, or nil after a `wrong_type` deviation.
    mutating func integer(_ node: BencodeNode<Bytes>, key: String) throws(ParseError) -> Int64? {
        if let value = node.integer { return value }
        try diagnostics.tolerate(.wrongType, at: node.offset, "'\(key)' must be an integer")
        return nil
    }

    /// `node`'s byte string, or nil after a `wrong_type` deviation.
    mutating func string(_ node: BencodeNode<Bytes>, key: String) throws(ParseError) -> Bytes.SubSequence? {
        if let value = node.stringBytes { return value }
        try diagnostics.tolerate(.wrongType, at: node.offset, "'\(key)' must be a byte string")
        return nil
    }
}
