import Conformance
import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel

extension ProbeRunner {
    // MARK: Connections 1…: what the client does with bad input

    /// Every robustness case: all at once, or one after another when the plan says so. A case
    /// whose connection got `m.ut_pex` = 0 while connection 0 got an id is tried again once the
    /// others have had time to close.
    func testAll(_ probes: [RobustnessProbe], plan: ConnectionPlan, deadline: RunDeadline) async -> Outcome {
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

    func testRetrying(_ probe: RobustnessProbe, connectionIndex: Int, plan: ConnectionPlan, deadline: RunDeadline) async -> Outcome {
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
    func test(_ probe: RobustnessProbe, connectionIndex: Int, plan: ConnectionPlan, tries: Int, deadline: RunDeadline) async -> (Outcome, refused: Bool) {
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
}
