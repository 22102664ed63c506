import PexSession

extension ClientProfile {
    /// libtorrent-rasterbar 2.0 (arvidn/libtorrent at 069017e; loopback: 2.0.8).
    public static let libtorrent20: ClientProfile = {
        let lt = Document.lt
        var pex = pexRules(flood: .libtorrent, maxMessageSize: 500 * 1024, ignoresLocalPeers: true)
        pex.keptCap = PeerCap(50, perFamily: true)
        pex.ignoredPorts = [0, 1]
        pex.ignoredAddresses = [.unspecified, .linkLocalIPv6]
        pex.appliesDroppedFirst = true
        var profile = ClientProfile(
            id: "libtorrent-2.0", client: "libtorrent-rasterbar", versions: "2.0.x",
            pex: pex,
            pexSources: [
                ("dropped", lt.at("src/ut_pex.cpp:279-343: dropped is parsed and applied before added")),
                ("flood", lt.at("src/ut_pex.cpp: disconnects when the 7th message arrives within 60 s of the 1st (it keeps the times of the last 6)") + "; \(observed): 10 PEX in ~1 s: disconnects on the 7th"),
                ("oversized", lt.at("src/ut_pex.cpp: a message over 500 KiB is a disconnect")),
                ("peer_caps", lt.at("src/ut_pex.cpp:321,376, include/libtorrent/settings_pack.hpp:1620-1624: max_pex_peers = 50 per connection and per address family (m_peers, m_peers6), over every message; ports 0 and 1, unspecified and IPv6 link-local addresses, and local addresses from a non-local sender are ignored (src/peer_list.cpp:1203-1209)")),
                ("frame_too_large", lt.at("src/bt_peer_connection.cpp: frames over 1 MiB are a disconnect")),
                ("interval", "arvidn/libtorrent v2.0.8 src/ut_pex.cpp:111,431: no ut_pex sooner than 60 s after the last (per torrent and per connection)"),
            ],
            knowsPeerCaps: true, readsDropped: true, maxFrameSize: 1 << 20,
            rules: [
                .invalidBencode: Rule(.disconnect, lt.at("src/ut_pex.cpp: a payload that does not decode is a disconnect") + "; \(observed): bytes that are not bencode: disconnects"),
                .notADictionary: Rule(.disconnect, lt.at("src/ut_pex.cpp: a root that is not a dictionary is a disconnect") + "; \(observed): a list instead of a dict: disconnects"),
                .partialCompactEntry: Rule(.accept, lt.at("src/ut_pex.cpp: trailing bytes of a compact list are ignored") + "; \(observed): uses the whole 6-byte entries"),
                .missingAddedFlags: Rule(.dropPeers, "\(observed): added without added.f: discards the added peers"),
                .addedFlagsMismatch: Rule(.dropPeers, lt.at("src/ut_pex.cpp: added.f whose length is not the peer count drops every added peer")),
                .extendedTooShort: Rule(.disconnect, lt.at("src/bt_peer_connection.cpp: an extended message shorter than 2 bytes is a disconnect")),
                .undecodableExtendedHandshake: Rule(.ignore, lt.at("src/bt_peer_connection.cpp: an undecodable extended handshake is ignored, not a disconnect")),
                .unassignedExtension: Rule(.disconnect, lt.at("src/bt_peer_connection.cpp:1999: an extended id it never assigned is a disconnect")),
                .pexNotAdvertised: Rule(.disconnect, lt.at("src/ut_pex.cpp:228-239,243-244: ut_pex from a peer whose handshake does not offer it is invalid_message, a disconnect")),
            ],
            sending: Sending(whenUnchanged: .nothing, source: "\(observed): later ut_pex ~60 s apart, diffs only; nothing when nothing changed"),
            privateTorrents: PrivateTorrentRule(.disablesPex, lt.at("src/ut_pex.cpp:602-608: no ut_pex plugin on a private torrent")),
            extensionTable: ExtensionTableRule(.replacedByEachHandshake, lt.at("src/bt_peer_connection.cpp:2037-2044: each extended handshake replaces the extension table; a name left out is removed")))
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
