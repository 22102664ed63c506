import PexSession

extension ClientProfile {
    /// libtorrent-rasterbar 2.0 (`src/ut_pex.cpp`, `src/bt_peer_connection.cpp`).
    public static let libtorrent20: ClientProfile = {
        let pex = pexRules(flood: .libtorrent, maxMessageSize: 500 * 1024, receivedCap: PeerCap(50), ignoresLocalPeers: true)
        var profile = ClientProfile(
            id: "libtorrent-2.0", client: "libtorrent-rasterbar", versions: "2.0.x",
            pex: pex,
            pexSources: [
                ("dropped", "\(receiving), `dropped`: \"parsed\""),
                ("flood", "\(receiving), flood rule: \"disconnect when the 7th message arrives within 60 s of the 1st (keeps the times of the last 6)\"; \(observed): \"10 PEX in ~1 s: disconnects on the 7th\""),
                ("oversized", "\(receiving), message size cap: \"> 500 KiB: disconnect\""),
                ("peer_caps", "\(receiving), peers kept per message: \"max_pex_peers = 50\"; local addresses \"ignored unless the sender is local\""),
                ("frame_too_large", "\(extendedHandshake): \"Frames over 1 MiB: disconnect\""),
                ("interval", "arvidn/libtorrent v2.0.8 src/ut_pex.cpp:111,431: no ut_pex sooner than 60 s after the last (per torrent and per connection)"),
            ],
            knowsPeerCaps: true, readsDropped: true, maxFrameSize: 1 << 20,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(receiving): invalid bencode / root not a dict: \"disconnect\"; \(observed): \"bytes that are not bencode: disconnects\""),
                .notADictionary: Rule(.disconnect, "\(receiving): invalid bencode / root not a dict: \"disconnect\"; \(observed): \"a list instead of a dict: disconnects\""),
                .partialCompactEntry: Rule(.accept, "\(receiving): compact list length not a multiple of 6 / 18: \"trailing bytes ignored\"; \(observed): \"uses the whole 6-byte entries\""),
                .missingAddedFlags: Rule(.dropPeers, "\(observed): `added` without `added.f`: \"discards the added peers\""),
                .addedFlagsMismatch: Rule(.dropPeers, "\(receiving): `added.f` length != peer count: \"all added peers dropped\""),
                .extendedTooShort: Rule(.disconnect, "\(extendedHandshake): \"an extended message shorter than 2 bytes: disconnect\""),
                .undecodableExtendedHandshake: Rule(.ignore, "\(extendedHandshake): \"An undecodable handshake is ignored, not a disconnect\""),
            ])
        profile.pexInterval = 60
        return profile
    }()
}

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// libtorrent-rasterbar 2.0, read at arvidn/libtorrent 069017e.
    public static let libtorrent20: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.dialsPexPeers = Rule(true, "arvidn/libtorrent ut_pex.cpp:321,376 at 069017e: every added peer, up to max_pex_peers, goes to the torrent's peer list as a connect candidate; local addresses are kept when the sender is local (ut_pex.cpp:325,375)")
        b.dialsDroppedPeers = Rule(false, "arvidn/libtorrent ut_pex.cpp:279-343 at 069017e: dropped entries only leave the connection's record of the sender's peers")
        b.peersTakenFromOneSource = Rule(50, "arvidn/libtorrent ut_pex.cpp:321,376 and settings_pack.hpp:1620-1624 at 069017e: max_pex_peers = 50, cumulative per connection and per address family")
        b.addedAndDroppedEndsAdded = Rule(true, "arvidn/libtorrent ut_pex.cpp:279-343 at 069017e: dropped is applied before added")
        b.relaysOnlyConnected = Rule(true, "arvidn/libtorrent ut_pex.cpp:147-157 at 069017e: the message is built from the torrent's peer connections")
        b.listsRecipient = Rule(true, "arvidn/libtorrent#8042: no own-address filter, the recipient is listed among the peers")
        b.announcesListenPort = Rule(true, "pexspec docs/probe.md, What the probe found: libtorrent 2.0.8 lists only peers whose listen port it knows")
        b.maxAddedAfterFirst = Rule(100, "arvidn/libtorrent ut_pex.cpp at 069017e: at most 100 added entries per message, v4 and v6 together")
        b.sendsEmptyMessages = Rule(false, "arvidn/libtorrent ut_pex.cpp at 069017e: nothing is sent when nothing changed")
        b.zeroIDDisablesPex = Rule(true, "arvidn/libtorrent ut_pex.cpp:228-239 at 069017e: a handshake without a non-zero ut_pex id removes the connection's ut_pex handler")
        b.pexAfterHandshakeWithoutPexDisconnects = Rule(true, "arvidn/libtorrent bt_peer_connection.cpp:2037-2044,1999 and ut_pex.cpp:228-239 at 069017e: m is not additive, later ut_pex draws invalid_message")
        b.unassignedIDDisconnects = Rule(true, "arvidn/libtorrent bt_peer_connection.cpp:1999 at 069017e: an unknown extended id is invalid_message")
        b.privateTorrentPexOff = Rule(true, "arvidn/libtorrent ut_pex.cpp:602-608 at 069017e: no ut_pex for a private torrent")
        return b
    }()
}
