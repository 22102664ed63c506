import PexSession

extension ClientProfile {
    /// anacrolix/torrent (`peer_protocol/pex.go`, `pexconn.go`).
    public static let anacrolix: ClientProfile = {
        let pex = pexRules(flood: .minimumGap(45))
        return ClientProfile(
            id: "anacrolix", client: "anacrolix/torrent", versions: "current",
            pex: pex,
            pexSources: [
                ("dropped", "\(receiving), `dropped`: \"parsed\""),
                ("flood", "\(receiving), flood rule: \"disconnect when a message arrives < 45 s after the previous\""),
                ("frame_too_large", "\(receiving), message size cap: \"frame cap 64 KiB\""),
            ],
            knowsPeerCaps: false, readsDropped: true, maxFrameSize: 64 * 1024,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(receiving): invalid bencode / root not a dict: \"disconnect\""),
                .notADictionary: Rule(.disconnect, "\(receiving): invalid bencode / root not a dict: \"disconnect\""),
                .partialCompactEntry: Rule(.disconnect, "\(receiving): compact list length not a multiple of 6 / 18: \"error, disconnect\""),
                .missingAddedFlags: Rule(.accept, "\(receiving): `added.f` length != peer count: \"tolerated (flag 0)\""),
                .addedFlagsMismatch: Rule(.accept, "\(receiving): `added.f` length != peer count: \"tolerated (flag 0)\""),
                .undecodableExtendedHandshake: Rule(.disconnect, "\(extendedHandshake): anacrolix: \"an undecodable handshake is a disconnect\""),
            ])
    }()
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
