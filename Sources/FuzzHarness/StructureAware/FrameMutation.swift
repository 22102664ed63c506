/// One kind of change the stream mutators make at the frame level.
///
/// ``PeerWireStreamMutator`` and ``AzureusStreamMutator`` both use the kinds that apply to any
/// 4-byte-length-prefixed framing; each also has kinds of its own protocol.
public enum FrameMutation: String, CaseIterable, Sendable {
    // Any length-prefixed framing.
    /// A length prefix one more or one less than its frame: every later frame is misaligned.
    case lengthOffByOne = "length_off_by_one"
    /// A frame's body cut in two frames, each with its own length prefix.
    case splitFrame = "split_frame"
    /// Two neighbouring frames become one: one length prefix over both bodies.
    case joinFrames = "join_frames"
    /// A keep-alive (BitTorrent: a zero length; Azureus: `BT_KEEP_ALIVE`) between two frames.
    case insertKeepAlive = "insert_keep_alive"
    /// A frame appears twice.
    case duplicateFrame = "duplicate_frame"
    /// A frame disappears.
    case dropFrame = "drop_frame"
    /// Two frames change places.
    case swapFrames = "swap_frames"
    /// A well-formed message of the protocol (handshake, PEX) is inserted between two frames.
    case insertMessage = "insert_message"
    /// A bencoded payload is changed by ``BencodeTreeMutator`` and its length prefix fixed.
    case mutatePayload = "mutate_payload"

    // BitTorrent framing.
    /// An extended message's id becomes 0 (the handshake), an id the stream's extended handshake
    /// negotiated, or one it did not.
    case changeExtendedID = "change_extended_id"
    /// A message id becomes another standard id, 20 (extended), or an unassigned one.
    case changeMessageID = "change_message_id"

    // Azureus framing.
    /// The id-length field one more or one less than the id.
    case idLengthOffByOne = "id_length_off_by_one"
    /// The message id becomes an unknown one (a known id altered, or random bytes).
    case unknownID = "unknown_id"
    /// The message id becomes another known one; the payload stays.
    case knownID = "known_id"
    /// The version byte becomes 0, 1, 2, an unsupported version, or BiglyBT's flags form.
    case versionByte = "version_byte"
}
