import WireCore

/// Error and warning codes of the Azureus messaging codecs.
///
/// Where a fault is the same in both dialects the code is declared once, where the shared code
/// that raises it lives, so a client sees one code for it: `frame_too_large` (WireCore, the
/// length-prefixed frame buffer), `bad_payload_length` (PeerWire, the BT_* payloads),
/// `not_a_dictionary`, `wrong_type`, `missing_key`, `port_out_of_range` (here: outside
/// 0...65535), `invalid_utf8` (`client`, `version`; lenient mode decodes with replacement
/// characters) (PeerWire, the bencoded payload reader), `value_out_of_range` (`handshake_type`
/// or an `_HST` byte other than 0 or 1) and `too_many_peers`. `unexpected_eof`, `trailing_data`
/// and the bencode codes are the bencode module's.
///
/// The codes below name faults only Azureus messaging has. Three look like peer wire codes but
/// are not the same fault: `bad_peer_entry_length` is one entry of a list of peer strings
/// (ut_pex's `bad_compact_length` is a concatenated list cut mid-entry);
/// `handshake_types_length_mismatch` and `udp_ports_length_mismatch` discard the whole string in
/// lenient mode, as BiglyBT does, where ut_pex's `flags_length_mismatch` keeps the flags that
/// match, so a client must tell them apart.
extension ParseError.Code {
    /// A length prefix too small to hold the 4-byte id length and the version byte (under 5).
    public static let frameTooShort = Self("frame_too_short")
    /// A message id length larger than what remains of the frame after the id length and the
    /// version byte.
    public static let idLengthTooLarge = Self("id_length_too_large")
    /// A message id outside ``AzureusMessageID/known``: a warning in every mode, the frame is
    /// kept as ``AzureusMessageID/unknown(_:)``.
    public static let unknownMessageID = Self("unknown_message_id")
    /// A version byte outside ``AzureusFrame/supportedVersions``; lenient mode warns and decodes
    /// the payload as version 1.
    public static let unsupportedVersion = Self("unsupported_version")
    /// A version byte in BiglyBT's flags-and-version form (flags in the high 4 bits of a version
    /// of 2 or more), which neither the document nor Wireshark knows; lenient mode reads the
    /// flags and the padding they announce.
    public static let versionFlags = Self("version_flags")
    /// BiglyBT's padding length (flag 0x01) missing or larger than the rest of the frame.
    public static let badPaddingLength = Self("bad_padding_length")
    /// AZ_HANDSHAKE `identity` that is not 20 bytes; lenient mode keeps the bytes.
    public static let badIdentityLength = Self("bad_identity_length")
    /// AZ_PEER_EXCHANGE `infohash` that is not 20 bytes; lenient mode keeps the bytes.
    public static let badInfohashLength = Self("bad_infohash_length")
    /// An `added` / `dropped` entry of neither 6 nor 18 bytes; lenient mode drops the entry.
    public static let badPeerEntryLength = Self("bad_peer_entry_length")
    /// An 18-byte (IPv6) `added` / `dropped` entry where the document says 6 bytes; lenient mode
    /// keeps it as an IPv6 peer.
    public static let ipv6PeerEntry = Self("ipv6_peer_entry")
    /// `added_HST` / `dropped_HST` whose length is not the number of entries; lenient mode ignores
    /// the whole string, as BiglyBT does.
    public static let handshakeTypesLengthMismatch = Self("handshake_types_length_mismatch")
    /// `added_UDP` / `dropped_UDP` whose length is not twice the number of entries; lenient mode
    /// ignores the whole string, as BiglyBT does.
    public static let udpPortsLengthMismatch = Self("udp_ports_length_mismatch")
    /// A `messages` entry whose `ver` is an integer rather than the 1-byte string of the
    /// document; lenient mode takes the integer when it fits a byte.
    public static let integerMessageVersion = Self("integer_message_version")
    /// A `messages` entry without a usable `id` or `ver` (missing, wrong type, `ver` not 1 byte,
    /// integer outside 0...255); lenient mode drops the entry.
    public static let badMessageEntry = Self("bad_message_entry")
    /// An AZ_PEER_EXCHANGE that names no peer at all: BiglyBT rejects it. A warning in every mode.
    public static let emptyPeerExchange = Self("empty_peer_exchange")

    /// Every code of AzureusWire, in the order of docs/error-codes.md.
    public static let azureusCodes: [Self] = [
        .frameTooShort, .idLengthTooLarge, .unknownMessageID, .unsupportedVersion, .versionFlags,
        .badPaddingLength, .badIdentityLength, .badInfohashLength, .badPeerEntryLength,
        .ipv6PeerEntry, .handshakeTypesLengthMismatch, .udpPortsLengthMismatch,
        .integerMessageVersion, .badMessageEntry, .emptyPeerExchange,
    ]
}
