import WireCore

/// The per-peer flag byte of ut_pex `added.f` / `added6.f`. All five bits seen in deployed
/// clients are named; unknown bits are kept in ``rawValue``.
public struct PeerFlags: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01: the peer prefers (supports) encrypted connections. AZ_PEER_EXCHANGE says the same
    /// with `added_HST` = 1 (crypto).
    public static let prefersEncryption = PeerFlags(rawValue: 0x01)
    /// 0x02: the peer is a seed or upload-only (partial seed).
    public static let seed = PeerFlags(rawValue: 0x02)
    /// 0x04: the peer supports uTP.
    public static let supportsUTP = PeerFlags(rawValue: 0x04)
    /// 0x08: the peer supports ut_holepunch.
    public static let supportsHolepunch = PeerFlags(rawValue: 0x08)
    /// 0x10: the peer is reachable (Transmission: connectable; anacrolix: we connected out to it;
    /// libtorrent does not use it).
    public static let reachable = PeerFlags(rawValue: 0x10)

    public static let knownBits: PeerFlags = [.prefersEncryption, .seed, .supportsUTP, .supportsHolepunch, .reachable]

    public var description: String {
        description(naming: [
            .prefersEncryption: "encryption", .seed: "seed", .supportsUTP: "utp", .supportsHolepunch: "holepunch", .reachable: "reachable",
        ])
    }
}
