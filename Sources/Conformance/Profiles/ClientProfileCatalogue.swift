import PexSession

// The deployed clients, each rule from `implementations.md` (source-read tables and the
// "Observed on loopback" table) or the reference documents. Nothing here is a guess: what no
// source says is left out, and the profile then predicts nothing for it.
extension ClientProfile {
    private static let receiving = "implementations.md, \"ut_pex, receiving\""
    private static let observed = "implementations.md, \"Observed on loopback\""
    private static let extendedHandshake = "implementations.md, \"BEP 10 extended handshake\""

    /// The receive rules of a profile: every setting the sources give, nothing else limited.
    private static func pexRules(
        flood: FloodRule?, maxMessageSize: Int = .max, receivedCap: PeerCap = .unlimited, maxPeersFromRemote: Int = .max,
        disconnectsOnEmptyMessage: Bool = false, ignoresLocalPeers: Bool = false, base: PexSessionConfiguration = PexSessionConfiguration()
    ) -> PexSessionConfiguration {
        var pex = base
        pex.flood = flood
        pex.maxMessageSize = maxMessageSize
        pex.receivedCap = receivedCap
        pex.maxPeersFromRemote = maxPeersFromRemote
        pex.disconnectsOnEmptyMessage = disconnectsOnEmptyMessage
        pex.ignoresLocalPeersFromRemotePeers = ignoresLocalPeers
        return pex
    }

    /// Every profile, the deployed clients first.
    public static let all: [ClientProfile] = [
        libtorrent20, transmission300, rtorrent098, aria2136, anacrolix, webtorrent, utorrent181, transmission140, azureus, reference,
    ]

    /// The deployed clients whose reactions the suite can predict (everything but ``reference``).
    public static var deployed: [ClientProfile] { all.filter { $0.id != reference.id } }

    /// The profile with this id.
    public static func named(_ id: String) -> ClientProfile? { all.first { $0.id == id } }

