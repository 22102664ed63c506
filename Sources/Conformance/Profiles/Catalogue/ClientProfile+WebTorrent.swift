import PexSession

extension ClientProfile {
    /// webtorrent's `ut_pex` module (`ut_pex/index.js`, reference 003).
    public static let webtorrent: ClientProfile = {
        let pex = pexRules(flood: .minimumGap(60), receivedCap: PeerCap(50))
        return ClientProfile(
            id: "webtorrent", client: "webtorrent ut_pex", versions: "current",
            pex: pex,
            pexSources: [
                ("dropped", "\(receiving), `dropped`: \"parsed\""),
                ("flood", "\(receiving), flood rule: \"destroy wire when < 60 s after the previous\""),
                ("oversized", "\(receiving), message size cap: \"none\""),
                ("peer_caps", "\(receiving), peers kept per message: \"50\""),
            ],
            knowsPeerCaps: true, readsDropped: true,
            rules: [
                .invalidBencode: Rule(.ignore, "\(receiving): invalid bencode / root not a dict: \"ignored\""),
                .notADictionary: Rule(.ignore, "\(receiving): invalid bencode / root not a dict: \"ignored\""),
                .partialCompactEntry: Rule(.ignore, "\(receiving): compact list length not a multiple of 6 / 18: \"rest of the message skipped\""),
                .missingAddedFlags: Rule(.accept, "\(receiving): `added.f` length != peer count: \"tolerated; `added.f` optional\""),
                .addedFlagsMismatch: Rule(.accept, "\(receiving): `added.f` length != peer count: \"tolerated; `added.f` optional\""),
            ])
    }()
}
