import Bencode
import Conformance
import Foundation
import Probe
import WireCore

// The health monitor between batches: the process, its log, a fresh handshake, leaks.
extension ClientFuzzer {
    /// After a batch: the process, the log, a fresh handshake. Returns why the run must stop, if it must.
    func afterBatch(_ batch: Int, plans: [Plan], outcomes: [SessionOutcome]) async -> String? {
        let process = sample()
        let lastConnections = plans.map(\.messages)
        let lastLog = outcomes.flatMap(\.log)
        for line in logWatch.look() {
            findings.append(FuzzFinding(
                kind: .assertion, summary: "the client's log: \(line)", connections: lastConnections, minimized: false, batch: batch, session: nil, log: lastLog,
                note: "the messages of the batch before the line appeared"))
        }
        if let process, !process.alive {
            findings.append(FuzzFinding(
                kind: .crash, summary: "the client's process \(configuration.pid.map(String.init) ?? "?") is gone after batch \(batch + 1)",
                connections: lastConnections, minimized: false, batch: batch, session: nil, log: lastLog,
                note: "the messages of the last batch (\(plans.count) connections), in connection order"))
            return "the client died"
        }
        healthChecks += 1
        if let failure = await healthCheck(learn: false) {
            // Once more after a pause: a client busy closing the batch's connections may be slow, not hung.
            try? await Task.sleep(for: .seconds(2))
            if let again = await healthCheck(learn: false) {
                let alive = configuration.pid.map { ProcessSample.read(pid: $0, time: elapsed).alive } ?? true
                let kind: FuzzFinding.Kind = alive ? .hang : .crash
                healthFailures.append("after batch \(batch + 1): \(failure); again 2 s later: \(again)")
                findings.append(FuzzFinding(
                    kind: kind, summary: alive ? "the client no longer completes a handshake within \(ProbePeer.seconds(configuration.healthDeadline)): \(again)" : "the client's process died: \(again)",
                    connections: lastConnections, minimized: false, batch: batch, session: nil, log: lastLog,
                    note: "the messages of the last batch (\(plans.count) connections), in connection order"))
                return alive ? "the client stopped answering" : "the client died"
            }
            healthFailures.append("after batch \(batch + 1): \(failure) (answered 2 s later)")
        }
        return nil
    }

    /// A fresh connection that must complete the opening within the health deadline; nil when it
    /// did. With `learn`, the client's version, profile, ut_pex id and Azureus bit are taken from it.
    func healthCheck(learn: Bool) async -> String? {
        var probe = configuration.probe
        probe.handshakeTimeout = configuration.healthDeadline
        let index = nextConnection
        nextConnection += 1
        connections += 1
        let peer: ProbePeer
        switch await ProbePeer.open(connectionIndex: index, configuration: probe) {
        case .failure(let failure): return failure.description
        case .success(let opened): peer = opened
        }
        let failure = await peer.establish()
        await peer.finish()
        if failure == nil && learn {
            client = peer.remoteVersion
            profile = ProfilePrediction.profile(named: configuration.profile, version: peer.remoteVersion)
            pexID = peer.remotePexID ?? 1
            speaksAzureus = peer.remoteHandshake?.reserved.contains(.azureusMessaging) ?? false
            if peer.remotePexID == nil { skippedKinds[.utPex] = "the client does not advertise ut_pex; ut_pex went under id 1" }
        }
        return failure
    }

    @discardableResult
    func sample() -> ProcessSample? {
        guard let pid = configuration.pid else { return nil }
        let sample = ProcessSample.read(pid: pid, time: elapsed)
        samples.append(sample)
        return sample
    }

    /// Leaks: the last sample against the first one taken after a batch (the client warmed up).
    func checkLeaks(batch: Int) {
        let live = samples.filter(\.alive)
        guard live.count >= 3, let first = live.dropFirst().first, let last = live.last else { return }
        if let a = first.openFiles, let b = last.openFiles, b - a > configuration.leakFiles {
            findings.append(FuzzFinding(
                kind: .leak, summary: "open descriptors grew from \(a) to \(b) (threshold +\(configuration.leakFiles)) with every fuzz connection closed",
                connections: [], minimized: false, batch: batch, session: nil, log: [], note: "growth over the whole run; no single batch"))
        }
        if let a = first.rssKiB, let b = last.rssKiB, Double(b) > Double(a) * configuration.leakRSSFactor, b - a > configuration.leakRSSMiB * 1024 {
            findings.append(FuzzFinding(
                kind: .leak, summary: "resident memory grew from \(a / 1024) MiB to \(b / 1024) MiB (thresholds ×\(configuration.leakRSSFactor) and +\(configuration.leakRSSMiB) MiB)",
                connections: [], minimized: false, batch: batch, session: nil, log: [], note: "growth over the whole run; no single batch"))
        }
    }
}
