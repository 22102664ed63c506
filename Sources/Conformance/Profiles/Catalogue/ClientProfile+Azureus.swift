import PexSession

extension ClientProfile {
    /// Azureus / Vuze speaking AZ_PEER_EXCHANGE (reference 004; the 50-peer burst of reference 000).
    public static let azureus: ClientProfile = {
        let pex = pexRules(flood: nil, receivedCap: PexSessionConfiguration.azureus.receivedCap, base: .azureus)
        return ClientProfile(
            id: "azureus", client: "Azureus", versions: "2.x-4.x (AZMP)",
            pex: pex,
            pexSources: [("peer_caps", "reference 000: \"Azureus' maximum of 50 peers per pex burst\"")],
            knowsPeerCaps: false, rules: [:])
    }()
}
