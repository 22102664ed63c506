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
