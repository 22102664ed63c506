import Foundation
import Probe

extension ClientFuzzer {
    /// The outcome of sending a regression file's messages to a client.
    public struct ReplayResult: Sendable {
        /// True when the client did again what the file records.
        public var reproduced: Bool
        public var description: String
        public var outcomes: [SessionOutcome]
        /// The replay as a report: when it reproduced, its one finding carries the replay's wire log.
        public var report: ClientFuzzReport?
    }

    /// Sends each connection's messages of a regression file in turn (fresh connections, as the
    /// fuzzer opened them), then checks the client's health, and says whether `expected` happened again.
    public func replay(connections: [[FuzzMessage]], expected: FuzzFinding.Kind, summary: String = "") async -> ReplayResult {
        let started = Date()
        var result = await replayOutcome(connections: connections, expected: expected)
        var report = report(started: started, stopReason: "replay", batches: 0, fuzzingTime: elapsed)
        if result.reproduced {
            report.findings = [FuzzFinding(
                kind: expected, summary: summary.isEmpty ? result.description : summary, connections: connections, minimized: true, batch: 0, session: nil,
                log: result.outcomes.last?.log ?? [], note: "replayed against a fresh instance: \(result.description)", reproduced: true)]
        }
        result.report = report
        return result
    }

    func replayOutcome(connections: [[FuzzMessage]], expected: FuzzFinding.Kind) async -> ReplayResult {
        sample()
        if let failure = await healthCheck(learn: true) {
            return ReplayResult(reproduced: false, description: "the client does not answer before the replay: \(failure)", outcomes: [])
        }
        var outcomes: [SessionOutcome] = []
        let session = FuzzSession(configuration: configuration, profile: currentProfile)
        for messages in connections where !messages.isEmpty {
            outcomes.append(await session.run(index: takeConnectionIndex(), kind: messages.last?.kind ?? .utPex, messages: messages))
        }
        let process = sample()
        let lines = logLook()
        let health = process?.alive == false ? "the process is gone" : await healthCheck(learn: false)
        let last = outcomes.last
        switch expected {
        case .crash:
            let gone = process?.alive == false
            return ReplayResult(reproduced: gone, description: gone ? "the client's process died" : "the client survived (\(health ?? "answering"))", outcomes: outcomes)
        case .hang:
            return ReplayResult(reproduced: health != nil, description: health.map { "the client stopped answering: \($0)" } ?? "the client still answers", outcomes: outcomes)
        case .assertion:
            return ReplayResult(reproduced: !lines.isEmpty, description: lines.first ?? "no assertion in the log", outcomes: outcomes)
        case .unpredictedDisconnect:
            let closed = last.map { $0.openingFailure == nil && $0.closedByClient && $0.sent == $0.messages.count } ?? false
            let what = last.map { $0.end ?? ($0.openingFailure ?? "stayed connected") } ?? "nothing sent"
            return ReplayResult(reproduced: closed, description: closed ? "the client closed the connection after the last message: \(what)" : "not reproduced: \(what)", outcomes: outcomes)
        case .leak:
            return ReplayResult(reproduced: false, description: "a leak is growth over a whole run; a replay cannot show it", outcomes: outcomes)
        }
    }
}
