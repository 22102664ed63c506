import PexSession

extension ClientProfile {
    /// Where Transmission 3.00 says so (transmission/transmission, tag 3.00).
    static func tr300(_ location: String) -> String { "transmission/transmission 3.00 \(location)" }

    /// Transmission's receive rules (transmission/transmission at 85fc9d9, `libtransmission/peer-msgs.cc`), shared by 3.00 to 4.1.
    static func transmission(id: String, versions: String, sending: Sending) -> ClientProfile {
        let tr = Document.tr
        var pex = pexRules(flood: nil, receivedCap: PeerCap(50, perFamily: true))
        pex.ignoredPorts = [0]
        pex.ignoredAddresses = [.unspecified, .thisNetwork, .loopback, .multicast, .linkLocalIPv6, .v4MappedIPv6]
        var profile = ClientProfile(
            id: id, client: "Transmission", versions: versions,
            pex: pex,
            pexSources: [
                ("flood", tr.at("libtransmission/peer-msgs.cc: no flood rule") + "; \(observed): 10 PEX in ~1 s: stays"),
                ("oversized", "\(tr300("libtransmission/peer-msgs.c:1279-1301")): readBtLength takes any length, no cap; 1446: an extended message needs only a length >= 2; 1272-1275: one under an extended id it never assigned is drained, the connection kept; " + tr.at("libtransmission/peer-msgs.cc: no message size cap")),
                ("peer_caps", tr.at("libtransmission/peer-msgs.cc:1004-1027: 50 peers read from added, 50 from added6; neither dropped list is read; port 0, 0/8, ::, loopback, multicast, IPv6 link-local and v4-mapped IPv6 are dropped (libtransmission/net.cc:283-289,552-558)")),
                ("interval", "transmission/transmission 3.00 libtransmission/peer-msgs.c:75: PEX_INTERVAL_SECS = 90"),
            ],
            knowsPeerCaps: true, readsDropped: false,
            rules: [
                .invalidBencode: Rule(.ignore, tr.at("libtransmission/peer-msgs.cc: a payload that does not decode is ignored") + "; \(observed): bytes that are not bencode: stays"),
                .notADictionary: Rule(.ignore, tr.at("libtransmission/peer-msgs.cc: a root that is not a dictionary is ignored") + "; \(observed): a list instead of a dict: stays"),
                .partialCompactEntry: Rule(.accept, tr.at("libtransmission/peer-msgs.cc: trailing bytes of a compact list are ignored")),
                .missingAddedFlags: Rule(.accept, "\(observed): added without added.f: keeps them"),
                .addedFlagsMismatch: Rule(.accept, tr.at("libtransmission/peer-msgs.cc: added.f of another length: peers kept, flags 0")),
                .unassignedExtension: Rule(.ignore, "\(tr300("libtransmission/peer-msgs.c:1272-1275")), " + tr.at("libtransmission/peer-msgs.cc:977: an extended id it never assigned is skipped (drained)")),
                .extendedTooShort: Rule(
                    .disconnect,
                    "\(tr300("libtransmission/peer-msgs.c:1323,1446,1541-1545")): a length-1 extended message is read as a whole message and fails messageLengthIsCorrect (BT_LTEP needs a length >= 2): fireError(EMSGSIZE); \(tr300("libtransmission/peer-mgr.c:1882-1886")): EMSGSIZE purges the peer; "
                        + tr.at("libtransmission/peer-msgs.cc:797-798,1456-1465: the same") + "; \(observed): disconnects about 0.5 s later"),
            ],
            sending: sending,
            privateTorrents: PrivateTorrentRule(.disablesPex, tr.at("libtransmission/peer-msgs.cc:983-990: PEX is off for a private torrent")))
        profile.pexInterval = 90
        return profile
    }

    /// Transmission 3.00 and 4.0.x: nothing sent when nothing changed.
    public static let transmission300 = transmission(
        id: "transmission-3.00", versions: "3.00 to 4.0.x",
        sending: Sending(
            whenUnchanged: .nothing,
            source: Document.tr.at("libtransmission/peer-msgs.cc:1074-1117 and transmission/transmission PR #5793: 3.00 and 4.0.x send nothing when nothing changed")))

    /// Transmission 4.1.0 and later: `de` again when nothing changed (first in 4.1.0-beta.1, Dec 2024).
    public static let transmission41 = transmission(
        id: "transmission-4.1", versions: "4.1.0 and later",
        sending: Sending(
            whenUnchanged: .emptyDictionary,
            source: Document.tr.at("libtransmission/peer-msgs.cc:1074-1117; transmission/transmission PR #5793: from 4.1.0 an unchanged peer set sends de")))
}

extension ClientProfile {
    /// Transmission's main branch from Aug 2023 to Sep 2024: PEX peers without flag 0x10 were dropped.
    public static let transmissionMain2024: ClientProfile = {
        var profile = transmission300
        profile.id = "transmission-main-2024"
        profile.versions = "main branch, Aug 2023 to Sep 2024"
        profile.pex.requiredFlags = .reachable
        profile.pexSources.append(("required_flags", "transmission/transmission#6917: PEX peers lacking 0x10 (\"outgoing connection, peer is reachable\", BEP 11) were dropped"))
        profile.sending = nil
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
        return b
    }()
}
