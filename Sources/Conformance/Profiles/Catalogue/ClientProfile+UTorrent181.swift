import PexSession

extension ClientProfile {
    /// uTorrent 1.8.1: the empty-PEX disconnect and the 200-peer store (ut_pex notes, jbitor/issues#6).
    public static let utorrent181: ClientProfile = {
        let pex = pexRules(flood: nil, maxPeersFromRemote: 200, disconnectsOnEmptyMessage: true)
        return ClientProfile(
            id: "utorrent-1.8.1", client: "uTorrent", versions: "1.8.1",
            pex: pex,
            pexSources: [
                ("empty_pex", Document.utPexNotes.cite + ": \"If uTorrent 1.8.1 recieves an \\\"empty\\\" pex message from Transmission 1.40, it appears to interpret this as an invalid message and disconnect from Transmission.\""),
                ("peer_caps", Document.utPexNotes.cite + ": \"uT stores max 200 from other peers, but it will send everything it has.\""),
            ],
            knowsPeerCaps: true,
            rules: [:])
    }()
}
