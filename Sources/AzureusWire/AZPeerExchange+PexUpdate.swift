import PexModel

/// The dialect-neutral view: one ``PexUpdate`` model serves ut_pex and AZ_PEER_EXCHANGE.
extension AZPeerExchange {
    /// The peers as a ``PexUpdate``: addresses, handshake types and UDP ports as the message
    /// carries them; ``PexPeer/flags`` empty (AZ_PEER_EXCHANGE has no `added.f`).
    public var update: PexUpdate {
        func pex(_ peer: Peer) -> PexPeer { PexPeer(address: peer.address, handshakeType: peer.handshakeType, udpPort: peer.udpPort) }
        return PexUpdate(added: added.map(pex), dropped: dropped.map(pex))
    }

    /// The AZ_PEER_EXCHANGE that says what `update` says for the torrent `infohash`.
    ///
    /// Each peer's handshake type is its own, or for a peer that came from ut_pex (no type)
    /// crypto when its flags say it prefers encryption and plain otherwise
    /// (``PexPeer/prefersEncryption``); its UDP port is its own, if any. The other flag bits
    /// have no AZ_PEER_EXCHANGE form and are left out.
    public init(infohash: [UInt8], update: PexUpdate) {
        func az(_ peer: PexPeer) -> Peer {
            Peer(address: peer.address, handshakeType: peer.handshakeType ?? (peer.prefersEncryption ? .crypto : .plain), udpPort: peer.udpPort)
        }
        self.init(infohash: infohash, added: update.added.map(az), dropped: update.dropped.map(az))
    }
}
