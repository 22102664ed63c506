import Conformance
import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel

/// Runs every selected case against one client, each group on its own connection and all of
/// them at once, so the whole probe takes about one observation window.
///
/// Connection 0 checks the handshake, the extended handshake and the ut_pex the client sends
/// over ``ProbeConfiguration/window``; connections 1… each send one robustness input. One more
/// connection changes the client's peer set while connection 0 watches, so that a client that
/// sends PEX only on change has a change to send: it opens 5 s in, announces a listen port
/// (``ProbeConfiguration/churnPort``; clients list only peers whose port they know) and closes
/// 10 s before the window ends.
///
/// The whole run is bounded (``RunDeadline``): once connection 0 has made the plan, every task
/// has until the run's window (``ConnectionPlan/runWindow(configuration:)``) and
/// ``ProbeConfiguration/runGrace`` after it; a case that could not finish by then is
/// `inconclusive` ("run deadline reached"), never `pass`.
public struct ProbeRunner: Sendable {
    public var configuration: ProbeConfiguration

    public init(configuration: ProbeConfiguration) {
        self.configuration = configuration
    }

    /// Every case, in report order.
    public static var cases: [ProbeCase] {
        HandshakeChecks.handshakeCases + HandshakeChecks.extendedCases + PexObservation.cases + FloodCheck.cases
            + RobustnessProbe.all.map(\.probeCase) + SwarmCases.all
    }

