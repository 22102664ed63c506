import PexSession

extension ClientProfile {
    /// Azureus / Vuze speaking AZ_PEER_EXCHANGE (the Azureus messaging protocol notes; the 50-peer
    /// burst of the ut_pex notes quoted in jbitor/issues#6).
    public static let azureus: ClientProfile = {
        let pex = pexRules(flood: nil, receivedCap: PexSessionConfiguration.azureus.receivedCap, base: .azureus)
        return ClientProfile(
            id: "azureus", client: "Azureus", versions: "2.x-4.x (AZMP)",
            pex: pex,
            pexSources: [("peer_caps", Document.utPexNotes.at("\"Azureus' maximum of 50 peers per pex burst\""))],
            knowsPeerCaps: false, rules: [:])
    }()
}
