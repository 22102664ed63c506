import Foundation
import Probe
import Report
import WireCore

/// The report as text: the figures first (messages per kind, connections, disconnects by
/// reason, peak RSS), then the reactions against the profile, then every finding with its
/// messages and wire log.
public enum FuzzReportText {
    public static func render(_ report: ClientFuzzReport) -> String {
        var out = "pexspec fuzz-client \(report.target)  info-hash \(Hex.encode(report.infoHash))  seed \(report.seed)\n"
        out += "client \(report.client.map { "\"\($0)\"" } ?? "unknown"), profile \(report.profile ?? "none"), started \(report.startedText)\n"
        out += String(format: "fuzzed %.0f s in %d batches, %.0f s in all; stopped: %@\n", report.fuzzingTime, report.batches, report.duration, report.stopReason)
        out += "\nmessages sent: \(report.messagesSent)"
        out += " (" + FuzzMessage.Kind.allCases.map { "\($0.rawValue) \(report.sentByKind[$0, default: 0])" }.joined(separator: ", ") + ")\n"
        for (kind, why) in report.skippedKinds.sorted(by: { $0.key < $1.key }) { out += "  not sent: \(kind.rawValue): \(why)\n" }
        out += "connections: \(report.connections) (\(report.openingFailures) openings failed), health checks: \(report.healthChecks), minimisation replays: \(report.replays)\n"
        let byClient = report.disconnectsByReason.filter { !$0.key.hasPrefix("opening failed") }.values.reduce(0, +)
        out += "disconnects by the client: \(byClient)\n"
        for (reason, count) in report.disconnectsByReason.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) {
            out += "  \(count) \(reason)\n"
        }
        out += "client process: " + processLine(report) + "\n"
        for failure in report.healthFailures { out += "  health: \(failure)\n" }

        out += "\nreactions: \(report.reactions.count) distinct\n"
        for verdict in ReactionClass.Verdict.allCases {
            let classes = report.reactions.filter { $0.verdict == verdict }
            guard !classes.isEmpty else { continue }
            out += "  \(verdict.rawValue): \(classes.count) (\(classes.reduce(0) { $0 + $1.count }) connections)\n"
            for reaction in classes.sorted(by: { $0.count > $1.count }) {
                out += "    \(reaction.count)× \(reaction.kind.rawValue)/\(reaction.mutation): \(reaction.observed.rawValue); profile: \(reaction.predicted)\n"
                if verdict == .unknownToProfile || verdict == .stayedAgainstPrediction {
                    let messages = reaction.minimized ?? Array(reaction.example.messages.prefix(reaction.example.sent))
                    if let note = reaction.minimizeNote { out += "       minimised: \(note)\n" }
                    for message in messages.suffix(3) { out += "       > \(message.summary): \(Hex.encode(message.bytes.prefix(48)))\(message.bytes.count > 48 ? "…" : "")\n" }
                }
            }
        }

        out += "\nfindings: \(report.findings.count)\n"
        for (n, finding) in report.findings.enumerated() {
            out += "  \(n + 1). [\(finding.kind.rawValue)] \(finding.summary)\n"
            if finding.kind == .unpredictedDisconnect { out += "     cause: \(finding.cause); \(finding.occurrences) connection(s)\n" }
            out += "     \(finding.minimized ? "minimised" : "messages"): \(finding.messages.count); \(finding.note)\n"
            for message in finding.messages.prefix(6) { out += "       > \(message.summary): \(Hex.encode(message.bytes.prefix(48)))\(message.bytes.count > 48 ? "…" : "")\n" }
            if !finding.log.isEmpty {
                out += "     wire log:\n"
                for entry in finding.log.prefix(40) { out += "       " + TextRenderer.line(entry.reportEntry()) + "\n" }
            }
        }
        for line in report.logMatches { out += "  log: \(line)\n" }
        if !report.unreproduced.isEmpty {
            out += "\nunpredicted disconnects that a replay did not draw again (not findings): \(report.unreproduced.count)\n"
            for finding in report.unreproduced { out += "  - \(finding.summary) (\(finding.note))\n" }
        }
        return out
    }

    static func processLine(_ report: ClientFuzzReport) -> String {
        guard !report.samples.isEmpty else { return "not watched (no --pid)" }
        let rss = report.samples.compactMap(\.rssKiB)
        let files = report.samples.compactMap(\.openFiles)
        var text = report.samples.last?.alive == true ? "alive" : "gone"
        if let first = rss.first, let last = rss.last, let peak = rss.max() {
            text += String(format: ", RSS %.1f MiB at start, peak %.1f MiB, %.1f MiB at the end", Double(first) / 1024, Double(peak) / 1024, Double(last) / 1024)
        }
        if let first = files.first, let last = files.last, let peak = files.max() {
            text += ", open descriptors \(first) / peak \(peak) / \(last)"
        }
        return text + " (\(report.samples.count) samples)"
    }
}
