import Bencode
import WireCore

/// The BitTorrent handshake (BEP 3): `pstrlen` (19), `pstr` ("BitTorrent protocol"), 8 reserved
/// bytes, the 20-byte info-hash and the 20-byte peer id; 68 bytes in all.
public struct Handshake: Hashable, Sendable {
    /// "BitTorrent protocol".
    public static let protocolString: [UInt8] = Array("BitTorrent protocol".utf8)
    /// Bytes of a whole handshake.
    public static let length = 68

    /// The reserved bytes.
    public var reserved: ReservedBits
    /// The 20-byte SHA-1 info-hash of the torrent.
    public private(set) var infoHash: [UInt8]
    /// The sender's 20-byte peer id.
    public private(set) var peerID: [UInt8]

    /// A handshake; nil unless `infoHash` and `peerID` are 20 bytes each.
    public init?(reserved: ReservedBits, infoHash: some Collection<UInt8>, peerID: some Collection<UInt8>) {
        guard infoHash.count == 20, peerID.count == 20 else { return nil }
        self.reserved = reserved
        self.infoHash = Array(infoHash)
        self.peerID = Array(peerID)
    }

    /// Reads the handshake at the start of `bytes`; what follows it (the first frames of the
    /// stream) is left alone. Offsets in errors count from the start of `bytes`.
    ///
    /// - Throws: `bad_protocol` at offset 0 for a `pstrlen` other than 19, or at the first byte of
    ///   `pstr` that differs, as soon as that byte is present; otherwise `unexpected_eof` at the end
    ///   of `bytes` when fewer than 68 bytes are present.
    public init<Bytes: RandomAccessCollection<UInt8>>(parsing bytes: Bytes) throws(ParseError) {
        // BEP 3 order: pstrlen, pstr, reserved, info_hash, peer_id.
        let start = bytes.startIndex
        let count = bytes.count
        guard let pstrlen = bytes.first else {
            throw ParseError(.unexpectedEOF, at: 0, "empty input: a handshake is 68 bytes")
        }
        guard Int(pstrlen) == Self.protocolString.count else {
            throw ParseError(.badProtocol, at: 0, "pstrlen is \(pstrlen), expected 19")
        }
        var index = bytes.index(after: start)
        for (n, expected) in Self.protocolString.enumerated() where n + 1 < count {
            guard bytes[index] == expected else {
                throw ParseError(.badProtocol, at: n + 1, "the protocol string is not 'BitTorrent protocol'")
            }
            index = bytes.index(after: index)
        }
        guard count >= Self.length else {
            throw ParseError(.unexpectedEOF, at: count, "a handshake is 68 bytes, got \(count)")
        }
        func field(_ offset: Int, _ length: Int) -> Bytes.SubSequence {
            let lower = bytes.index(start, offsetBy: offset)
            return bytes[lower..<bytes.index(lower, offsetBy: length)]
        }
        reserved = ReservedBits(rawValue: field(20, 8).reduce(0) { $0 << 8 | UInt64($1) })
        infoHash = Array(field(28, 20))
        peerID = Array(field(48, 20))
    }

    /// Decodes a buffer that should hold exactly one handshake. Bytes after the 68 are
    /// `trailing_data`: a warning in lenient mode, an error in strict mode.
    public static func decode(_ bytes: some RandomAccessCollection<UInt8>, mode: ParseMode = .lenient) throws(ParseError) -> Decoded<Handshake> {
        let handshake = try Handshake(parsing: bytes)
        var diagnostics = Diagnostics(mode: mode)
        if bytes.count > length {
            try diagnostics.tolerate(.trailingData, at: length, "\(bytes.count - length) bytes after the 68-byte handshake")
        }
        return Decoded(handshake, warnings: diagnostics.warnings)
    }

    /// True when the reserved bytes carry the BEP 10 extension-protocol bit.
    public var supportsExtensionProtocol: Bool { reserved.contains(.extensionProtocol) }

    /// The 68 bytes on the wire.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Self.length)
        out.append(UInt8(Self.protocolString.count))
        out += Self.protocolString
        out += reserved.encoded
        out += infoHash
        out += peerID
        return out
    }
}
