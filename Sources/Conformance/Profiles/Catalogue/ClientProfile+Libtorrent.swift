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
