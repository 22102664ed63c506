import PexSession

// The deployed clients, each rule from `implementations.md` (source-read tables and the
// "Observed on loopback" table) or the reference documents. Nothing here is a guess: what no
// source says is left out, and the profile then predicts nothing for it.
extension ClientProfile {
    static let receiving = "implementations.md, \"ut_pex, receiving\""
    static let observed = "implementations.md, \"Observed on loopback\""
    static let extendedHandshake = "implementations.md, \"BEP 10 extended handshake\""

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
        libtorrent20, transmission300, rtorrent098, aria2136, qbittorrent45, deluge20, anacrolix, webtorrent, utorrent181, transmission140, azureus, reference,
    ]

    /// The deployed clients whose reactions the suite can predict (everything but ``reference``).
    public static var deployed: [ClientProfile] { all.filter { $0.id != reference.id } }

    /// The profile with this id.
    public static func named(_ id: String) -> ClientProfile? { all.first { $0.id == id } }
}
