import PexSession

extension ClientProfile {
    /// BiglyBT / Vuze (BiglySoftware/BiglyBT at 9d506bd), AZ_PEER_EXCHANGE and ut_pex alike.
    public static let biglyBT: ClientProfile = {
        let bbt = Document.bbt
        var pex = pexRules(flood: .biglyBT)
        pex.ignoresMessagesAdding = .init(first: 500, later: 250)
        return ClientProfile(
            id: "biglybt", client: "BiglyBT", versions: "9d506bd",
            pex: pex,
            pexSources: [
                ("flood", bbt.at("PEPeerTransportProtocol.java:5587-5590: more than 7 PEX messages (AZ or ut_pex) in 120 s close the connection")),
                ("peer_caps", bbt.at("UTPeerExchange.java:263-265: a ut_pex adding more than 500 peers (first message) or 250 (later) is ignored whole; PEPeerTransportProtocol.java:5592-5607")),
            ],
            knowsPeerCaps: false,
            rules: [
                .emptyAzureusPex: Rule(.disconnect, bbt.at("AZPeerExchange.java:220, AZMessageDecoder.java:337-347: no added and no dropped throws; \"AZ message decode failed\" closes the connection")),
            ])
    }()
}
