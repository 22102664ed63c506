import PexModel

/// The stateful PEX rules of one connection, for ut_pex and AZ_PEER_EXCHANGE alike: it works on
/// the dialect-neutral ``PexUpdate``; the codecs turn updates into bytes and back.
///
/// The API follows the webtorrent ut_pex module (reference 003): ``start()``, ``stop()``,
/// ``reset()``, ``addPeer(_:)``, ``dropPeer(_:)``, and ``PexEvent/peer(_:)`` /
/// ``PexEvent/dropped(_:)`` events, with the items that module lists as missing: peer flags,
/// flood protection and IPv6.
///
/// Sending: the first message carries the whole local peer set, later ones only what was added or
/// dropped since, at most once per ``PexSessionConfiguration/sendInterval``, never a message with
/// nothing in it, capped per message with the remainder carried over. Call ``nextMessage()``
/// whenever a timer fires (``nextSendTime`` says when).
///
/// Receiving: ``receive(_:size:)`` keeps at most ``PexSessionConfiguration/maxPeersFromRemote``
/// peers from the remote peer, forgets a peer it drops (and learns it again if it is added again),
/// and answers a flood or an oversized message with ``PexVerdict/disconnect(_:)``.
///
/// A session is a value owned by its connection; it is not shared between threads.
public struct PexSession: Sendable {
    public let configuration: PexSessionConfiguration
    private let clock: any PexClock
    /// Called for each peer learned and each peer dropped by the remote peer.
    public var onEvent: (@Sendable (PexEvent) -> Void)?
    /// Whether the remote peer's own address is loopback, private or link-local: libtorrent then
    /// keeps local peers it announces (``PexSessionConfiguration/ignoresLocalPeersFromRemotePeers``).
    public let remoteIsLocal: Bool

    public private(set) var isStarted = false
    /// The local peer set, in the order the peers were added.
    private var local: [PeerAddress: PexPeer] = [:]
    private var localOrder: [PeerAddress] = []
    /// What the remote peer has been told, peer by peer.
    private var advertised: [PeerAddress: PexPeer] = [:]
    private var droppedOrder: [PeerAddress] = []
    private var lastSent: Double?

    /// The peers learned from the remote peer and not dropped since.
    public private(set) var remotePeers: [PeerAddress: PexPeer] = [:]
    private var floodDetector: FloodDetector?
    public private(set) var isClosed = false

