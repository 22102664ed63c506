import WireCore

/// Error and warning codes of the peer wire: framing, the handshake, BEP 10 and ut_pex.
/// `frame_too_large` is WireCore's (the frame buffer both framers share); `unexpected_eof`,
/// `duplicate_key` and `trailing_data` are the bencode module's.
extension ParseError.Code {
    /// A message payload whose length does not fit its message id (a `have` of 3 bytes, say).
    public static let badPayloadLength = Self("bad_payload_length")
    /// An extended message (id 20) with no extended id byte: shorter than 2 bytes with its id.
    public static let extendedTooShort = Self("extended_too_short")
    /// A bitfield of no bytes (BEP 3: a peer with nothing skips the bitfield; BEP 6 has
    /// have_none); lenient mode keeps it.
    public static let emptyBitfield = Self("empty_bitfield")
    /// A piece message with no block after its index and begin; lenient mode keeps it.
    public static let emptyBlock = Self("empty_block")
    /// A handshake whose first byte is not 19 or whose protocol string is not `BitTorrent protocol`.
    public static let badProtocol = Self("bad_protocol")
    /// A bencoded payload, or a key that must hold a dictionary (`m`), that is something else.
    public static let notADictionary = Self("not_a_dictionary")
    /// A required key (AZ_HANDSHAKE `identity`, `client`, `version`, `messages`; AZ_PEER_EXCHANGE
    /// `infohash`) is absent; lenient mode goes on with an empty value. Raised by the bencoded
    /// payload reader both dialects share.
    public static let missingKey = Self("missing_key")
    /// A known key whose value has the wrong bencode type; lenient mode ignores the value.
    public static let wrongType = Self("wrong_type")
    /// `p` outside 1...65535; lenient mode ignores it.
    public static let portOutOfRange = Self("port_out_of_range")
    /// An `m` entry outside 0...255, or a negative `reqq` or `metadata_size`; lenient mode ignores it.
    public static let valueOutOfRange = Self("value_out_of_range")
    /// `yourip` of neither 4 nor 16 bytes, `ipv4` not 4, `ipv6` not 16; lenient mode ignores it.
    public static let badAddressLength = Self("bad_address_length")
    /// Two `m` entries with the same non-zero id; lenient mode keeps both.
    public static let duplicateExtensionID = Self("duplicate_extension_id")
    /// `v` (or an `m` name) that is not UTF-8; lenient mode keeps `v`'s bytes and drops such a name.
    public static let invalidUTF8 = Self("invalid_utf8")
    /// A compact peer list whose length is not a multiple of 6 (18 for IPv6); lenient mode keeps the
    /// whole entries and ignores the trailing bytes.
    public static let badCompactLength = Self("bad_compact_length")
    /// `added.f` / `added6.f` whose length differs from the number of peers; lenient mode keeps the
    /// peers, the first min(peers, flags) get their flags and the rest 0.
    public static let flagsLengthMismatch = Self("flags_length_mismatch")
    /// More peers in one list than ``PexLimits/maxPeersPerList``; lenient mode keeps the first ones.
    public static let tooManyPeers = Self("too_many_peers")

    /// Every code of PeerWire, in the order of docs/error-codes.md.
    public static let peerWireCodes: [Self] = [
        .badPayloadLength, .extendedTooShort, .emptyBitfield, .emptyBlock, .badProtocol, .notADictionary, .missingKey,
        .wrongType, .portOutOfRange, .valueOutOfRange, .badAddressLength, .duplicateExtensionID,
        .invalidUTF8, .badCompactLength, .flagsLengthMismatch, .tooManyPeers,
    ]
}
