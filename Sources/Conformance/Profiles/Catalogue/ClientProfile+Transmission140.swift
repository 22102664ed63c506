import PexSession

extension ClientProfile {
    /// Transmission 1.40: known only as the sender of the empty PEX message (ut_pex notes, jbitor/issues#6).
    public static let transmission140: ClientProfile = {
        return ClientProfile(
            id: "transmission-1.40", client: "Transmission", versions: "1.40",
            pex: pexRules(flood: nil), pexSources: [], knowsPeerCaps: false, rules: [:])
    }()
}
