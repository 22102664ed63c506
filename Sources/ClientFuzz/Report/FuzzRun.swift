import Probe
import Report
import WireJSON

/// The run in the probe's report model (``ProbeReport``) and so in the one result model
/// (``Report/Run``) whose text, JSON and JUnit renderers serve every subcommand: one case per
/// health check, one per reaction class, one per finding; the figures as the run's properties.
public enum FuzzRun {
    /// The run in the shared model, tool `fuzz-client`.
    public static func run(_ report: ClientFuzzReport) -> Run {
        var run = probeReport(report).run
        run.tool = "fuzz-client"
        var properties: [(name: String, value: JSONValue)] = [("seed", .string(String(report.seed)))]
        properties.append(("messages_sent", .integer(Int64(report.messagesSent))))
        for kind in FuzzMessage.Kind.allCases { properties.append(("sent_\(kind.rawValue)", .integer(Int64(report.sentByKind[kind, default: 0])))) }
        properties.append(("connections", .integer(Int64(report.connections))))
        properties.append(("client_disconnects", .integer(Int64(report.disconnectsByReason.filter { !$0.key.hasPrefix("opening failed") }.values.reduce(0, +)))))
        properties.append(("distinct_reactions", .integer(Int64(report.reactions.count))))
        properties.append(("findings", .integer(Int64(report.findings.count))))
        if let rss = report.peakRSSKiB { properties.append(("peak_rss_kib", .integer(Int64(rss)))) }
        properties.append(("stopped", .string(report.stopReason)))
        run.properties += properties
        return run
    }

    static let document = "pexspec fuzz-client (docs/client-fuzzing.md)"

    /// The run as probe results.
    public static func probeReport(_ report: ClientFuzzReport) -> ProbeReport {
        var results: [ProbeCaseResult] = []
        func health(_ name: String, _ title: String, _ requirement: String, failing: [FuzzFinding.Kind], watched: Bool, actual: String) {
            let bad = report.findings.filter { failing.contains($0.kind) }
            let verdict: ProbeCaseResult.Verdict = !bad.isEmpty ? .fail : (watched ? .pass : .inconclusive)
            results.append(ProbeCaseResult(
                probeCase: ProbeCase(id: "fuzz/health/\(name)", title: title, document: document, requirement: requirement),
                verdict: verdict, expected: requirement, actual: bad.isEmpty ? actual : bad.map(\.summary).joined(separator: "; "),
                reason: watched ? nil : "not watched: no process id (--pid, --pid-file) or no batch ran",
                connection: bad.isEmpty ? "" : "health-\(name)", log: bad.first?.log ?? []))
        }
        let process = FuzzReportText.processLine(report)
        let watched = !report.samples.isEmpty
        health("alive", "The client's process survives the run", "the process is alive after every batch", failing: [.crash], watched: watched, actual: process)
        health("answers", "The client still completes a handshake", "a fresh connection completes the BT and BEP 10 handshakes within the deadline after every batch",
               failing: [.hang], watched: report.healthChecks > 0, actual: "\(report.healthChecks) checks answered")
        health("resources", "Memory and descriptors stay bounded", "RSS and open descriptors do not grow past the leak thresholds", failing: [.leak], watched: watched, actual: process)
        health("log", "No assertion in the client's log", "no assertion, sanitizer report or fatal signal in the client's log", failing: [.assertion],
               watched: true, actual: "\(report.logMatches.count) matching lines")
        for reaction in report.reactions {
            let verdict: ProbeCaseResult.Verdict
            switch reaction.verdict {
            case .asPredicted: verdict = .pass
            case .unpredictedDisconnect, .stayedAgainstPrediction: verdict = .fail
            case .unknownToProfile: verdict = .observed
            }
            var result = ProbeCaseResult(
                probeCase: ProbeCase(
                    id: "fuzz/reaction/\(reaction.kind.rawValue)/\(reaction.mutation)-\(reaction.observed.rawValue)",
                    title: "\(reaction.kind.rawValue) messages (first mutation \(reaction.mutation)): the client \(reaction.observed.rawValue), \(reaction.count)×",
                    document: document, requirement: "the reaction the client's profile predicts"),
                verdict: verdict, expected: reaction.predicted, actual: "\(reaction.observed.rawValue) (\(reaction.verdict.rawValue))",
                reaction: reaction.observed, connection: reaction.example.connection, log: reaction.minimizedLog ?? reaction.example.log)
            result.reaction = reaction.observed
            results.append(result)
        }
        for (n, finding) in report.findings.enumerated() {
            results.append(ProbeCaseResult(
                probeCase: ProbeCase(id: "fuzz/finding/\(n + 1)-\(finding.kind.rawValue)", title: finding.summary, document: document, requirement: "no crash, hang, leak, assertion or unpredicted disconnect"),
                verdict: .fail, expected: "none", actual: "\(finding.summary) (\(finding.note))", connection: "finding-\(n + 1)", log: finding.log))
        }
        return ProbeReport(
            target: report.target, infoHash: report.infoHash, client: report.client, profile: report.profile, started: report.started,
            duration: report.duration, results: results)
    }
}
