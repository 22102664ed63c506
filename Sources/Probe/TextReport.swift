import WireCore

/// The report as text, h2spec style: cases grouped by section, a mark per verdict, Expected and
/// Actual under each; the requirement and the wire log under failures (under every case with
/// `verbose`).
public enum TextReport {
    public static func render(_ report: ProbeReport, verbose: Bool = false) -> String {
        var out = "pexspec probe \(report.target)  info-hash \(Hex.encode(report.infoHash))\n"
        out += "client \(report.client.map { "\"\($0)\"" } ?? "unknown"), profile \(report.profile ?? "none"), started \(report.startedText)\n"
        var section = ""
        for result in report.results {
            if result.probeCase.section != section {
                section = result.probeCase.section
                out += "\n\(section)\n"
            }
            let name = result.probeCase.id.dropFirst(section.count + 1)
            out += "  \(mark(result.verdict)) \(name): \(result.probeCase.title)\n"
            let detailed = verbose || !result.isAcceptable
            if detailed {
                out += "    -> \(result.probeCase.requirement)\n"
                out += "       (\(result.probeCase.document))\n"
            }
            out += "       Expected: \(result.expected)\n"
            out += "         Actual: \(result.actual)\n"
            if detailed && !result.log.isEmpty {
                out += "       Wire log (\(result.connection)):\n"
                for entry in result.log { out += "         " + line(entry) + "\n" }
            }
        }
        out += String(format: "\nFinished in %.1f seconds\n", report.duration)
        out += report.summaryLine + "\n"
        return out
    }

    static func mark(_ verdict: ProbeCaseResult.Verdict) -> String {
        switch verdict {
        case .pass: return "✔"
        case .fail: return "×"
        case .observed: return "●"
        case .skipped: return "-"
        case .error: return "!"
        }
    }

    package static func line(_ entry: WireLogEntry) -> String {
        let arrow: String
        switch entry.kind {
        case .sent: arrow = ">>"
        case .received: arrow = "<<"
        case .event: arrow = "**"
        }
        return String(format: "%8.3f %@ ", entry.time, arrow) + entry.summary
    }
}
