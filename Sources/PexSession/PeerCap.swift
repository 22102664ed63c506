import PexModel

/// A cap on peers per message: `count` in all, or `count` per address family.
///
/// libtorrent caps v4 and v6 together (100 added per message); Transmission caps each family at 50
/// (arvidn/libtorrent `src/ut_pex.cpp`, transmission/transmission `libtransmission/peer-msgs.cc`).
public struct PeerCap: Sendable, Hashable {
    public var count: Int
    public var perFamily: Bool

    public init(_ count: Int, perFamily: Bool = false) {
        self.count = max(0, count)
        self.perFamily = perFamily
    }

    /// No cap.
    public static let unlimited = PeerCap(.max)

    /// Splits `peers` into those within the cap, in order, and the rest.
    public func split<Peer>(_ peers: [Peer], address: (Peer) -> PeerAddress) -> (taken: [Peer], rest: [Peer]) {
        var taken: [Peer] = [], rest: [Peer] = []
        var v4 = 0, v6 = 0
        for peer in peers {
            let isV6 = address(peer).ip.isIPv6
            let used = perFamily ? (isV6 ? v6 : v4) : v4 + v6
            if used < count {
                taken.append(peer)
                if isV6 { v6 += 1 } else { v4 += 1 }
            } else {
                rest.append(peer)
            }
        }
        return (taken, rest)
    }
}
