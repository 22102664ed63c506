import PexSession

extension ClientProfile {
    /// Transmission 3.00 and later (`libtransmission/peer-msgs.cc`).
    public static let transmission300: ClientProfile = {
        let pex = pexRules(flood: nil, receivedCap: PeerCap(50, perFamily: true))
        var profile = ClientProfile(
            id: "transmission-3.00", client: "Transmission", versions: "3.00 and later",
            pex: pex,
            pexSources: [
                ("flood", "\(receiving), flood rule: \"none\"; \(observed): \"10 PEX in ~1 s: stays\""),
                ("oversized", "\(receiving), message size cap: \"none\""),
                ("peer_caps", "\(receiving), peers kept per message: \"50 for `added`, 50 for `added6`\"; `dropped` \"never parsed\""),
                ("interval", "transmission/transmission 3.00 libtransmission/peer-msgs.c:75: PEX_INTERVAL_SECS = 90"),
            ],
            knowsPeerCaps: true, readsDropped: false,
            rules: [
                .invalidBencode: Rule(.ignore, "\(receiving): invalid bencode / root not a dict: \"ignored\"; \(observed): \"bytes that are not bencode: stays\""),
                .notADictionary: Rule(.ignore, "\(receiving): invalid bencode / root not a dict: \"ignored\"; \(observed): \"a list instead of a dict: stays\""),
                .partialCompactEntry: Rule(.accept, "\(receiving): compact list length not a multiple of 6 / 18: \"trailing bytes ignored\""),
                .missingAddedFlags: Rule(.accept, "\(observed): `added` without `added.f`: \"keeps them\""),
                .addedFlagsMismatch: Rule(.accept, "\(receiving): `added.f` length != peer count: \"peers kept, flags 0\""),
            ])
        profile.pexInterval = 90
        return profile
    }()
}
