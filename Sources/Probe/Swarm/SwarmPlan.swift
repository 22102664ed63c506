import PexModel

/// Where the swarm's sockets live and which connections it opens, planned around the limits of
/// the clients under test:
///
/// - one connection per source address (Transmission takes one connection per IP and refuses a
///   second from the same IP within seconds);
/// - at most 8 connections per torrent that need ut_pex (rtorrent enables ut_pex on at most 8
///   per torrent, `max_size_pex`): the swarm opens 7 on the public torrent and 2 on the
///   private one. The report's `swarm/plan/pex-enabled` case says which connections did not
///   get ut_pex, and the cases that needed them are inconclusive with that reason.
///
/// Every address is in 127.0.0.0/8, four /24s from `127.0.N.0` (N = ``ProbeConfiguration/swarmNet``):
/// the peers on 127.0.N.1…, the single canaries and the dead address on 127.0.N+1.x, the five
/// ports of one IP on 127.0.N+2.1, the 200 one-source canaries on 127.0.N+3.1…200. Every
/// listening socket takes an ephemeral port, so probes of several clients at once never collide.
struct SwarmPlan: Sendable {
    /// The roles on the public torrent: A announces canaries and the dead address, B watches,
    /// C disconnects, D disables ut_pex with 0, E re-sends its handshake without ut_pex, F sends
    /// under an unassigned id, O announces 200 canaries.
    static let publicRoles = ["A", "B", "C", "D", "E", "F", "O"]
    /// The public roles whose cases need ut_pex on their connection (C only has to be listed, F
    /// sends under an id nobody assigned); they open first.
    static let needsPex: Set<String> = ["A", "B", "D", "E", "O"]
    /// The roles on the private torrent: P announces canaries and watches, Q is a second peer
    /// the client could (but must not) tell P about.
    static let privateRoles = ["P", "Q"]
    /// Canaries from one source: BEP 11's Security section's case.
    static let oneSourceCount = 200
    /// Ports of one IP: the duplicate-IP case.
    static let duplicateIPPorts = 5
    /// Seconds after the announces during which dials are watched, at least.
    static let dialWait = 30.0
    /// Seconds after the openings before C disconnects, at the earliest: it leaves once the
    /// client has listed it to another peer.
    static let disconnectAfter = 20.0

    var net: UInt8

    private func ip(_ offset: UInt8, _ host: UInt32) -> IPAddress {
        .v4(0x7F00_0000 | UInt32(net &+ offset) << 8 | host)
    }

    /// The address of the `n`-th peer (0-based) over both torrents.
    func peerIP(_ n: Int) -> IPAddress { ip(0, UInt32(n + 1)) }

    /// The single canaries, by group, with the flags they are announced with.
    var singles: [(group: String, ip: IPAddress, flags: PeerFlags)] {
        [
            ("added", ip(1, 1), .reachable),
            ("dropped", ip(1, 2), .reachable),
            ("both", ip(1, 3), .reachable),
            ("encryption", ip(1, 4), [.prefersEncryption, .reachable]),
            ("utp", ip(1, 5), [.supportsUTP, .reachable]),
            ("private", ip(1, 20), .reachable),
            ("private", ip(1, 21), .reachable),
            ("private", ip(1, 22), .reachable),
        ]
    }

    var deadIP: IPAddress { ip(1, 9) }
    var duplicateIP: IPAddress { ip(2, 1) }
    func oneSourceIP(_ i: Int) -> IPAddress { ip(3, UInt32(i + 1)) }
}
