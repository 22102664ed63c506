import PexSession

// The deployed clients, each rule with the public source it was read from: the client's source
// at the commit `Conformance/documents.json` names (file and line), an issue or PR, or what
// `pexspec probe` saw on loopback. Nothing here is a guess: what no source says is left out, and the
// profile then predicts nothing for it.
extension ClientProfile {
    /// What `pexspec probe` saw on loopback against the Debian packages (docs/probe.md).
    static let observed = Document.loopback.cite

    /// The receive rules of a profile: every setting the sources give, nothing else limited.
    static func pexRules(
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
        libtorrent20, transmission300, transmission41, transmissionMain2024, rtorrent098, aria2136, qbittorrent45, deluge20, anacrolix, anacrolixBefore1053,
        webtorrent, webtorrentClient, biglyBT, utorrent181, transmission140, azureus, reference,
    ]

    /// The deployed clients whose reactions the suite can predict (everything but ``reference``).
    public static var deployed: [ClientProfile] { all.filter { $0.id != reference.id } }

    /// The profile with this id.
    public static func named(_ id: String) -> ClientProfile? { all.first { $0.id == id } }
}