    /// libtorrent-rasterbar 2.0 (`src/ut_pex.cpp`, `src/bt_peer_connection.cpp`).
    public static let libtorrent20: ClientProfile = {
        let pex = pexRules(flood: .libtorrent, maxMessageSize: 500 * 1024, receivedCap: PeerCap(50), ignoresLocalPeers: true)
        return ClientProfile(
            id: "libtorrent-2.0", client: "libtorrent-rasterbar", versions: "2.0.x",
            pex: pex,
            pexSources: [
                ("dropped", "\(receiving), `dropped`: \"parsed\""),
                ("flood", "\(receiving), flood rule: \"disconnect when the 7th message arrives within 60 s of the 1st (keeps the times of the last 6)\"; \(observed): \"10 PEX in ~1 s: disconnects on the 7th\""),
                ("oversized", "\(receiving), message size cap: \"> 500 KiB: disconnect\""),
                ("peer_caps", "\(receiving), peers kept per message: \"max_pex_peers = 50\"; local addresses \"ignored unless the sender is local\""),
                ("frame_too_large", "\(extendedHandshake): \"Frames over 1 MiB: disconnect\""),
            ],
            knowsPeerCaps: true, readsDropped: true, maxFrameSize: 1 << 20,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(receiving): invalid bencode / root not a dict: \"disconnect\"; \(observed): \"bytes that are not bencode: disconnects\""),
                .notADictionary: Rule(.disconnect, "\(receiving): invalid bencode / root not a dict: \"disconnect\"; \(observed): \"a list instead of a dict: disconnects\""),
                .partialCompactEntry: Rule(.accept, "\(receiving): compact list length not a multiple of 6 / 18: \"trailing bytes ignored\"; \(observed): \"uses the whole 6-byte entries\""),
                .missingAddedFlags: Rule(.dropPeers, "\(observed): `added` without `added.f`: \"discards the added peers\""),
                .addedFlagsMismatch: Rule(.dropPeers, "\(receiving): `added.f` length != peer count: \"all added peers dropped\""),
                .extendedTooShort: Rule(.disconnect, "\(extendedHandshake): \"an extended message shorter than 2 bytes: disconnect\""),
                .undecodableExtendedHandshake: Rule(.ignore, "\(extendedHandshake): \"An undecodable handshake is ignored, not a disconnect\""),
            ])
    }()

    /// Transmission 3.00 and later (`libtransmission/peer-msgs.cc`).
    public static let transmission300: ClientProfile = {
        let pex = pexRules(flood: nil, receivedCap: PeerCap(50, perFamily: true))
        return ClientProfile(
            id: "transmission-3.00", client: "Transmission", versions: "3.00 and later",
            pex: pex,
            pexSources: [
                ("flood", "\(receiving), flood rule: \"none\"; \(observed): \"10 PEX in ~1 s: stays\""),
                ("oversized", "\(receiving), message size cap: \"none\""),
                ("peer_caps", "\(receiving), peers kept per message: \"50 for `added`, 50 for `added6`\"; `dropped` \"never parsed\""),
            ],
            knowsPeerCaps: true, readsDropped: false,
            rules: [
                .invalidBencode: Rule(.ignore, "\(receiving): invalid bencode / root not a dict: \"ignored\"; \(observed): \"bytes that are not bencode: stays\""),
                .notADictionary: Rule(.ignore, "\(receiving): invalid bencode / root not a dict: \"ignored\"; \(observed): \"a list instead of a dict: stays\""),
                .partialCompactEntry: Rule(.accept, "\(receiving): compact list length not a multiple of 6 / 18: \"trailing bytes ignored\""),
                .missingAddedFlags: Rule(.accept, "\(observed): `added` without `added.f`: \"keeps them\""),
                .addedFlagsMismatch: Rule(.accept, "\(receiving): `added.f` length != peer count: \"peers kept, flags 0\""),
            ])
    }()

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

    /// aria2 1.36.0: only what was observed on loopback.
    public static let aria2136: ClientProfile = {
        let pex = pexRules(flood: nil)
        return ClientProfile(
            id: "aria2-1.36", client: "aria2", versions: "1.36.0",
            pex: pex,
            pexSources: [("flood", "\(observed): \"10 PEX in ~1 s: stays\"")],
            knowsPeerCaps: false,
            rules: [
                .invalidBencode: Rule(.disconnect, "\(observed): \"bytes that are not bencode: disconnects and bans the peer\""),
                .notADictionary: Rule(.ignore, "\(observed): \"a list instead of a dict: ignores\""),
                .partialCompactEntry: Rule(.dropPeers, "\(observed): \"`added` of 7 or 8 bytes: discards the whole list\""),
                .missingAddedFlags: Rule(.accept, "\(observed): \"`added` without `added.f`: keeps them and dials\""),
            ])
    }()

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

    /// uTorrent 1.8.1: the empty-PEX disconnect (reference 000) and the 200-peer store.
    public static let utorrent181: ClientProfile = {
        let pex = pexRules(flood: nil, maxPeersFromRemote: 200, disconnectsOnEmptyMessage: true)
        return ClientProfile(
            id: "utorrent-1.8.1", client: "uTorrent", versions: "1.8.1",
            pex: pex,
            pexSources: [
                ("empty_pex", "reference 000: \"If uTorrent 1.8.1 recieves an \\\"empty\\\" pex message from Transmission 1.40, it appears to interpret this as an invalid message and disconnect from Transmission.\""),
                ("peer_caps", "reference 000/001: \"uT stores max 200 from other peers, but it will send everything it has.\""),
            ],
            knowsPeerCaps: true,
            rules: [:])
    }()

    /// Transmission 1.40: known only as the sender of the empty PEX message (reference 000).
    public static let transmission140: ClientProfile = {
        return ClientProfile(
            id: "transmission-1.40", client: "Transmission", versions: "1.40",
            pex: pexRules(flood: nil), pexSources: [], knowsPeerCaps: false, rules: [:])
    }()

    /// Azureus / Vuze speaking AZ_PEER_EXCHANGE (reference 004; the 50-peer burst of reference 000).
    public static let azureus: ClientProfile = {
        let pex = pexRules(flood: nil, receivedCap: PexSessionConfiguration.azureus.receivedCap, base: .azureus)
        return ClientProfile(
            id: "azureus", client: "Azureus", versions: "2.x-4.x (AZMP)",
            pex: pex,
            pexSources: [("peer_caps", "reference 000: \"Azureus' maximum of 50 peers per pex burst\"")],
            knowsPeerCaps: false, rules: [:])
    }()

    /// What this project recommends a receiver does: the default ``PexSession`` rules, and
    /// malformed PEX ignored (stay connected, learn nothing from it) rather than fatal.
    public static let reference: ClientProfile = {
        let pexspec = "pexspec reference rules (docs/conformance.md, \"Profiles\")"
        return ClientProfile(
            id: "reference", client: "pexspec", versions: "reference",
            pex: .utPex,
            pexSources: [
                ("dropped", "\(pexspec): a dropped peer is forgotten; a peer dropped again after being re-added is forgotten again"),
                ("flood", "\(pexspec): libtorrent's rule, 7 messages within 60 s"),
                ("oversized", "\(pexspec): libtorrent's 500 KiB"),
                ("peer_caps", "\(pexspec): 50 peers read per message, 200 kept per remote peer (reference 000)"),
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
            ])
    }()
}