    public func run() async -> ProbeReport {
        let started = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let robustness = RobustnessProbe.all.filter { configuration.selects($0.probeCase.id) }
        let watchesPex = PexObservation.cases.contains { configuration.selects($0.id) }
        let deadline = RunDeadline()
        // Connection 0 opens first: its extended handshake names the client, and the plan for
        // every other connection follows from that (ConnectionPlan).
        let (plans, planned) = AsyncStream.makeStream(of: ConnectionPlan.self)
        var results: [ProbeCaseResult] = []
        var client: String?
        var profile: String?
        var churnNote: String?
        var swarmConnections: [SwarmConnectionLog] = []
        // The swarm beside the single-connection cases (its peers are also the churn that makes
        // a client send a second ut_pex in a short window). Against a client that enables ut_pex
        // on only so many connections (rtorrent: 8 per torrent), run its cases alone (--case).
        let swarm = SwarmCases.all.contains { configuration.selects($0.id) } ? SwarmRunner(configuration: configuration, deadline: deadline) : nil
        async let swarmOutcome = swarm?.run()
        var plan: ConnectionPlan?
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                await observe(connectionIndex: 0, publish: planned, deadline: deadline)
            }
            group.addTask {
                var waiting = plans.makeAsyncIterator()
                let plan = await waiting.next() ?? ConnectionPlan(configuration: configuration, version: nil, firstHasPex: false)
                return await withTaskGroup(of: Outcome.self) { inner in
                    inner.addTask { await testAll(robustness, plan: plan, deadline: deadline) }
                    if watchesPex && plan.window > 20 {
                        inner.addTask {
                            Outcome(note: await churn(connectionIndex: robustness.count + 1, window: plan.window, deadline: deadline))
                        }
                    }
                    var merged = Outcome(plan: plan)
                    for await outcome in inner { merged.merge(outcome) }
                    return merged
                }
            }
            for await outcome in group {
                results += outcome.results
                client = client ?? outcome.client
                profile = profile ?? outcome.profile
                churnNote = churnNote ?? outcome.note
                plan = plan ?? outcome.plan
            }
        }
        if let outcome = await swarmOutcome {
            results += outcome.results
            client = client ?? outcome.client
            profile = profile ?? outcome.profile
            swarmConnections = outcome.connections
        }
        if let churnNote, let i = results.firstIndex(where: { $0.probeCase == PexObservation.received }) {
            results[i].actual += " (peer-set change: \(churnNote))"
        }
        let order = Dictionary(uniqueKeysWithValues: Self.cases.enumerated().map { ($1.id, $0) })
        results.sort { order[$0.probeCase.id, default: .max] < order[$1.probeCase.id, default: .max] }
        let elapsed = clock.now - start
        var report = ProbeReport(
            target: configuration.target.description, infoHash: configuration.infoHash, client: client, profile: profile,
            started: started, duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            results: results, swarmConnections: swarmConnections)
        report.window = plan?.window ?? configuration.window ?? ConnectionPlan.defaultWindow
        report.notes = plan?.notes ?? []
        let cut = results.filter { $0.reason?.contains(RunDeadline.reason) ?? false }
        if !cut.isEmpty, let plan {
            report.notes.append(
                "RUN DEADLINE: \(cut.count) case(s) could not finish within the run's window (\(ProbePeer.seconds(plan.runWindow(configuration: configuration)))) and its \(ProbePeer.seconds(configuration.runGrace)) of grace: inconclusive, \(RunDeadline.reason)")
        }
        report.markKnownDeviations(of: profile.flatMap(ClientProfile.named))
        return report
    }

    /// What one task of a run found.
    private struct Outcome: Sendable {
        var results: [ProbeCaseResult] = []
        var client: String?
        var profile: String?
        var note: String?
        var plan: ConnectionPlan?

        mutating func merge(_ other: Outcome) {
            results += other.results
            client = client ?? other.client
            profile = profile ?? other.profile
            note = note ?? other.note
            plan = plan ?? other.plan
        }
    }

    // MARK: Connection 0: what the client sends

    /// Opens connection 0 even when none of its cases is selected, since the plan needs the
    /// client's extended handshake; `publish` gets the plan exactly once, also when the
    /// connection fails.
    private func observe(connectionIndex: Int, publish: AsyncStream<ConnectionPlan>.Continuation, deadline: RunDeadline) async -> Outcome {
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

    // MARK: Connections 1…: what the client does with bad input

    /// Every robustness case: all at once, or one after another when the plan says so. A case
    /// whose connection got `m.ut_pex` = 0 while connection 0 got an id is tried again once the
    /// others have had time to close.
    private func testAll(_ probes: [RobustnessProbe], plan: ConnectionPlan, deadline: RunDeadline) async -> Outcome {
        var merged = Outcome()
        if plan.oneAtATime {
            for (n, probe) in probes.enumerated() { merged.merge(await testRetrying(probe, connectionIndex: n + 1, plan: plan, deadline: deadline)) }
            return merged
        }
        return await withTaskGroup(of: Outcome.self) { group in
            for (n, probe) in probes.enumerated() {
                group.addTask { await testRetrying(probe, connectionIndex: n + 1, plan: plan, deadline: deadline) }
            }
            for await outcome in group { merged.merge(outcome) }
            return merged
        }
    }

    private func testRetrying(_ probe: RobustnessProbe, connectionIndex: Int, plan: ConnectionPlan, deadline: RunDeadline) async -> Outcome {
        var tries = 0
        while true {
            tries += 1
            let (outcome, refused) = await test(probe, connectionIndex: connectionIndex, plan: plan, tries: tries, deadline: deadline)
            let pause = configuration.settleTime + 1
            guard refused, plan.firstHasPex, tries < ConnectionPlan.attempts, deadline.remaining() > pause else { return outcome }
            try? await Task.sleep(for: .seconds(pause))
        }
    }

    /// One robustness case on its own connection; `refused` when the client gave the connection
    /// no ut_pex id and the case needs one (its result then says so).
    private func test(_ probe: RobustnessProbe, connectionIndex: Int, plan: ConnectionPlan, tries: Int, deadline: RunDeadline) async -> (Outcome, refused: Bool) {
        guard !deadline.reached else {
            return (Outcome(results: Self.errors([probe.probeCase], RunDeadline.reason + " before the case's connection opened", verdict: .inconclusive)), false)
        }
        let peer: ProbePeer
        switch await open(connectionIndex, deadline: deadline) {
        case .failure(let failure): return (Outcome(results: Self.errors([probe.probeCase], failure.description)), false)
        case .success(let opened): peer = opened
        }
        if let failure = await peer.establish() {
            await peer.finish()
            return (Outcome(results: Self.errors([probe.probeCase], failure, peer, verdict: peer.pastDeadline ? .inconclusive : .error)), false)
        }
        let profile = plan.profile ?? ProfilePrediction.profile(named: configuration.profile, version: peer.remoteVersion)
        let needsPex = probe.input != .oversizedFrame && probe.input != .extendedTooShort
        guard let pexID = peer.remotePexID ?? (needsPex ? nil : configuration.pexExtensionID) else {
            await peer.finish()
            let finding = peer.remoteExtensions["ut_pex"] == 0
                ? Finding.inconclusive(expected: "ut_pex in the client's m", reason: plan.noPexReason(tries: tries))
                : Finding(verdict: .skipped, expected: "ut_pex in the client's m", actual: plan.noPexReason(tries: tries), reason: "no ut_pex in the m of the client's extended handshake")
            return (Outcome(results: [Self.result(probe.probeCase, finding, peer)], client: peer.remoteVersion, profile: profile?.id), true)
        }
        let frames = probe.frames(pexID: pexID)
        let prediction = profile.map { ProfilePrediction.predict($0, frames: frames, spacing: probe.spacing) }
        let expected: String
        if let prediction, let reaction = prediction.reaction {
            expected = "\(reaction.rawValue) (\(prediction.explanation))"
        } else {
            expected = "no prediction (" + (prediction?.explanation ?? "no profile for \(peer.remoteVersion ?? "this client")") + ")"
        }

        var sent = 0
        var firstSent: Double?
        var end = peer.end
        for (n, frame) in frames.enumerated() where end == nil && !peer.pastDeadline {
            if firstSent == nil { firstSent = peer.connection.clock.now() }
            guard peer.sendFrame(frame.bytes, summary: frame.summary) else { break }
            sent += 1
            if probe.spacing > 0 && n + 1 < frames.count {
                end = await peer.waitForEnd(seconds: probe.spacing)
            }
        }
        if end == nil { end = await peer.waitForEnd(seconds: configuration.settleTime) }
        // Still open at the run's deadline: the client may yet react, so no verdict.
        let cut = end == nil && peer.pastDeadline
        await peer.finish()

        let writes = peer.connection.writes
        let sentText = frames.count > 1 ? "\(sent) of \(frames.count) sent" : (sent == 1 ? "the input sent" : "the input not sent")
        let evidence = ["\(sentText), \(writes.completed) of \(writes.started) writes completed", end.map { String(format: "connection end at %.2f s: %@", $0.time, $0.reason.description) } ?? "connection open at the end of the settle time"]

        let reaction: ObservedReaction
        let actual: String
        if let end, end.reason.isByClient, sent > 0 {
            reaction = .disconnects
            let after = String(format: "%.2f s after the first message", end.time - (firstSent ?? 0))
            actual = "disconnects \(after)" + (frames.count > 1 ? ", \(sent) of \(frames.count) sent" : "") + ": \(end.reason)"
        } else if let end, end.reason.isByClient {
            let reason = "the client ended the connection before the input was sent: \(end.reason)"
            let finding = Finding(verdict: .error, expected: expected, actual: reason, evidence: evidence, reason: reason)
            return (Outcome(results: [Self.result(probe.probeCase, finding, peer)], client: peer.remoteVersion, profile: profile?.id), false)
        } else if let end {
            // The probe ended the connection itself (a frame it rejects, its memory cap): what
            // the client would have done with the input is not known.
            let reason = "the probe ended the connection (\(end.reason)), \(sentText): the client's reaction is not known"
            let finding = Finding(verdict: .error, expected: expected, actual: reason, evidence: evidence, reason: reason)
            return (Outcome(results: [Self.result(probe.probeCase, finding, peer)], client: peer.remoteVersion, profile: profile?.id), false)
        } else if cut {
            let reason = "\(RunDeadline.reason) before the settle time ended (\(sentText)): the client's reaction is not known"
            let finding = Finding.inconclusive(expected: expected, reason: reason).judged(on: evidence)
            return (Outcome(results: [Self.result(probe.probeCase, finding, peer)], client: peer.remoteVersion, profile: profile?.id), false)
        } else if sent < frames.count || writes.completed < writes.started {
            let reason = "the input was not fully written within the settle time (\(sentText), \(writes.completed) of \(writes.started) writes completed): the client stopped reading"
            let finding = Finding.inconclusive(expected: expected, reason: reason).judged(on: evidence)
            return (Outcome(results: [Self.result(probe.probeCase, finding, peer)], client: peer.remoteVersion, profile: profile?.id), false)
        } else {
            reaction = .stays
            actual = "stays: connected \(ProbePeer.seconds(configuration.settleTime)) after the last message" + (frames.count > 1 ? " (\(sent) of \(frames.count) sent)" : "")
        }
        let verdict: ProbeCaseResult.Verdict = prediction?.reaction.map { $0 == reaction ? .pass : .fail } ?? .observed
        let reason = verdict == .observed ? "no prediction to compare with: " + (prediction?.explanation ?? "no profile for \(peer.remoteVersion ?? "this client")") : nil
        var result = Self.result(probe.probeCase, Finding(verdict: verdict, expected: expected, actual: actual, evidence: evidence, reason: reason), peer)
        result.reaction = reaction
        return (Outcome(results: [result], client: peer.remoteVersion, profile: profile?.id), false)
    }

    // MARK: The extra peer

    /// Returns what happened, for the report: when the extra peer joined and left.
    private func churn(connectionIndex: Int, window: Double, deadline: RunDeadline) async -> String {
        try? await Task.sleep(for: .seconds(5))
        let peer: ProbePeer
        switch await open(connectionIndex, announcedPort: configuration.churnPort, deadline: deadline) {
        case .failure(let failure): return "the extra peer could not connect: \(failure)"
        case .success(let opened): peer = opened
        }
        let from = peer.connection.localAddress
        if let failure = await peer.establish() {
            await peer.finish()
            return "the extra peer from \(from) failed: \(failure)"
        }
        let ended = await peer.waitForEnd(seconds: window - 15)
        await peer.finish()
        if let ended {
            return String(format: "a peer from %@ with p=%d joined at 5 s; the client closed it %.0f s later", from, Int(configuration.churnPort), ended.time)
        }
        return String(format: "a peer from %@ with p=%d joined at 5 s and left at %.0f s", from, Int(configuration.churnPort), window - 10)
    }

    // MARK: Helpers

    /// Opens the `index`-th connection; with `deadline`, its connect and its waits end at the
    /// run's deadline.
    private func open(_ index: Int, announcedPort: UInt16? = nil, deadline: RunDeadline? = nil) async -> Result<ProbePeer, ProbePeer.OpenFailure> {
        var configuration = configuration
        if let deadline { configuration.connectTimeout = max(0.1, min(configuration.connectTimeout, deadline.remaining())) }
        let opened = await ProbePeer.open(connectionIndex: index, configuration: configuration, announcedPort: announcedPort)
        if case .success(let peer) = opened, let deadline { peer.deadline = peer.connection.clock.now() + deadline.remaining() }
        return opened
    }

    private static func result(_ probeCase: ProbeCase, _ finding: Finding, _ peer: ProbePeer) -> ProbeCaseResult {
        var result = ProbeCaseResult(
            probeCase: probeCase, verdict: finding.verdict, expected: finding.expected, actual: finding.actual, evidence: finding.evidence,
            reason: finding.reason, connection: peer.connection.localAddress, log: peer.log)
        result.logOmitted = peer.logOmitted
        return result
    }

    /// The cases unjudged: `error` (no connection) unless `verdict` says otherwise.
    private static func errors(_ cases: [ProbeCase], _ failure: String, _ peer: ProbePeer? = nil, verdict: ProbeCaseResult.Verdict = .error) -> [ProbeCaseResult] {
        cases.map {
            var result = ProbeCaseResult(
                probeCase: $0, verdict: verdict, expected: "a BitTorrent connection", actual: failure, reason: failure,
                connection: peer?.connection.localAddress ?? "", log: peer?.log ?? [])
            result.logOmitted = peer?.logOmitted ?? 0
            return result
        }
    }
}
