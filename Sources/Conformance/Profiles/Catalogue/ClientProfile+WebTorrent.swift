import PexSession

extension ClientProfile {
    /// webtorrent's `ut_pex` module (webtorrent/ut_pex at 0ccc615, `index.js`), as a receiver and, when started, a sender.
    public static let webtorrent: ClientProfile = {
        let wt = Document.wt
        var pex = pexRules(flood: .minimumGap(60))
        pex.appliesDroppedFirst = false
        return ClientProfile(
            id: "webtorrent", client: "webtorrent ut_pex", versions: "0ccc615",
            pex: pex,
            pexSources: [
                ("dropped", wt.at("index.js:136-176: added is applied, then dropped")),
                ("flood", wt.at("index.js: a message less than 60 s after the previous destroys the wire")),
                ("oversized", wt.at("index.js: no message size cap")),
                ("peer_caps", wt.at("index.js:9,136-176,213: no receive cap; PEX_MAX_PEERS = 50 applies to sending only")),
                ("dropped_evicts", wt.at("index.js:158-176") + "; " + Document.wtc.at("lib/torrent.js:1363-1371: a dropped peer that is not connected is removed from the queue, whoever announced it")),
            ],
            knowsPeerCaps: true, readsDropped: true,
            rules: [
                .invalidBencode: Rule(.ignore, wt.at("index.js: a payload that does not decode is ignored")),
                .notADictionary: Rule(.ignore, wt.at("index.js: a root that is not a dictionary is ignored")),
                .partialCompactEntry: Rule(.ignore, wt.at("index.js: a compact list whose length is not a multiple of 6 / 18 skips the rest of the message")),
                .missingAddedFlags: Rule(.accept, wt.at("index.js: added.f is optional")),
                .addedFlagsMismatch: Rule(.accept, wt.at("index.js: added.f of another length is tolerated")),
            ],
            sending: Sending(whenUnchanged: .allKeysEmpty, source: wt.at("index.js:37,213-256: once started, all six keys every 65 s, empty ones included (not de)")),
            droppedEvictsAnyCandidate: true)
    }()

    /// The webtorrent client (webtorrent/webtorrent at c168675, `lib/torrent.js`): receives with the
    /// module's rules, port 0 and 65535 refused, and never starts the module, so it sends no PEX.
    public static let webtorrentClient: ClientProfile = {
        var profile = webtorrent
        profile.id = "webtorrent-client"
        profile.client = "webtorrent"
        profile.versions = "c168675"
        profile.pex.ignoredPorts = [0, 65535]
        profile.pexSources.append(("ports", Document.wtc.at("lib/torrent.js:2192: a peer is added only when port > 0 and port < 65535")))
        profile.sending = Sending(
            sendsPex: false, source: Document.wtc.at("lib/torrent.js:1349-1375: the ut_pex module is never started; webtorrent/webtorrent#2919"))
        profile.privateTorrents = PrivateTorrentRule(.disablesPex, Document.wtc.at("lib/torrent.js:1350: no ut_pex on a private torrent"))
        return profile
    }()
}
