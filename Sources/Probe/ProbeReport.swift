import Conformance
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
    /// The swarm's connections, each with its whole exchange (for `--record`).
    public var swarmConnections: [SwarmConnectionLog]
    /// Seconds connection 0 watched the client's ut_pex.
    public var window: Double = 0
    /// What the reader must know before the verdicts, one line each, most important first: no
    /// profile matched (`NO PROFILE: …`), the window was shorter than two PEX intervals, how the
    /// connections were planned.
    public var notes: [String] = []

    public init(
        target: String, infoHash: [UInt8], client: String?, profile: String?, started: Date, duration: Double, results: [ProbeCaseResult],
        swarmConnections: [SwarmConnectionLog] = []
    ) {
        self.target = target
        self.infoHash = infoHash
        self.client = client
        self.profile = profile
        self.started = started
        self.duration = duration
        self.results = results
        self.swarmConnections = swarmConnections
    }

    /// Robustness cases ran with no profile to predict their outcome: a run that cannot fail
    /// them. `pexspec probe` exits non-zero then, unless `--allow-unprofiled` (or a `--profile`).
    public var unprofiledRobustness: Bool {
        profile == nil && results.contains { $0.reaction != nil }
    }

    /// True when no case failed and none ended in error: every verdict met its expectation. A
    /// `fail` marked as a known deviation of the profile counts as expected unless `strict`.
    public func allAsExpected(strict: Bool = false) -> Bool { results.allSatisfy { $0.isAcceptable(strict: strict) } }

    /// Marks each `fail` that `profile` declares as a known deviation (``ClientProfile/knownDeviations``)
    /// with the declaration's source; the verdict stays `fail`. A declared deviation that did not
    /// happen marks nothing: its case passed. Without a profile nothing is marked.
    public mutating func markKnownDeviations(of profile: ClientProfile?) {
        guard let profile else { return }
        for i in results.indices where results[i].verdict == .fail {
            results[i].known = profile.knownDeviations[results[i].probeCase.id]
        }
    }

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
            // In the order things crossed the wire: the log holds them in the order the case took them.
            let ordered = result.log.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
            logs.append(WireLog(id: result.connection, entries: WireLogEntry.reportEntries(ordered), omitted: result.logOmitted))
        }
        // The subject as users know the client (rtorrent 0.9.8), its `v` beside it.
        let identity = client.flatMap(ClientIdentity.identify(version:))
        var properties: [(name: String, value: JSONValue)] = [("info_hash", .string(Hex.encode(infoHash)))]
        if identity != nil, let client { properties.append(("v", .string(client))) }
        properties.append(("window", .double(window)))
        var run = Run(
            tool: "probe", subject: Subject(name: identity?.name ?? client, version: identity?.version, profile: profile, target: target),
            started: startedText, duration: duration, properties: properties, cases: results.map(\.result), logs: logs)
        run.notes = notes
        return run
    }
}
