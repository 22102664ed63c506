import PeerWire

/// The message id string of an Azureus frame.
///
/// The known ids are those of the Azureus messaging document (`AZ_HANDSHAKE`,
/// `AZ_PEER_EXCHANGE`, `BT_KEEP_ALIVE`, `BT_CHOKE` … `BT_CANCEL`) and the two more Wireshark
/// recognises (`JPC_HELLO`, `JPC_REPLY`). Any other id is kept as ``unknown(_:)`` with its bytes:
/// an unknown id is not an error (Vuze and BiglyBT define more, such as `AZ_HAVE`).
public enum AzureusMessageID: Hashable, Sendable, CustomStringConvertible {
    case azHandshake
    case azPeerExchange
    case btKeepAlive
    case btChoke
    case btUnchoke
    case btInterested
    case btUninterested
    case btHave
    case btBitfield
    case btRequest
    case btPiece
    case btCancel
    case jpcHello
    case jpcReply
    /// An id outside the known set, as its bytes (not necessarily UTF-8).
    case unknown([UInt8])

    /// Every known id, in the order of the document, then Wireshark's additions.
    public static let known: [AzureusMessageID] = [
        .azHandshake, .azPeerExchange, .btKeepAlive, .btChoke, .btUnchoke, .btInterested, .btUninterested,
        .btHave, .btBitfield, .btRequest, .btPiece, .btCancel, .jpcHello, .jpcReply,
    ]

    /// The id from its bytes on the wire: a known id or ``unknown(_:)``.
    public init(bytes: some Collection<UInt8>) {
        for id in Self.known where id.name.utf8.elementsEqual(bytes) {
            self = id
            return
        }
        self = .unknown(Array(bytes))
    }

    /// The id from its name, such as `"AZ_PEER_EXCHANGE"`.
    public init(name: String) { self.init(bytes: name.utf8) }

    /// The id as the wire spells it; an unknown id's bytes decoded as UTF-8 with replacement.
    public var name: String {
        switch self {
        case .azHandshake: return "AZ_HANDSHAKE"
        case .azPeerExchange: return "AZ_PEER_EXCHANGE"
        case .btKeepAlive: return "BT_KEEP_ALIVE"
        case .btChoke: return "BT_CHOKE"
        case .btUnchoke: return "BT_UNCHOKE"
        case .btInterested: return "BT_INTERESTED"
        case .btUninterested: return "BT_UNINTERESTED"
        case .btHave: return "BT_HAVE"
        case .btBitfield: return "BT_BITFIELD"
        case .btRequest: return "BT_REQUEST"
        case .btPiece: return "BT_PIECE"
        case .btCancel: return "BT_CANCEL"
        case .jpcHello: return "JPC_HELLO"
        case .jpcReply: return "JPC_REPLY"
        case .unknown(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The id's bytes on the wire.
    public var encoded: [UInt8] {
        if case .unknown(let bytes) = self { return bytes }
        return Array(name.utf8)
    }

    public var isKnown: Bool {
        if case .unknown = self { return false }
        return true
    }

    /// For `BT_CHOKE` … `BT_CANCEL`, the standard message id (0 … 8) whose payload the message
    /// carries; nil for every other id, `BT_KEEP_ALIVE` included (it has no standard id).
    public var standardMessageID: UInt8? {
        switch self {
        case .btChoke: return 0
        case .btUnchoke: return 1
        case .btInterested: return 2
        case .btUninterested: return 3
        case .btHave: return 4
        case .btBitfield: return 5
        case .btRequest: return 6
        case .btPiece: return 7
        case .btCancel: return 8
        default: return nil
        }
    }

    /// The Azureus id that carries `message`: nil for the standard messages Azureus framing
    /// has no id for (`port`, `extended`, the Fast extension's, unknown ids).
    public init?(_ message: PeerMessage) {
        switch message {
        case .keepAlive: self = .btKeepAlive
        case .port, .extended, .unknown, .suggest, .haveAll, .haveNone, .reject, .allowedFast: return nil
        case .choke, .unchoke, .interested, .notInterested, .have, .bitfield, .request, .piece, .cancel:
            guard let match = Self.known.first(where: { $0.standardMessageID == message.id }) else { return nil }
            self = match
        }
    }

    public var description: String { name }
}
