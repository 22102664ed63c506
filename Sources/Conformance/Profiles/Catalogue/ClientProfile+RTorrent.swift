import PexSession

extension ClientProfile {
    /// rtorrent 0.9.8 on libtorrent-rakshasa 0.13.8: only what was observed on loopback.
    public static let rtorrent098: ClientProfile = {
        let pex = pexRules(flood: nil)
        return ClientProfile(
            id: "rtorrent-0.9.8", client: "rtorrent", versions: "0.9.8 (libtorrent-rakshasa 0.13.8)",
            pex: pex,
            pexSources: [("flood", "\(observed): \"10 PEX in ~1 s: stays\"")],
            knowsPeerCaps: false,
            rules: [
                .invalidBencode: Rule(.ignore, "\(observed): \"bytes that are not bencode: stays\""),
                .notADictionary: Rule(.ignore, "\(observed): \"a list instead of a dict: stays\""),
                .partialCompactEntry: Rule(.accept, "\(observed): \"`added` of 7 or 8 bytes: stays\""),
                .missingAddedFlags: Rule(.accept, "\(observed): \"`added` without `added.f`: keeps them\""),
                .pexBeforeBitfield: Rule(.disconnect, "\(observed): \"ut_pex before the bitfield: disconnects\""),
            ])
    }()
}

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// rtorrent 0.9.8 (libtorrent-rakshasa 0.13.8), read at rakshasa/libtorrent 6de39f4.
    public static let rtorrent098: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.dialsDroppedPeers = Rule(false, "rakshasa/libtorrent extensions.cc:312-316 at 6de39f4: only added is read")
        b.sendInterval = Rule(120, "pexspec docs/probe.md: rtorrent 0.9.8 sends PEX on a 2-minute tick")
        b.unassignedIDDisconnects = Rule(true, "rakshasa/libtorrent extensions.cc:198 at 6de39f4: an id it never assigned is a communication_error")
        b.privateTorrentPexOff = Rule(true, "rakshasa/libtorrent download_info.h:83 at 6de39f4: PEX off for a private torrent")
        return b
    }()
}
