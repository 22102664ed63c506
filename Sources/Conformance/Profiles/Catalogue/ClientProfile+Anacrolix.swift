import PexSession

extension ClientProfile {
    /// anacrolix/torrent's rules (anacrolix/torrent at 3e79365: `peer_protocol/pex.go`, `pexconn.go`).
    static func anacrolix(id: String, versions: String, privateTorrents: PrivateTorrentRule) -> ClientProfile {
        let ana = Document.ana
        var pex = pexRules(flood: .minimumGap(45))
        pex.forgetsDropped = false
        pex.ignoredPorts = [0]
        return ClientProfile(
            id: id, client: "anacrolix/torrent", versions: versions,
            pex: pex,
            pexSources: [
                ("dropped", ana.at("pexconn.go:103-111,161-163: dropped only updates its list of the remote's connections (remoteLiveConns); no known peer is forgotten")),
                ("flood", ana.at("pexconn.go: a message less than 45 s after the previous is a disconnect")),
                ("torrent_cooldown", ana.at("pexconn.go:139-159; anacrolix/torrent#838: after it accepts a message with peers, PEX from every connection of the torrent is discarded for 60 s")),
                ("frame_too_large", ana.at("peer_protocol/decoder.go: frames over 64 KiB are a disconnect")),
                ("peer_caps", ana.at("client.go:1449: peers with port 0 are dropped")),
            ],
            knowsPeerCaps: false, readsDropped: true, maxFrameSize: 64 * 1024,
            rules: [
                .invalidBencode: Rule(.disconnect, ana.at("pexconn.go: a payload that does not decode is a disconnect")),
                .notADictionary: Rule(.disconnect, ana.at("pexconn.go: a root that is not a dictionary is a disconnect")),
                .partialCompactEntry: Rule(.disconnect, ana.at("peer_protocol/pex.go: a compact list whose length is not a multiple of 6 / 18 is an error, a disconnect")),
                .missingAddedFlags: Rule(.accept, ana.at("peer_protocol/pex.go: added.f of another length is tolerated (flag 0)")),
                .addedFlagsMismatch: Rule(.accept, ana.at("peer_protocol/pex.go: added.f of another length is tolerated (flag 0)")),
                .undecodableExtendedHandshake: Rule(.disconnect, ana.at("peerconn.go: an undecodable extended handshake is a disconnect")),
                .unassignedExtension: Rule(.disconnect, ana.at("ltep.go:44-46: an extended id it never assigned is a disconnect")),
            ],
            privateTorrents: privateTorrents,
            torrentWideCooldown: 60)
    }

    /// anacrolix/torrent since PR #1053 (May 2026): PEX off for private torrents.
    public static let anacrolix = anacrolix(
        id: "anacrolix", versions: "3e79365 and later (PR #1053)",
        privateTorrents: PrivateTorrentRule(.disablesPex, "anacrolix/torrent PR #1053: PEX off for private torrents"))

    /// anacrolix/torrent before PR #1053: PEX exchanged on private torrents too.
    public static let anacrolixBefore1053 = anacrolix(
        id: "anacrolix-before-1053", versions: "before PR #1053 (May 2026)",
        privateTorrents: PrivateTorrentRule(.exchangesPex, "anacrolix/torrent PR #1053: until it, PEX was exchanged on private torrents"))
}

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// anacrolix/torrent, read at 3e79365.
    public static let anacrolix: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.zeroIDDisablesPex = Rule(false, "anacrolix/torrent pexconn.go:41-44 at 3e79365: id 0 returns early and PEX goes on under the old id")
        b.unassignedIDDisconnects = Rule(true, "anacrolix/torrent ltep.go:44-46 at 3e79365: an unknown extended id is an error")
        b.privateTorrentPexOff = Rule(true, "anacrolix/torrent#1053 (May 2026): PEX off for private torrents; earlier versions exchanged it")
        return b
    }()
}
