import PexSession

extension ClientProfile {
    /// aria2 1.36.0: only what was observed on loopback.
    public static let aria2136: ClientProfile = {
        let pex = pexRules(flood: nil)
        return ClientProfile(
            id: "aria2-1.36", client: "aria2", versions: "1.36.0",
            pex: pex,
            pexSources: [
                ("flood", "\(observed): \"10 PEX in ~1 s: stays\""),
                ("dropped", Document.a2.at("src/UTPexExtensionMessage.cc:128-132: the peers of dropped are added to its peer storage as connection candidates (it dials them)")),
                ("m_zero", Document.a2.at("src/HandshakeExtensionMessage.cc:105: only non-zero ids of m are applied; 0 does not disable")),
            ],
            knowsPeerCaps: false,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(observed): \"bytes that are not bencode: disconnects and bans the peer\""),
                .notADictionary: Rule(.ignore, "\(observed): \"a list instead of a dict: ignores\""),
                .partialCompactEntry: Rule(.dropPeers, "\(observed): \"`added` of 7 or 8 bytes: discards the whole list\""),
                .missingAddedFlags: Rule(.accept, "\(observed): \"`added` without `added.f`: keeps them and dials\""),
                .unassignedExtension: Rule(.disconnect, Document.a2.at("src/DefaultExtensionMessageFactory.cc:96-100: an extended id it never assigned is an error, a disconnect")),
            ],
            privateTorrents: PrivateTorrentRule(
                .exchangesWhileFetchingMetadata,
                Document.a2.at("src/PeerInteractionCommand.cc:232: PEX is turned on in magnet metadata-fetch mode, before the torrent is known to be private")))
    }()
}
