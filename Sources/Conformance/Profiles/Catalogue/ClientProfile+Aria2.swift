import PexSession

extension ClientProfile {
    /// Where aria2 1.36.0 says so (tag release-1.36.0).
    static func aria2Source(_ location: String) -> String { "aria2/aria2 release-1.36.0 \(location)" }
    /// A transcript `ci/probe --update` recorded from aria2 1.36.0 (Debian 1.36.0-1) on loopback.
    static func aria2Recorded(_ caseID: String) -> String {
        "seen on loopback with aria2 1.36.0 (Debian 1.36.0-1): Conformance/cases/recorded/aria2-1.36.0/\(caseID).json"
    }

    /// aria2 1.36.0, read from its source at release-1.36.0 and checked on loopback.
    public static let aria2136: ClientProfile = {
        let pex = pexRules(flood: nil)
        var profile = ClientProfile(
            id: "aria2-1.36", client: "aria2", versions: "1.36.0",
            pex: pex,
            pexSources: [
                ("flood", "\(aria2Source("src/UTPexExtensionMessage.cc:128-132")): received PEX goes straight to the peer storage, no rate rule; \(aria2Recorded("ut_pex/receive/flood"))"),
                ("frame_too_large", "\(aria2Source("src/PeerConnection.cc:113-114")): a length over the buffer (MAX_BUFFER_CAPACITY = 64 KiB + 128, src/PeerConnection.h:57, src/BtConstants.h:49) throws \"Max payload length exceeded\""),
                ("dropped", "\(aria2Source("src/UTPexExtensionMessage.cc:128-132")): doReceivedAction adds the `dropped` peers to the peer storage too, as candidates it dials (BEP 11 says dropped peers have left)"),
                ("interval", "\(aria2Source("src/UTPexExtensionMessage.h:118")): DEFAULT_INTERVAL = 1 min"),
                ("m_zero", Document.a2.at("src/HandshakeExtensionMessage.cc:105: only non-zero ids of m are applied; 0 does not disable")),
            ],
            knowsPeerCaps: false, maxFrameSize: 64 * 1024 + 128 - 4,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(aria2Recorded("ut_pex/receive/not-bencode")): disconnects (and bans the peer)"),
                .notADictionary: Rule(.ignore, "\(aria2Recorded("ut_pex/receive/list-not-dict")): stays"),
                .partialCompactEntry: Rule(.dropPeers, "\(aria2Recorded("ut_pex/receive/added-7-bytes")): stays; the whole list is discarded"),
                .missingAddedFlags: Rule(.accept, "\(aria2Recorded("ut_pex/receive/added-without-flags")): keeps the peers and dials them"),
                .extendedTooShort: Rule(.disconnect, "\(aria2Source("src/BtExtendedMessage.cc:99")), \(aria2Source("src/bittorrent_helper.cc:874-880")): a payload of 1 byte fails assertPayloadLengthGreater(1) and aborts the connection"),
            ])
        profile.pexInterval = 60
        profile.knownDeviations["ut_pex/send/not-empty"] = aria2Source(
            "src/DefaultBtInteractive.cc:505-528: every 60 s it sends a ut_pex whether or not it has peers to add or drop (`de` when none), which BEP 11 forbids")
        profile.rules[.unassignedExtension] = Rule(
            .disconnect, Document.a2.at("src/DefaultExtensionMessageFactory.cc:96-100: an extended id it never assigned is an error, a disconnect"))
        profile.privateTorrents = PrivateTorrentRule(
            .exchangesWhileFetchingMetadata,
            Document.a2.at("src/PeerInteractionCommand.cc:232: PEX is turned on in magnet metadata-fetch mode, before the torrent is known to be private"))
        return profile
    }()
}

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// aria2 1.36, read at aria2/aria2 b4fd7cb.
    public static let aria2136: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.dialsDroppedPeers = Rule(true, "aria2/aria2 UTPexExtensionMessage.cc:128-132 at b4fd7cb: dropped peers become connection candidates")
        b.zeroIDDisablesPex = Rule(false, "aria2/aria2 HandshakeExtensionMessage.cc:105 at b4fd7cb: only non-zero ids are applied")
        return b
    }()
}
