import Conformance
import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel

extension ProbeRunner {
    // MARK: Helpers

    /// Opens the `index`-th connection; with `deadline`, its connect and its waits end at the
    /// run's deadline.
    func open(_ index: Int, announcedPort: UInt16? = nil, deadline: RunDeadline? = nil) async -> Result<ProbePeer, ProbePeer.OpenFailure> {
        var configuration = configuration
        if let deadline { configuration.connectTimeout = max(0.1, min(configuration.connectTimeout, deadline.remaining())) }
        let opened = await ProbePeer.open(connectionIndex: index, configuration: configuration, announcedPort: announcedPort)
        if case .success(let peer) = opened, let deadline { peer.deadline = peer.connection.clock.now() + deadline.remaining() }
        return opened
    }

    static func result(_ probeCase: ProbeCase, _ finding: Finding, _ peer: ProbePeer) -> ProbeCaseResult {
        var result = ProbeCaseResult(
            probeCase: probeCase, verdict: finding.verdict, expected: finding.expected, actual: finding.actual, evidence: finding.evidence,
            reason: finding.reason, connection: peer.connection.localAddress, log: peer.log)
        result.logOmitted = peer.logOmitted
        return result
    }

    /// The cases unjudged: `error` (no connection) unless `verdict` says otherwise.
    static func errors(_ cases: [ProbeCase], _ failure: String, _ peer: ProbePeer? = nil, verdict: ProbeCaseResult.Verdict = .error) -> [ProbeCaseResult] {
        cases.map {
            var result = ProbeCaseResult(
                probeCase: $0, verdict: verdict, expected: "a BitTorrent connection", actual: failure, reason: failure,
                connection: peer?.connection.localAddress ?? "", log: peer?.log ?? [])
            result.logOmitted = peer?.logOmitted ?? 0
            return result
        }
    }
}
