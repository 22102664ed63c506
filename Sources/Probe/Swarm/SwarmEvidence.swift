import PeerWire
import PexModel
import WireCore

/// Everything a swarm run saw, as plain values, so that the cases are pure functions of it
/// (``SwarmJudge``) and the tests can judge hand-made evidence. Times are seconds since the
/// swarm started.
struct SwarmEvidence: Sendable {
    /// One of the probe's peers, as the run left it.
    struct Peer: Sendable {
        var role: String
        var ip: IPAddress
        /// Its `p`, the port its listener is on.
        var listenPort: UInt16
        /// The source port of its connection to the client (0 when it never connected).
        var sourcePort: UInt16
        var isPrivate: Bool
        /// Nil when the opening succeeded; otherwise what failed.
        var openingFailure: String?
        /// The client's `m` on this connection.
        var remoteExtensions: [String: UInt8]
        /// The extended messages the client sent here other than its handshake.
        var extended: [SwarmPeer.Received]
        /// When and why the connection ended, if it did before the probe closed it.
        var end: (reason: String, time: Double, byClient: Bool)?
        /// The flags its extended handshake makes true of it (`e` → 0x01, `ut_holepunch` → 0x08).
        var advertised: PeerFlags
        /// Dials the client made to this peer's listener.
        var dialsBack: Int

        var pexEnabled: Bool { (remoteExtensions["ut_pex"] ?? 0) != 0 }
        var isEstablished: Bool { openingFailure == nil }
    }

    /// One canary: where it listened, in which group, how it was announced, who dialled it.
    struct Canary: Sendable {
        var group: String
        var address: PeerAddress
        /// The flags the canary was announced with.
        var flags: PeerFlags
        var hits: [CanaryHit]
        var hitCount: Int
    }

    var publicHash: [UInt8]
    var privateHash: [UInt8]?
    /// The id the probe assigned to ut_pex in its `m`.
    var ourPexID: UInt8
    var peers: [Peer]
    var canaries: [Canary]
    /// An announced address where nothing listens.
    var dead: PeerAddress?
    /// When each scenario step happened: `announce`, `one-source`, `private-announce`,
    /// `disconnect-C`, `disable-D`, `rehandshake-E`, `pex-E`, `unassigned-F`.
    var steps: [String: Double]
    /// The extended id F sent under, one the client never assigned.
    var unassignedExtendedID: UInt8?
    /// Seconds a robustness input is given before "stays".
    var settle: Double
    /// Seconds the run lasted.
    var duration: Double

    func peer(_ role: String) -> Peer? { peers.first { $0.role == role } }
    func canaries(_ group: String) -> [Canary] { canaries.filter { $0.group == group } }

    /// The ut_pex messages the client sent to `role`, decoded; undecodable ones are left out
    /// (`pexspec probe`'s ut_pex/send/well-formed judges those).
    func pex(to role: String) -> [(time: Double, message: UTPexMessage)] {
        guard let peer = peer(role) else { return [] }
        return peer.extended.filter { $0.extendedID == ourPexID }.compactMap { received in
            (try? UTPexMessage.decode(received.payload, mode: .lenient).value).map { (received.time, $0) }
        }
    }

    /// Every public peer's ut_pex, with the peer it went to.
    var publicPex: [(role: String, time: Double, message: UTPexMessage)] {
        peers.filter { !$0.isPrivate }.flatMap { peer in pex(to: peer.role).map { (peer.role, $0.time, $0.message) } }
    }

    /// The hits on a canary that carried the public torrent's info-hash.
    func publicHits(_ canary: Canary) -> [CanaryHit] { canary.hits.filter { $0.infoHash == publicHash } }

    /// True when the client dialled at least one canary it learned from PEX on the public
    /// torrent: the control without which "not dialled" shows nothing.
    var dialsAnyPexPeer: Bool {
        canaries.filter { ["added", "one-source", "duplicate-ip", "encryption", "utp", "both"].contains($0.group) }.contains { !publicHits($0).isEmpty }
    }

    /// The role of the swarm peer at `ip`, if one is.
    func role(at ip: IPAddress) -> String? { peers.first { $0.ip == ip }?.role }
}

extension UTPexMessage {
    /// Every added address, v4 and v6.
    var addedAddresses: [PeerAddress] { (added + added6).map(\.address) }
    /// Every dropped address, v4 and v6.
    var droppedAddresses: [PeerAddress] { dropped + dropped6 }
}
