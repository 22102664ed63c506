/// The limits and timings of a ``PexSession``, each with the deployed behaviour it follows.
public struct PexSessionConfiguration: Sendable, Hashable {
    // MARK: Sending

    /// Seconds between two messages to the remote peer: about a minute ("Exchanges messages should
    /// be sent approximately once every minute", reference 000/001). libtorrent 60, Transmission 90,
    /// webtorrent 65.
    public var sendInterval: Double = 60
    /// Peers announced as added in one message; the rest wait for the next message. 50 is
    /// Azureus' "maximum of 50 peers per pex burst" (reference 000) and what Transmission,
    /// anacrolix and webtorrent send.
    public var addedCap = PeerCap(50)
    /// Peers announced as dropped in one message; the rest wait for the next message.
    public var droppedCap = PeerCap(50)

    // MARK: Receiving

    /// Peers kept from one remote peer in all: "uT stores max 200 from other peers" (reference 000).
    public var maxPeersFromRemote = 200
    /// Peers read from one message; those beyond are not learned (libtorrent `max_pex_peers` = 50,
    /// Transmission 50 per family).
    public var receivedCap = PeerCap(50)
    /// A payload larger than this many bytes is rejected with a disconnect (libtorrent: > 500 KiB).
    public var maxMessageSize = 500 * 1024
    /// Too many messages too fast: a disconnect. nil turns flood detection off (Transmission).
    public var flood: FloodRule? = .libtorrent
    /// Whether a message that names no peer at all ends the connection, as uTorrent 1.8.1 does
    /// with Transmission 1.40's empty message (reference 000). Deployed clients today accept it.
    public var disconnectsOnEmptyMessage = false
    /// Whether loopback, private and link-local peers are ignored when the remote peer is not
    /// itself local (libtorrent); the other clients keep them.
    public var ignoresLocalPeersFromRemotePeers = false

    public init() {}

    /// ut_pex as this project recommends sending and receiving it: every rule above at its default.
    public static let utPex = PexSessionConfiguration()

    /// AZ_PEER_EXCHANGE: the same rules, 50 peers a burst (reference 000, "Azureus' maximum of 50
    /// peers per pex burst").
    public static let azureus: PexSessionConfiguration = {
        var configuration = PexSessionConfiguration()
        configuration.addedCap = PeerCap(50)
        configuration.receivedCap = PeerCap(50)
        return configuration
    }()
}
