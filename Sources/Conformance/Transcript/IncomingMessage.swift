/// One message as a receiving client meets it: what a ``ClientProfile`` reacts to.
public enum IncomingMessage: Sendable, Hashable {
    /// The 68-byte BitTorrent handshake.
    case handshake
    /// A standard message other than extended: its id (nil for keep-alive) and frame size.
    case standard(id: UInt8?, frameSize: Int)
    /// An extended message (id 20) too short to carry an extended id.
    case extendedTooShort
    /// Extended id 0; `decodable` is false when the payload is not a bencoded dictionary.
    /// `utPexID` is the id its `m` gives ut_pex: nil when `m` leaves ut_pex out, 0 when it disables it.
    case extendedHandshake(decodable: Bool, frameSize: Int, utPexID: Int? = nil)
    /// A PEX message, ut_pex or AZ_PEER_EXCHANGE.
    case pex(PexMessageFacts, frameSize: Int)
    /// An extended message under an id the receiver did not assign (or disabled).
    case unassignedExtension(id: UInt8, frameSize: Int)
    /// An Azureus message other than AZ_PEER_EXCHANGE (AZ_HANDSHAKE, BT_*).
    case azureus(messageID: String, frameSize: Int)

    /// The frame size for size limits; 68 for the handshake.
    public var frameSize: Int {
        switch self {
        case .handshake: return 68
        case .extendedTooShort: return 5
        case .standard(_, let size), .extendedHandshake(_, let size, _), .pex(_, let size), .unassignedExtension(_, let size),
            .azureus(_, let size):
            return size
        }
    }
}
