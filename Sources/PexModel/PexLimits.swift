import Bencode

/// Resource limits of a peer exchange decoder, one set for both dialects: ut_pex
/// (`UTPexMessage`) and AZ_PEER_EXCHANGE (`AZPeerExchange`).
public struct PexLimits: Sendable, Hashable {
    /// The most peers read from one list: each of ut_pex's compact `added`, `added6`, `dropped`
    /// and `dropped6`, each of AZ_PEER_EXCHANGE's `added` and `dropped`. Entries beyond it are
    /// never read or allocated: `too_many_peers`, an error in strict mode and a warning in
    /// lenient mode, which keeps the first `maxPeersPerList`.
    ///
    /// Default 1,000: far above what deployed clients send in one message (libtorrent at most
    /// 100, Transmission 50 per family, Azureus and BiglyBT 50 per exchange,
    /// `MAX_PEERS_PER_VOLLEY`) and far below the ~174,000 IPv4 entries a 1 MiB frame could
    /// carry. Receivers that keep only 50, as libtorrent and Transmission do, set 50.
    public var maxPeersPerList: Int
    /// Limits of the bencode decoder that reads the payload.
    public var bencode: BencodeLimits

    public init(maxPeersPerList: Int = 1_000, bencode: BencodeLimits = .default) {
        self.maxPeersPerList = max(0, maxPeersPerList)
        self.bencode = bencode
    }

    public static let `default` = PexLimits()
}
