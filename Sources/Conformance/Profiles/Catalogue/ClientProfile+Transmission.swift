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

// MARK: - Swarm behaviour (what it does in a swarm; `pexspec probe`'s swarm cases)

extension SwarmBehaviour {
    /// Transmission 3.00; lines read at transmission/transmission 85fc9d9 (the same rules in 3.00).
    public static let transmission300: SwarmBehaviour = {
        var b = SwarmBehaviour()
        b.dialsPexPeers = Rule(false, "transmission/transmission net.cc:283-289,552-558 at 85fc9d9: loopback addresses are not valid peers, so PEX-learned 127.0.0.0/8 peers are dropped")
        b.dialsDroppedPeers = Rule(false, "transmission/transmission peer-msgs.cc:1004-1027 at 85fc9d9: neither dropped list is read")
        b.addedAndDroppedEndsAdded = Rule(true, "transmission/transmission peer-msgs.cc:1004-1027 at 85fc9d9: dropped is never read")
        b.relaysOnlyConnected = Rule(true, "transmission/transmission peer-msgs.cc:1074-1117 at 85fc9d9: the PEX it sends lists the torrent's connected peers")
        b.listsRecipient = Rule(true, "pexspec docs/probe.md, What the probe found: Transmission 3.00 lists the recipient itself")
        b.announcesListenPort = Rule(false, "pexspec docs/probe.md, What the probe found: Transmission 3.00 lists incoming peers under their connection's source port")
        b.maxAddedAfterFirst = Rule(50, "Transmission doc/extended-messaging.txt: at most 50 added peers per message")
        b.sendsEmptyMessages = Rule(false, "transmission/transmission#5793: 3.00 and 4.0.x send nothing when nothing changed")
        b.unassignedIDDisconnects = Rule(false, "transmission/transmission peer-msgs.cc:977 at 85fc9d9: an unknown extended id is skipped")
        b.privateTorrentPexOff = Rule(true, "transmission/transmission peer-msgs.cc:983-990 at 85fc9d9: no ut_pex for a private torrent")
        return b
    }()
}
