import Probe

/// The run in the probe's report model (``ProbeReport``), so the probe's text, JSON and JUnit
/// renderers serve it: one case per health check, one per reaction class, one per finding.
public enum FuzzProbeReport {
    static let document = "pexspec fuzz-client (docs/client-fuzzing.md)"

    public static func report(_ report: ClientFuzzReport) -> ProbeReport {
        var results: [ProbeCaseResult] = []
        func health(_ name: String, _ title: String, _ requirement: String, failing: [FuzzFinding.Kind], watched: Bool, actual: String) {
            let bad = report.findings.filter { failing.contains($0.kind) }
            let verdict: ProbeCaseResult.Verdict = !bad.isEmpty ? .fail : (watched ? .pass : .skipped)
            results.append(ProbeCaseResult(
                probeCase: ProbeCase(id: "fuzz/health/\(name)", title: title, document: document, requirement: requirement),
                verdict: verdict, expected: requirement, actual: bad.isEmpty ? actual : bad.map(\.summary).joined(separator: "; "),
                log: bad.first?.log ?? []))
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
                verdict: .fail, expected: "none", actual: "\(finding.summary) (\(finding.note))", log: finding.log))
        }
        return ProbeReport(
            target: report.target, infoHash: report.infoHash, client: report.client, profile: report.profile, started: report.started,
            duration: report.duration, results: results)
    }
}
