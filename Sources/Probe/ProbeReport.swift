import Foundation
import Report
import WireCore
import WireJSON

/// The outcome of one probe run: the client, and a result per case.
public struct ProbeReport: Sendable {
    /// `HOST:PORT` of the client.
    public var target: String
    public var infoHash: [UInt8]
    /// The `v` of the client's extended handshake.
    public var client: String?
    /// The profile whose predictions the robustness verdicts were compared with.
    public var profile: String?
    public var started: Date
    /// Seconds the run took.
    public var duration: Double
    public var results: [ProbeCaseResult]

    public init(target: String, infoHash: [UInt8], client: String?, profile: String?, started: Date, duration: Double, results: [ProbeCaseResult]) {
        self.target = target
        self.infoHash = infoHash
        self.client = client
        self.profile = profile
        self.started = started
        self.duration = duration
        self.results = results
    }

    /// True when no case failed and none ended in error: every verdict met its expectation.
    public var allAsExpected: Bool { results.allSatisfy(\.isAcceptable) }

    /// How many results have `verdict`.
    public func count(_ verdict: ProbeCaseResult.Verdict) -> Int { results.filter { $0.verdict == verdict }.count }

    /// `started` in ISO 8601, UTC.
    public var startedText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: started)
    }

    /// `20 cases, 17 passed, 0 failed, 1 inconclusive, 2 observed, 0 skipped, 0 errors`.
    public var summaryLine: String { run.summaryLine }

    /// The run in the one result model: each connection's log once, the cases referencing it.
    public var run: Run {
        var logs: [WireLog] = []
        var seen: Set<String> = []
        for result in results where !result.connection.isEmpty && seen.insert(result.connection).inserted {
            logs.append(WireLog(id: result.connection, entries: result.log.map(\.reportEntry)))
        }
        return Run(
            tool: "probe", subject: Subject(name: client, profile: profile, target: target), started: startedText, duration: duration,
            properties: [("info_hash", .string(Hex.encode(infoHash)))], cases: results.map(\.result), logs: logs)
    }
}
