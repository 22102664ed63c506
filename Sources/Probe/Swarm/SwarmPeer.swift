import Bencode
import NIOConcurrencyHelpers
import NIOCore
import PeerWire
import PexModel

/// One of the swarm's peers: a connection to the client, opened and read by its own task (a
/// ``ProbePeer`` that looks like a leecher), with a listening socket on the same address
/// announced as `p` so the client can dial back. Everything the scenario needs crosses to it
/// through a lock: the client's `m`, the extended messages it sent, how the connection ended.
/// The scenario sends through ``send(_:summary:)`` from any task.
final class SwarmPeer: Sendable {
    /// The peer's name in the scenario (`A`, `B`, …, `P` for the private torrent).
    let role: String
    let connection: PeerConnection
    /// The peer's own listening socket, announced as `p`.
    let listener: Canary
    /// Seconds from the start of the swarm to the opening of this connection.
    let offset: Double
    /// The info-hash this peer asked for.
    let infoHash: [UInt8]
    private let state: NIOLockedValueBox<State>
    private let reader: Task<[WireLogEntry], Never>

    /// Most extended messages kept per connection, and most payload bytes over them.
    static let maxMessagesKept = 128
    static let maxPayloadBytesKept = 2 << 20

    struct Received: Sendable, Equatable {
        /// Seconds since the swarm started.
        var time: Double
        var extendedID: UInt8
        var payload: [UInt8]
    }

    struct State: Sendable {
        /// nil while the opening runs; then the failure, or "" when the peer is established.
        var opening: String?
        var remoteExtensions: [String: UInt8] = [:]
        var remoteVersion: String?
        var extended: [Received] = []
        var extendedDropped = 0
        var payloadBytes = 0
        /// Swarm time the connection ended, and why.
        var end: (reason: ConnectionEnd, time: Double)?
        /// What the scenario sent, in connection time.
        var sent: [WireLogEntry] = []
    }

    private init(
        role: String, connection: PeerConnection, listener: Canary, offset: Double, infoHash: [UInt8], state: NIOLockedValueBox<State>,
        reader: Task<[WireLogEntry], Never>
    ) {
        self.role = role
        self.connection = connection
        self.listener = listener
        self.offset = offset
        self.infoHash = infoHash
        self.state = state
        self.reader = reader
    }

    /// Starts the peer on `connection`: its task runs the opening, then reads until the end.
    static func start(
        role: String, connection: PeerConnection, listener: Canary, offset: Double, configuration: ProbeConfiguration,
        extras: (keys: BencodeDictionary, extensions: BencodeDictionary)
    ) -> SwarmPeer {
        let state = NIOLockedValueBox(State())
        let reader = Task { () -> [WireLogEntry] in
            let peer = ProbePeer(connection: connection, configuration: configuration, announcedPort: listener.address.port)
            peer.extendedHandshakeExtras = extras
            let failure = await peer.establish()
            state.withLockedValue {
                $0.opening = failure ?? ""
                $0.remoteExtensions = peer.remoteExtensions
                $0.remoteVersion = peer.remoteVersion
            }
            if failure != nil { await peer.finish() }
            while let event = await peer.next() {
                switch event {
                case .message(.extended(let id, let payload), _, let time):
                    state.withLockedValue { s in
                        if id == 0 {
                            // A later extended handshake from the client: its ids may change.
                            if let handshake = try? ExtendedHandshake.decode(payload).value {
                                for entry in handshake.messages ?? [] { s.remoteExtensions[entry.name] = entry.id }
                            }
                            return
                        }
                        guard s.extended.count < maxMessagesKept, s.payloadBytes + payload.count <= maxPayloadBytesKept else {
                            s.extendedDropped += 1
                            return
                        }
                        s.payloadBytes += payload.count
                        s.extended.append(Received(time: offset + time, extendedID: id, payload: payload))
                    }
                case .closed(let reason, _, let time):
                    state.withLockedValue { $0.end = (reason, offset + time) }
                default:
                    continue
                }
            }
            return peer.log
        }
        return SwarmPeer(role: role, connection: connection, listener: listener, offset: offset, infoHash: configuration.infoHash, state: state, reader: reader)
    }

    /// Waits for the opening to end: nil when the peer is established, else what failed.
    /// `timeout`: the seconds `deadline` stands for, for the message.
    func established(by deadline: ContinuousClock.Instant, timeout: Double) async -> String? {
        repeat {
            if let opening = state.withLockedValue({ $0.opening }) { return opening.isEmpty ? nil : opening }
            try? await Task.sleep(for: .milliseconds(100))
        } while ContinuousClock.now < deadline
        return "the opening did not end within \(ProbePeer.seconds(timeout))"
    }

    var isEstablished: Bool { state.withLockedValue { $0.opening == "" } }
    var remoteExtensions: [String: UInt8] { state.withLockedValue { $0.remoteExtensions } }
    var remoteVersion: String? { state.withLockedValue { $0.remoteVersion } }
    /// The id the client assigned to ut_pex, if it did (0 is none).
    var remotePexID: UInt8? { remoteExtensions["ut_pex"].flatMap { $0 == 0 ? nil : $0 } }
    var end: (reason: ConnectionEnd, time: Double)? { state.withLockedValue { $0.end } }
    /// The ut_pex messages the client sent on this connection (under the probe's id).
    func pex(ourID: UInt8) -> [Received] { state.withLockedValue { $0.extended.filter { $0.extendedID == ourID } } }
    var extendedMessages: [Received] { state.withLockedValue { $0.extended } }
    /// The address the connection leaves from.
    var address: String { connection.localAddress }
    /// The IP of this peer: its connection's source and its listener's address.
    var ip: IPAddress { listener.address.ip }

    /// Swarm time now.
    func swarmNow() -> Double { offset + connection.clock.now() }

    /// Sends one frame from the scenario and logs it; false when the connection is gone.
    @discardableResult
    func send(_ bytes: [UInt8], summary: String) -> Bool {
        let sent = connection.send(bytes)
        let entry = WireLogEntry(kind: .sent, time: connection.clock.now(), framing: .standard, bytes: bytes, summary: sent ? summary : summary + " (not sent: connection closed)")
        state.withLockedValue { $0.sent.append(entry) }
        return sent
    }

    /// Closes the connection, waits for its task, and returns its whole log in connection time.
    func finish() async -> [WireLogEntry] {
        await connection.close()
        let read = await reader.value
        let sent = state.withLockedValue { $0.sent }
        return (read + sent).enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// Closes the connection now (the scenario's disconnect), keeping the log for ``finish()``.
    func disconnect() async {
        await connection.close()
    }
}