    public init(
        configuration: PexSessionConfiguration = .utPex, clock: any PexClock = SystemPexClock(), remoteIsLocal: Bool = false,
        onEvent: (@Sendable (PexEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.clock = clock
        self.remoteIsLocal = remoteIsLocal
        self.onEvent = onEvent
        floodDetector = configuration.flood.map(FloodDetector.init(rule:))
    }

    // MARK: - The webtorrent ut_pex API

    /// Starts sending PEX updates; the first one (the whole peer set) is due at once.
    public mutating func start() { isStarted = true }

    /// Stops sending updates; what the remote peer was told is kept, so a later ``start()``
    /// goes on with diffs.
    public mutating func stop() { isStarted = false }

    /// Stops sending and forgets every peer seen in either direction: a later ``start()`` sends
    /// the whole peer set again.
    public mutating func reset() {
        isStarted = false
        local.removeAll()
        localOrder.removeAll()
        advertised.removeAll()
        droppedOrder.removeAll()
        lastSent = nil
        remotePeers.removeAll()
        floodDetector?.reset()
        isClosed = false
    }

    /// Adds a peer to the local set, to be announced in the next message unless the remote peer
    /// already knows it. Flags and IPv6 addresses are carried as given.
    public mutating func addPeer(_ peer: PexPeer) {
        if local.updateValue(peer, forKey: peer.address) == nil { localOrder.append(peer.address) }
        droppedOrder.removeAll { $0 == peer.address }
    }

    /// Adds a peer given as `1.2.3.4:6881` or `[2001:db8::1]:6881`; false when the text is not an address.
    @discardableResult
    public mutating func addPeer(_ text: String, flags: PeerFlags = []) -> Bool {
        guard let address = PeerAddress(text) else { return false }
        addPeer(PexPeer(address: address, flags: flags))
        return true
    }

    /// Removes a peer from the local set; the next message announces it as dropped if the remote
    /// peer had been told about it.
    public mutating func dropPeer(_ address: PeerAddress) {
        guard local.removeValue(forKey: address) != nil else { return }
        localOrder.removeAll { $0 == address }
        if advertised[address] != nil { droppedOrder.append(address) }
    }

    /// Drops a peer given as text; false when the text is not an address.
    @discardableResult
    public mutating func dropPeer(_ text: String) -> Bool {
        guard let address = PeerAddress(text) else { return false }
        dropPeer(address)
        return true
    }

    // MARK: - Sending

    /// The local peer set, in the order the peers were added.
    public var localPeers: [PexPeer] { localOrder.compactMap { local[$0] } }

    /// When ``nextMessage()`` may next produce a message: now for the first one, then one
    /// interval after the last message sent. nil while stopped.
    public var nextSendTime: Double? {
        guard isStarted else { return nil }
        return lastSent.map { $0 + configuration.sendInterval } ?? clock.now()
    }

    /// The message to send now, if one is due and there is something to say; the peers it names
    /// count as told. Peers beyond the caps stay pending for the next message.
    public mutating func nextMessage() -> PexUpdate? {
        guard isStarted, !isClosed else { return nil }
        let now = clock.now()
        if let lastSent, now - lastSent < configuration.sendInterval { return nil }
        let pendingAdded = localOrder.compactMap { address in advertised[address] == nil ? local[address] : nil }
        let added = configuration.addedCap.split(pendingAdded, address: \.address).taken
        let dropped = configuration.droppedCap.split(droppedOrder, address: { $0 }).taken
        guard !added.isEmpty || !dropped.isEmpty else { return nil }
        for peer in added { advertised[peer.address] = peer }
        for address in dropped { advertised.removeValue(forKey: address) }
        // A per-family cap may take a later IPv6 peer before an earlier IPv4 one: remove what was taken, not a prefix.
        let announced = Set(dropped)
        droppedOrder.removeAll { announced.contains($0) }
        lastSent = now
        return PexUpdate(added: added, dropped: dropped.map { PexPeer(address: $0) })
    }

    // MARK: - Receiving

    /// Applies one incoming message of `size` payload bytes: the peers it drops are forgotten,
    /// the peers it adds are learned within the caps, each reported through ``onEvent``.
    public mutating func receive(_ update: PexUpdate, size: Int) -> PexVerdict {
        guard !isClosed else { return .disconnect(.closed) }
        if size > configuration.maxMessageSize { return close(.oversized) }
        // Every message counts toward the flood rule, an empty one included (libtorrent).
        let now = clock.now()
        if floodDetector?.record(at: now) == true { return close(.flood) }
        if update.isEmpty && configuration.disconnectsOnEmptyMessage { return close(.emptyMessage) }

        var dropped: [PeerAddress] = []
        for peer in update.dropped where remotePeers.removeValue(forKey: peer.address) != nil {
            dropped.append(peer.address)
            onEvent?(.dropped(peer.address))
        }
        let readable = configuration.receivedCap.split(update.added, address: \.address).taken
        var learned: [PexPeer] = []
        for peer in readable {
            if configuration.ignoresLocalPeersFromRemotePeers && !remoteIsLocal && peer.address.ip.isLocal { continue }
            if remotePeers[peer.address] != nil {
                remotePeers[peer.address] = peer
                continue
            }
            guard remotePeers.count < configuration.maxPeersFromRemote else { break }
            remotePeers[peer.address] = peer
            learned.append(peer)
            onEvent?(.peer(peer))
        }
        return .accepted(learned: learned, dropped: dropped, ignored: update.added.count - learned.count)
    }

    private mutating func close(_ reason: PexVerdict.DisconnectReason) -> PexVerdict {
        isClosed = true
        isStarted = false
        return .disconnect(reason)
    }
}
