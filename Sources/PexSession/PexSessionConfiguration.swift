import PexModel

/// The limits and timings of a ``PexSession``, each with the deployed behaviour it follows.
///
/// Sources: BEP 11 and BEP 27 (bittorrent.org); the ut_pex notes quoted in jbitor/issues#6;
/// the clients' source at the commits named in `Conformance/documents.json`.
public struct PexSessionConfiguration: Sendable, Hashable {
    // MARK: Sending

    /// Seconds between two messages to the remote peer. BEP 11: "Clients must batch updates to
    /// send no more than 1 PEX message per minute." libtorrent 60, Transmission 90, webtorrent 65.
    public var sendInterval: Double = 60
    /// Peers announced as added in one message; the rest wait for the next message. BEP 11:
    /// "Except for the initial PEX message the combined amount of added v4/v6 contacts should not
    /// exceed 50 entries."
    public var addedCap = PeerCap(50)
    /// Peers announced as dropped in one message; the rest wait ("The same applies to dropped entries").
    public var droppedCap = PeerCap(50)
    /// Whether the caps apply to the first message too; BEP 11 exempts it.
    public var capsFirstMessage = false

    // MARK: Receiving

    /// Peers kept from one remote peer in all: "uT stores max 200 from other peers" (ut_pex notes,
    /// jbitor/issues#6).
    public var maxPeersFromRemote = 200
    /// Peers read from one message; those beyond are not learned (Transmission: 50 per family).
    public var receivedCap = PeerCap(50)
    /// Peers kept from one remote peer over the whole connection, per family or in all: libtorrent's
    /// `max_pex_peers` = 50 counts `m_peers` and `m_peers6` apart and over every message
    /// (arvidn/libtorrent 069017e, `src/ut_pex.cpp:321,376`). nil: no such cap.
    public var keptCap: PeerCap? = nil
    /// A payload larger than this many bytes is rejected with a disconnect (libtorrent: > 500 KiB).
    public var maxMessageSize = 500 * 1024
    /// Too many messages too fast: a disconnect. nil turns flood detection off (Transmission).
    public var flood: FloodRule? = .libtorrent
    /// Whether a message that names no peer at all ends the connection, as uTorrent 1.8.1 does
    /// with Transmission 1.40's empty message (ut_pex notes). Deployed clients today accept it.
    public var disconnectsOnEmptyMessage = false
    /// Whether loopback, private and link-local peers are ignored when the remote peer is not
    /// itself local (libtorrent); the other clients keep them.
    public var ignoresLocalPeersFromRemotePeers = false
    /// Whether `dropped` makes the session forget a peer. anacrolix/torrent never forgets: `dropped`
    /// only updates its list of the remote's connections (anacrolix/torrent 3e79365, `pexconn.go:103-111`).
    public var forgetsDropped = true
    /// The order of one message's lists when a peer is in both (BEP 11 forbids it): libtorrent applies
    /// `dropped` then `added` (`src/ut_pex.cpp:279-343`), webtorrent `added` then `dropped` (index.js:136-176).
    public var appliesDroppedFirst = true
    /// Ports whose peers are never learned (libtorrent 0 and 1, Transmission and anacrolix 0, the
    /// webtorrent client 0 and 65535).
    public var ignoredPorts: Set<UInt16> = []
    /// Addresses never learned, whoever sends them.
    public var ignoredAddresses: AddressClasses = []
    /// Whether a peer whose IP is already known under another port is ignored (BEP 11, Security
    /// considerations: "Duplicate IP addresses (e.g. with different ports) should be ignored").
    public var ignoresDuplicateIPs = false
    /// A message adding more peers than this is ignored whole: BiglyBT, > 500 in the first message,
    /// > 250 later (BiglySoftware/BiglyBT 9d506bd, `UTPeerExchange.java:263-265`). nil: no such rule.
    public var ignoresMessagesAdding: MessageSizeRule? = nil
    /// Flags a peer must carry to be learned: Transmission's main branch (Aug 2023 to Sep 2024)
    /// dropped PEX peers without 0x10 (transmission/transmission#6917).
    public var requiredFlags: PeerFlags = []
    /// Whether the receiver's own address, listed by a remote, is ignored (libtorrent lists the
    /// recipient itself: arvidn/libtorrent#8042).
    public var ignoresOwnAddress = false

    // MARK: Both

    /// BEP 27: "MUST ONLY initiate connections to peers returned from the private tracker": a
    /// private torrent's session sends no PEX and learns nothing from it.
    public var isPrivate = false

    public init() {}

    /// A per-message limit that differs for the first message and the later ones.
    public struct MessageSizeRule: Sendable, Hashable {
        public var first: Int
        public var later: Int
        public init(first: Int, later: Int) {
            self.first = first
            self.later = later
        }
    }

    /// ut_pex as this project recommends sending and receiving it: the defaults above, with
    /// BEP 11's security advice ("Data exchanged via PEX messages should be considered untrusted"):
    /// duplicate IPs ignored; port 0, unspecified, 0/8, multicast, IPv6 link-local and v4-mapped
    /// addresses and this peer's own address never learned. Loopback is kept (tests run on it).
    public static let utPex: PexSessionConfiguration = {
        var configuration = PexSessionConfiguration()
        configuration.ignoresDuplicateIPs = true
        configuration.ignoredPorts = [0]
        configuration.ignoredAddresses = [.unspecified, .thisNetwork, .multicast, .linkLocalIPv6, .v4MappedIPv6]
        configuration.ignoresOwnAddress = true
        return configuration
    }()

    /// The same rules for a private torrent (BEP 27): nothing sent, nothing learned.
    public static let utPexPrivate: PexSessionConfiguration = {
        var configuration = utPex
        configuration.isPrivate = true
        return configuration
    }()

    /// AZ_PEER_EXCHANGE: the same rules, 50 peers a burst (ut_pex notes, jbitor/issues#6:
    /// "Azureus' maximum of 50 peers per pex burst").
    public static let azureus: PexSessionConfiguration = {
        var configuration = PexSessionConfiguration()
        configuration.addedCap = PeerCap(50)
        configuration.receivedCap = PeerCap(50)
        return configuration
    }()
}
