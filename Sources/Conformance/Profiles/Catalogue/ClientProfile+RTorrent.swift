import PexSession

extension ClientProfile {
    /// Where rtorrent 0.9.8's engine, libtorrent-rakshasa 0.13.8, says so (tag v0.13.8).
    static func rakshasa(_ location: String) -> String { "rakshasa/libtorrent v0.13.8 \(location)" }
    /// A transcript `ci/probe --update` recorded from rtorrent 0.9.8 (Debian 0.9.8-1) on loopback.
    static func rtorrentRecorded(_ caseID: String) -> String {
        "seen on loopback with rtorrent 0.9.8 (Debian 0.9.8-1): Conformance/cases/recorded/rtorrent-0.9.8/\(caseID).json"
    }

    /// rtorrent 0.9.8 on libtorrent-rakshasa 0.13.8, read from the engine's source at v0.13.8 and
    /// checked on loopback.
    public static let rtorrent098: ClientProfile = {
        // read_start: an extension message over 32 KiB is a communication_error (disconnect).
        let pex = pexRules(flood: nil, maxMessageSize: 1 << 15)
        var profile = ClientProfile(
            id: "rtorrent-0.9.8", client: "rtorrent", versions: "0.9.8 (libtorrent-rakshasa 0.13.8)",
            pex: pex,
            pexSources: [
                ("flood", "\(rakshasa("src/protocol/extensions.cc:327-349")): parse_ut_pex has no rate rule; \(rtorrentRecorded("ut_pex/receive/flood"))"),
                ("oversized", "\(rakshasa("src/protocol/extensions.cc:220")): `length > (1 << 15)` throws communication_error(\"Received invalid extension message.\")"),
                ("frame_too_large", "\(rakshasa("src/protocol/peer_connection_leech.cc:197-198")): `length > (1 << 20)` throws communication_error"),
                ("dropped", "\(rakshasa("src/protocol/extensions.cc:70-73,335")): ut_pex is read for `added` only"),
                ("interval", "\(rakshasa("src/download/download_wrapper.cc:295-299")): do_peer_exchange every 4th tick (\"Every 2 minutes\"), ticks 30 s apart (\(rakshasa("src/manager.cc:183")))"),
                ("pex_connections", "\(rakshasa("src/download/download_main.cc:83")): m_maxSizePex(8); \(rakshasa("src/protocol/handshake.cc:1153")): ut_pex is enabled on a connection only while size_pex < max_size_pex"),
            ],
            knowsPeerCaps: false, readsDropped: false, maxFrameSize: 1 << 20,
            rules: [
                .invalidBencode: Rule(.ignore, "\(rakshasa("src/protocol/extensions.cc:254-255")): read_done catches bencode_error (\"Ignore malformed messages.\")"),
                .notADictionary: Rule(.ignore, "\(rakshasa("src/protocol/extensions.cc:254-255,332-335")): a root that is not a dictionary is a bencode_error, caught and ignored; \(rtorrentRecorded("ut_pex/receive/list-not-dict"))"),
                .partialCompactEntry: Rule(.accept, "\(rakshasa("src/protocol/extensions.cc:345")): parse_address_compact reads whole 6-byte entries; \(rtorrentRecorded("ut_pex/receive/added-7-bytes"))"),
                .missingAddedFlags: Rule(.accept, "\(rakshasa("src/protocol/extensions.cc:70-73")): only `added` is read, never `added.f`; \(rtorrentRecorded("ut_pex/receive/added-without-flags"))"),
                .addedFlagsMismatch: Rule(.accept, "\(rakshasa("src/protocol/extensions.cc:70-73")): only `added` is read, never `added.f`"),
                .pexBeforeBitfield: Rule(.disconnect, "seen on loopback with rtorrent 0.9.8: Conformance/cases/ut_pex/order/rtorrent-before-bitfield.json"),
                // A length of 1 leaves no extended id: rtorrent waits for one more byte, takes it as
                // the id, and then `length - 2` wraps past the 32 KiB limit. Nothing more arrives
                // within the probe's settle time, so it stays connected.
                .extendedTooShort: Rule(.ignore, "\(rakshasa("src/protocol/peer_connection_leech.cc:333-343")), \(rakshasa("src/protocol/protocol_base.h:152")): the extended id is read from the next byte to arrive; \(rtorrentRecorded("bep10/message/too-short"))"),
            ])
        profile.pexInterval = 120
        profile.pexConnectionCap = 8
        profile.rules[.unassignedExtension] = Rule(
            .disconnect, Document.rak.at("src/protocol/extensions.cc:198: a message under an extended id it never assigned is a communication_error"))
        profile.privateTorrents = PrivateTorrentRule(.disablesPex, Document.rak.at("src/download/download_info.h:83: PEX off for a private torrent"))
        profile.extensionTable = ExtensionTableRule(
            .fixedByFirstHandshake, Document.rak.at("src/protocol/extensions.cc:283: every extension the remote's first handshake omits stays disabled"))
        profile.readsIPv6 = false
        return profile
    }()
}

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// rtorrent 0.9.8 (libtorrent-rakshasa 0.13.8), read at rakshasa/libtorrent 6de39f4.
    public static let rtorrent098: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.dialsDroppedPeers = Rule(false, "rakshasa/libtorrent extensions.cc:312-316 at 6de39f4: only added is read")
        b.unassignedIDDisconnects = Rule(true, "rakshasa/libtorrent extensions.cc:198 at 6de39f4: an id it never assigned is a communication_error")
        b.privateTorrentPexOff = Rule(true, "rakshasa/libtorrent download_info.h:83 at 6de39f4: PEX off for a private torrent")
        return b
    }()
}
