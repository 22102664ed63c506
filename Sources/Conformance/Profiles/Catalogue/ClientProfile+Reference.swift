import PexSession

extension ClientProfile {
    /// What this project recommends a receiver does: the default ``PexSession`` rules, and
    /// malformed PEX ignored (stay connected, learn nothing from it) rather than fatal.
    public static let reference: ClientProfile = {
        let pexspec = Document.pexspec.cite
        let bep11 = Document.bep11
        return ClientProfile(
            id: "reference", client: "pexspec", versions: "reference",
            pex: .utPex,
            pexSources: [
                ("dropped", "\(pexspec): a dropped peer is forgotten; a peer dropped again after being re-added is forgotten again"),
                ("flood", "\(pexspec): libtorrent's rule, 7 messages within 60 s"),
                ("oversized", "\(pexspec): libtorrent's 500 KiB"),
                ("peer_caps", "\(pexspec): 50 peers read per message, 200 kept per remote peer (ut_pex notes, jbitor/issues#6: \"uT stores max 200 from other peers\"), so that not all candidates come from one source; port 0, unspecified and multicast addresses and a second port of a known IP are ignored (" + bep11.at("Security Considerations") + ")"),
                ("violations", bep11.at("every sender rule is checked on receipt and reported as a warning; \"Clients may disconnect peers that egregiously violate these constraints\": the reference does not")),
                ("frame_too_large", "\(pexspec): frames over 1 MiB (the framer's default limit)"),
            ],
            knowsPeerCaps: true, readsDropped: true, maxFrameSize: 1 << 20,
            rules: [
                .invalidBencode: Rule(.ignore, pexspec),
                .notADictionary: Rule(.ignore, pexspec),
                .partialCompactEntry: Rule(.accept, "\(pexspec): whole entries are used, as libtorrent and Transmission do"),
                .missingAddedFlags: Rule(.accept, "\(pexspec): peers kept with flags 0, as Transmission, anacrolix and webtorrent do"),
                .addedFlagsMismatch: Rule(.accept, "\(pexspec): peers kept with flags 0, as Transmission, anacrolix and webtorrent do"),
                .extendedTooShort: Rule(.disconnect, "\(pexspec): the framer rejects it (extended_too_short), as libtorrent does"),
                .undecodableExtendedHandshake: Rule(.ignore, "\(pexspec): as libtorrent, BEP 10 keys are all optional"),
                .unassignedExtension: Rule(.ignore, "\(pexspec): an id it never assigned is skipped, as Transmission does (BEP 10 does not say)"),
            ],
            privateTorrents: PrivateTorrentRule(.disablesPex, Document.bep27.at("\"MUST ONLY initiate connections to peers returned from the private tracker\": no ut_pex in m, no PEX sent or taken")),
            extensionTable: ExtensionTableRule(.additive, Document.bep10.at("m is additive: a re-sent handshake lists only changes, 0 disables")))
    }()
}
