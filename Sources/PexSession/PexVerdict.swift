import PexModel

/// What a ``PexSession`` makes of one incoming message.
public enum PexVerdict: Sendable, Hashable {
    /// The message was taken: the peers learned from it and the known peers it dropped (each also
    /// reported as a ``PexEvent``); `ignored` counts announced peers not learned (caps, known
    /// already, local addresses).
    case accepted(learned: [PexPeer], dropped: [PeerAddress], ignored: Int)
    /// The connection must be closed.
    case disconnect(DisconnectReason)
    /// The message was read and thrown away whole; the connection stays.
    case ignored(IgnoreReason)

    /// Why a session throws a whole message away.
    public enum IgnoreReason: String, Sendable, Hashable, CaseIterable {
        /// BEP 27: the torrent is private (``PexSessionConfiguration/isPrivate``).
        case privateTorrent = "private_torrent"
        /// More added peers than ``PexSessionConfiguration/ignoresMessagesAdding`` allows.
        case tooManyPeers = "too_many_peers"
    }

    /// Why a session ends its connection.
    public enum DisconnectReason: String, Sendable, Hashable, CaseIterable {
        /// Too many messages too fast (``PexSessionConfiguration/flood``).
        case flood
        /// A payload over ``PexSessionConfiguration/maxMessageSize``.
        case oversized
        /// A message naming no peer, under ``PexSessionConfiguration/disconnectsOnEmptyMessage``.
        case emptyMessage = "empty_pex"
        /// A message after the session had already asked to disconnect.
        case closed
    }

    public var isDisconnect: Bool {
        if case .disconnect = self { return true }
        return false
    }
}
