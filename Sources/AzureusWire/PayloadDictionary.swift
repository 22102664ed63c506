import Bencode
import PeerWire
import WireCore

/// The bencoded dictionary payload of AZ_HANDSHAKE and AZ_PEER_EXCHANGE, read in place, with
/// the typed look-ups both share: a key of the wrong type is `wrong_type`, a required key that
/// is absent `missing_key`, each tolerated through one ``Diagnostics``.
struct PayloadDictionary<Bytes: RandomAccessCollection<UInt8>> {
    let root: BencodeNode<Bytes>
    var diagnostics: Diagnostics

    init(_ bytes: Bytes, mode: ParseMode, limits: BencodeLimits, what: String) throws(ParseError) {
        let document = try BencodeDecoder(mode: mode, limits: limits).document(bytes)
        guard document.root.kind == .dictionary else {
            throw ParseError(.notADictionary, at: 0, "the \(what) payload is a \(document.root.kind), not a dictionary")
        }
        root = document.root
        diagnostics = Diagnostics(mode: mode)
        diagnostics.absorb(document.warnings)
    }

    /// The value of `key` when it has `kind`; nil when absent (tolerated when `required`) or of
    /// another kind (tolerated, value ignored).
    mutating func value(_ key: String, _ kind: BencodeKind, required: Bool = false) throws(ParseError) -> BencodeNode<Bytes>? {
        guard let node = root[key] else {
            if required { try diagnostics.tolerate(.missingKey, at: root.offset, "'\(key)' is missing") }
            return nil
        }
        return try Self.expect(node, kind, &diagnostics, "'\(key)'")
    }

    /// `node` when it has `kind`, else nil after tolerating `wrong_type` at its offset.
    static func expect(_ node: BencodeNode<Bytes>, _ kind: BencodeKind, _ diagnostics: inout Diagnostics, _ what: @autoclosure () -> String) throws(ParseError) -> BencodeNode<Bytes>? {
        guard node.kind == kind else {
            try diagnostics.tolerate(.wrongType, at: node.offset, "\(what()) is a \(node.kind), expected a \(kind)")
            return nil
        }
        return node
    }

    /// An optional integer port: nil when absent, of the wrong type or outside 0...65535 (each
    /// tolerated).
    mutating func port(_ key: String) throws(ParseError) -> UInt16? {
        guard let node = try value(key, .integer), let integer = node.integer else { return nil }
        guard let port = UInt16(exactly: integer) else {
            try diagnostics.tolerate(.portOutOfRange, at: node.offset, "'\(key)' \(integer) is outside 0...65535")
            return nil
        }
        return port
    }

    /// A required byte string of `length` bytes; missing or mistyped is empty, another length is
    /// `code` (tolerated, the bytes kept).
    mutating func bytes(_ key: String, length: Int, code: ParseError.Code) throws(ParseError) -> [UInt8] {
        guard let node = try value(key, .string, required: true), let content = node.stringBytes else { return [] }
        if content.count != length {
            try diagnostics.tolerate(code, at: node.offset, "'\(key)' has \(content.count) bytes, expected \(length)")
        }
        return Array(content)
    }

    /// A required UTF-8 text string; missing or mistyped is "" and not UTF-8 is decoded with
    /// replacement characters (each tolerated).
    mutating func text(_ key: String) throws(ParseError) -> String {
        guard let node = try value(key, .string, required: true), let bytes = node.stringBytes else { return "" }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        try diagnostics.tolerate(.invalidUTF8, at: node.offset, "'\(key)' is not UTF-8")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The entries whose keys are not in `known`, in wire order, first of a repeated key only.
    func unknownEntries(known: Set<String>) -> [BencodeDictionary.Entry] {
        var seen = Set<[UInt8]>()
        var out: [BencodeDictionary.Entry] = []
        for (key, value) in root.entries {
            guard let content = key.stringBytes else { continue }
            let keyBytes = Array(content)
            guard seen.insert(keyBytes).inserted else { continue }
            if let name = String(validating: keyBytes, as: UTF8.self), known.contains(name) { continue }
            out.append(BencodeDictionary.Entry(key: keyBytes, value: value.value))
        }
        return out
    }
}
