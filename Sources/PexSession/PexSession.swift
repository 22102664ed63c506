import PexModel

/// The stateful PEX rules of one connection, for ut_pex and AZ_PEER_EXCHANGE alike: it works on
/// the dialect-neutral ``PexUpdate``; the codecs turn updates into bytes and back.
///
/// The API follows the webtorrent ut_pex module (its README, webtorrent/ut_pex): ``start()``, ``stop()``,
/// ``reset()``, ``addPeer(_:)``, ``dropPeer(_:)``, and ``PexEvent/peer(_:)`` /
/// ``PexEvent/dropped(_:)`` events, with the items that module lists as missing: peer flags,
/// flood protection and IPv6.
///
/// Sending follows every sender rule of BEP 11: the local peer set holds only peers connected
/// now (``addPeer(_:)`` once a connection is established, ``dropPeer(_:)`` once it closes, so every
/// added peer is dropped in time); the first message carries the whole set, later ones only what
/// was added or dropped since, at most once per ``PexSessionConfiguration/sendInterval`` (60 s),
/// never a message with nothing in it, no duplicates, no peer both added and dropped (a peer that
/// comes and goes between two messages is elided), at most 50 added and 50 dropped after the
/// first message with the remainder carried over, and only the five defined flag bits. A private
/// torrent (BEP 27) sends nothing. Call ``nextMessage()`` whenever a timer fires (``nextSendTime``
/// says when).
///
/// Receiving: ``receive(_:size:)`` keeps at most ``PexSessionConfiguration/maxPeersFromRemote``
/// peers from the remote peer, forgets a peer it drops (and learns it again if it is added again),
/// answers a flood or an oversized message with ``PexVerdict/disconnect(_:)``, and reports the
/// BEP 11 rules the message breaks in ``lastViolations``.
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
    /// This peer's own address, when known: a remote that lists it (libtorrent, arvidn/libtorrent#8042)
    /// is not taken at its word when ``PexSessionConfiguration/ignoresOwnAddress`` is set.
    public let ownAddress: PeerAddress?

    public private(set) var isStarted = false
    /// The local peer set, in the order the peers were added.
    private var local: [PeerAddress: PexPeer] = [:]
    private var localOrder: [PeerAddress] = []
    /// What the remote peer has been told, peer by peer.
    private var advertised: [PeerAddress: PexPeer] = [:]
    private var droppedOrder: [PeerAddress] = []
    private var lastSent: Double?
    private var sentCount = 0
    private var lastReceived: Double?
    /// The BEP 11 rules the last message given to ``receive(_:size:)`` breaks, sorted.
    public private(set) var lastViolations: [PexRuleViolation] = []

    /// The peers learned from the remote peer and not dropped since.
    public private(set) var remotePeers: [PeerAddress: PexPeer] = [:]
    private var floodDetector: FloodDetector?
    public private(set) var isClosed = false

    public init(
        configuration: PexSessionConfiguration = .utPex, clock: any PexClock = SystemPexClock(), remoteIsLocal: Bool = false,
        ownAddress: PeerAddress? = nil, onEvent: (@Sendable (PexEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.clock = clock
        self.remoteIsLocal = remoteIsLocal
        self.ownAddress = configuration.ignoresOwnAddress ? ownAddress : nil
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
        sentCount = 0
        lastReceived = nil
        lastViolations = []
        remotePeers.removeAll()
        floodDetector?.reset()
        isClosed = false
    }

    /// Adds a peer to the local set, to be announced in the next message unless the remote peer
    /// already knows it. Flags and IPv6 addresses are carried as given.
    public mutating func addPeer(_ peer: PexPeer) {
        var peer = peer
        // "Other bits are reserved for future use" (BEP 11): only the five defined bits are sent.
        peer.flags = peer.flags.intersection(.knownBits)
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
        guard isStarted, !isClosed, !configuration.isPrivate else { return nil }
        let now = clock.now()
        if let lastSent, now - lastSent < configuration.sendInterval { return nil }
        let pendingAdded = localOrder.compactMap { address in advertised[address] == nil ? local[address] : nil }
        let capped = sentCount > 0 || configuration.capsFirstMessage
        let added = capped ? configuration.addedCap.split(pendingAdded, address: \.address).taken : pendingAdded
        let dropped = capped ? configuration.droppedCap.split(droppedOrder, address: { $0 }).taken : droppedOrder
        guard !added.isEmpty || !dropped.isEmpty else { return nil }
        for peer in added { advertised[peer.address] = peer }
        for address in dropped { advertised.removeValue(forKey: address) }
        // A per-family cap may take a later IPv6 peer before an earlier IPv4 one: remove what was taken, not a prefix.
        let announced = Set(dropped)
        droppedOrder.removeAll { announced.contains($0) }
        lastSent = now
        sentCount += 1
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
        lastViolations = PexRuleViolation.check(update, sincePrevious: lastReceived.map { now - $0 }).sorted()
        let isFirst = lastReceived == nil
        lastReceived = now
        if floodDetector?.record(at: now) == true { return close(.flood) }
        if update.isEmpty && configuration.disconnectsOnEmptyMessage { return close(.emptyMessage) }
        if configuration.isPrivate { return .ignored(.privateTorrent) }
        if let rule = configuration.ignoresMessagesAdding, update.added.count > (isFirst ? rule.first : rule.later) {
            return .ignored(.tooManyPeers)
        }

        var dropped: [PeerAddress] = []
        var learned: [PexPeer] = []
        if configuration.appliesDroppedFirst { forget(update.dropped, into: &dropped) }
        let readable = configuration.receivedCap.split(update.added, address: \.address).taken
        var ips = configuration.ignoresDuplicateIPs ? Set(remotePeers.keys.map(\.ip)) : []
        var v4 = remotePeers.keys.count { !$0.ip.isIPv6 }, v6 = remotePeers.count - v4
        for peer in readable {
            let address = peer.address
            if configuration.ignoresLocalPeersFromRemotePeers && !remoteIsLocal && address.ip.isLocal { continue }
            if configuration.ignoredPorts.contains(address.port) || !AddressClasses.of(address.ip).isDisjoint(with: configuration.ignoredAddresses) { continue }
            if address == ownAddress || !peer.flags.isSuperset(of: configuration.requiredFlags) { continue }
            if remotePeers[address] != nil {
                remotePeers[address] = peer
                continue
            }
            if configuration.ignoresDuplicateIPs && !ips.insert(address.ip).inserted { continue }
            guard remotePeers.count < configuration.maxPeersFromRemote else { break }
            if let cap = configuration.keptCap {
                let used = cap.perFamily ? (address.ip.isIPv6 ? v6 : v4) : v4 + v6
                guard used < cap.count else { continue }
            }
            if address.ip.isIPv6 { v6 += 1 } else { v4 += 1 }
            remotePeers[address] = peer
            learned.append(peer)
            onEvent?(.peer(peer))
        }
        if !configuration.appliesDroppedFirst {
            forget(update.dropped, into: &dropped)
            // A peer added and dropped in one message ends forgotten: it was not learned after all.
            learned.removeAll { remotePeers[$0.address] == nil }
        }
        return .accepted(learned: learned, dropped: dropped, ignored: update.added.count - learned.count)
    }

    /// Takes a message whose peers the receiver discards whatever they are (a torrent-wide cooldown):
    /// it counts toward the flood rule and ``lastViolations`` are checked, nothing is learned or forgotten.
    public mutating func discard(_ update: PexUpdate, size: Int) -> PexVerdict {
        guard !isClosed else { return .disconnect(.closed) }
        if size > configuration.maxMessageSize { return close(.oversized) }
        let now = clock.now()
        lastViolations = PexRuleViolation.check(update, sincePrevious: lastReceived.map { now - $0 }).sorted()
        lastReceived = now
        if floodDetector?.record(at: now) == true { return close(.flood) }
        return .accepted(learned: [], dropped: [], ignored: update.added.count)
    }

    /// Forgets the known peers of `peers` (when the configuration forgets at all), reporting each.
    private mutating func forget(_ peers: [PexPeer], into dropped: inout [PeerAddress]) {
        guard configuration.forgetsDropped else { return }
        for peer in peers where remotePeers.removeValue(forKey: peer.address) != nil {
            dropped.append(peer.address)
            onEvent?(.dropped(peer.address))
        }
    }

    private mutating func close(_ reason: PexVerdict.DisconnectReason) -> PexVerdict {
        isClosed = true
        isStarted = false
        return .disconnect(reason)
    }
}
