import PexModel
import PexSession
import Synchronization

/// `n` distinct IPv4 peers 10.0.x.y:6881 and up.
func ipv4Peers(_ count: Int, flags: PeerFlags = [], base: UInt32 = 0x0a00_0001) -> [PexPeer] {
    (0..<count).map { n in PexPeer(address: PeerAddress(ip: .v4(base + UInt32(n)), port: UInt16(6881 + n % 1000)), flags: flags) }
}

func peer(_ text: String, flags: PeerFlags = []) -> PexPeer {
    guard let address = PeerAddress(text) else { preconditionFailure("fixture address \(text) does not parse") }
    return PexPeer(address: address, flags: flags)
}

/// Collects a session's events in order.
final class EventLog: Sendable {
    private let events = Mutex<[PexEvent]>([])
    var all: [PexEvent] { events.withLock { $0 } }
    var handler: @Sendable (PexEvent) -> Void { { event in self.events.withLock { $0.append(event) } } }
}

extension PexVerdict {
    var learned: [PexPeer] {
        if case .accepted(let learned, _, _) = self { return learned }
        return []
    }
    var dropped: [PeerAddress] {
        if case .accepted(_, let dropped, _) = self { return dropped }
        return []
    }
}

/// A started session on a manual clock that has already sent its first message, announcing `peers`.
func sessionAfterFirstMessage(announcing peers: [PexPeer]) -> (session: PexSession, clock: ManualPexClock) {
    let clock = ManualPexClock()
    var session = PexSession(clock: clock)
    for p in peers { session.addPeer(p) }
    session.start()
    _ = session.nextMessage()
    return (session, clock)
}
