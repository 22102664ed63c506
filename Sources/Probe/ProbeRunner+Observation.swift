import Conformance
import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel

extension ProbeRunner {
    // MARK: Connection 0: what the client sends

    /// Opens connection 0 even when none of its cases is selected, since the plan needs the
    /// client's extended handshake; `publish` gets the plan exactly once, also when the
    /// connection fails.
    func observe(connectionIndex: Int, publish: AsyncStream<ConnectionPlan>.Continuation, deadline: RunDeadline) async -> Outcome {
        let handshakeCases = HandshakeChecks.handshakeCases.filter { configuration.selects($0.id) }
        let extendedCases = HandshakeChecks.extendedCases.filter { configuration.selects($0.id) }
        let pexCases = PexObservation.cases.filter { configuration.selects($0.id) }
        let floodCases = FloodCheck.cases.filter { configuration.selects($0.id) }
        let all = handshakeCases + extendedCases + pexCases + floodCases
        // The plan starts the run's deadline, and goes to the other connections.
        func announce(_ plan: ConnectionPlan) {
            deadline.start(window: plan.runWindow(configuration: configuration), grace: configuration.runGrace)
            publish.yield(plan)
            publish.finish()
        }
        func failed(_ results: [ProbeCaseResult]) -> Outcome {
            let plan = ConnectionPlan(configuration: configuration, version: nil, firstHasPex: false, reached: false)
            announce(plan)
            return Outcome(results: results, plan: plan)
        }

        let peer: ProbePeer
        switch await open(connectionIndex) {
        case .failure(let failure): return failed(Self.errors(all, failure.description))
        case .success(let opened): peer = opened
        }
        if let failure = await peer.establish() {
            await peer.finish()
            return failed(Self.errors(all, failure, peer))
        }
        let plan = ConnectionPlan(configuration: configuration, version: peer.remoteVersion, firstHasPex: peer.remotePexID != nil)
        announce(plan)
        var findings: [(ProbeCase, Finding)] = []
        if let handshake = peer.remoteHandshake {
            let evidence = ["the client's 68-byte handshake"]
            if handshakeCases.contains(HandshakeChecks.extensionBit) { findings.append((HandshakeChecks.extensionBit, HandshakeChecks.extensionBit(handshake).judged(on: evidence))) }
            if handshakeCases.contains(HandshakeChecks.infoHash) { findings.append((HandshakeChecks.infoHash, HandshakeChecks.infoHash(handshake, asked: configuration.infoHash).judged(on: evidence))) }
        }
        if !extendedCases.isEmpty {
            let extended = peer.remoteExtendedHandshake.map { payload in
                HandshakeChecks.extendedHandshake(payload).map { $0.judged(on: ["the client's extended handshake, \(payload.count) bytes"]) }
            } ?? Array(repeating: Finding(verdict: .fail, expected: "an extended handshake", actual: "none (no extension bit)", evidence: ["the client's handshake, without the extension bit"]), count: 4)
            for (probeCase, finding) in zip(HandshakeChecks.extendedCases, extended) where extendedCases.contains(probeCase) {
                findings.append((probeCase, finding))
            }
        }
        let pexUnavailable = Self.pexUnavailable(peer)
        if !floodCases.isEmpty || (!pexCases.isEmpty && pexUnavailable == nil) {
            var observation = PexObservation(messages: [], ourID: configuration.pexExtensionID, window: plan.window)
            let watchStart = peer.connection.clock.now()
            let receivedBefore = peer.received
            let windowTag = peer.startTimer("window", after: plan.window)
            let deadline = watchStart + plan.window
            watch: while let event = await peer.next() {
                switch event {
                case .message(.extended(let id, let payload), _, let time) where id != 0:
                    observation.add(.init(time: time, extendedID: id, payload: payload))
                case .repeated(.extended(let id, let payload), _, let count, let first, _) where id != 0:
                    for _ in 0..<min(count, PexObservation.maxMessages) { observation.add(.init(time: first, extendedID: id, payload: payload)) }
                case .closed(let reason, _, let time):
                    observation.endedEarly = String(format: "connection ended at %.1f s: %@", time, reason.description)
                    break watch
                case .timer(let tag, _) where tag == windowTag:
                    break watch
                default:
                    break
                }
                // The window ends at its time, however many events are still queued.
                if peer.connection.clock.now() >= deadline { break watch }
            }
            let watched = min(peer.connection.clock.now(), peer.end?.time ?? .infinity) - watchStart
            if !pexCases.isEmpty && pexUnavailable == nil {
                for (probeCase, finding) in zip(PexObservation.cases, observation.findings()) where pexCases.contains(probeCase) {
                    findings.append((probeCase, finding))
                }
            }
            if !floodCases.isEmpty {
                var traffic = peer.received
                traffic.frames -= receivedBefore.frames
                traffic.bytes -= receivedBefore.bytes
                traffic.keepAlives -= receivedBefore.keepAlives
                traffic.excessFrames -= receivedBefore.excessFrames
                findings.append((FloodCheck.keepAliveFlood, FloodCheck.finding(traffic, seconds: watched)))
            }
        }
        if let pexUnavailable {
            findings += pexCases.map { ($0, pexUnavailable) }
        }
        await peer.finish()
        return Outcome(
            results: findings.map { Self.result($0.0, $0.1, peer) }, client: peer.remoteVersion, profile: plan.profile?.id, plan: plan)
    }

    /// Why the ut_pex cases cannot run on `peer`'s connection, if they cannot: `skipped` when the
    /// client does not know ut_pex, `inconclusive` when it gave this connection `ut_pex = 0`
    /// (a client that caps its PEX connections, as rtorrent does, may enable it on others).
    static func pexUnavailable(_ peer: ProbePeer) -> Finding? {
        guard peer.remotePexID == nil else { return nil }
        if peer.remoteExtensions["ut_pex"] == 0 {
            return .inconclusive(
                expected: "ut_pex in the client's m",
                reason: "the client sent m.ut_pex = 0 on this connection: ut_pex disabled here (it may allow PEX on a few connections only)")
        }
        return Finding(
            verdict: .skipped, expected: "ut_pex in the client's m", actual: "the client does not advertise ut_pex",
            reason: "no ut_pex in the m of the client's extended handshake")
    }
}
