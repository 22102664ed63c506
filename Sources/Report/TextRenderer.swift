import WireJSON

/// A run as text, h2spec style: cases grouped by section, a mark per verdict and the title,
/// Expected and Actual, the evidence and the reason under each; the requirement and the wire log
/// under every case that is not acceptable (under every case with `verbose`).
public enum TextRenderer {
    public static func write(_ run: Run, verbose: Bool = false, to out: inout some TextOutputStream) {
        for note in run.notes { out.write(note + "\n") }
        var head = "pexspec \(run.tool)" + (run.subject.target.map { " \($0)" } ?? "")
        for (name, value) in run.properties {
            if let text = value.stringValue ?? value.integerValue.map(String.init) { head += "  \(String(name.map { $0 == "_" ? "-" : $0 })) \(text)" }
        }
        out.write(head + "\n")
        // A probe judges a client; replay and the tools after it judge an implementation.
        let noun = run.tool == "probe" ? "client" : "subject"
        var about = [run.subject.name.map { "\(noun) \"\($0)\"" } ?? "\(noun) unknown"]
        if let version = run.subject.version { about.append("version \(version)") }
        about.append("profile \(run.subject.profile ?? "none")")
        if let started = run.started { about.append("started \(started)") }
        out.write(about.joined(separator: ", ") + "\n")
        for group in CaseID.grouped(run.cases, id: \.id) {
            out.write("\n\(group.section)\n")
            for result in group.items { write(result, in: run, verbose: verbose, to: &out) }
        }
        if let duration = run.duration { out.write("\nFinished in \(format(duration, decimals: 1)) seconds\n") }
        out.write((run.duration == nil ? "\n" : "") + run.summaryLine + "\n")
    }

    public static func render(_ run: Run, verbose: Bool = false) -> String {
        var out = ""
        write(run, verbose: verbose, to: &out)
        return out
    }

    static func write(_ result: CaseResult, in run: Run, verbose: Bool, to out: inout some TextOutputStream) {
        var text = "  \(result.verdict.mark) \(CaseID.name(of: result.id)): \(result.title)\n"
        let detailed = verbose || !result.verdict.isAcceptable
        if detailed {
            text += "    -> \(result.requirement)\n"
            if let citation = result.citation { text += "       (\(citation))\n" }
        }
        for comparison in result.comparisons {
            if let label = comparison.label { text += "       \(label)\n" }
            text += "       Expected: \(comparison.expected)\n"
            text += "         Actual: \(comparison.actual)\n"
        }
        if !result.evidence.isEmpty { text += "       Evidence: \(result.evidence.joined(separator: "; "))\n" }
        if let reason = result.reason { text += "       Reason: \(reason)\n" }
        if result.isKnownDeviation { text += "       Verdict: \(result.verdictText)\n" }
        for (name, value) in result.properties where detailed && name != "reaction" {
            text += "       \(name.prefix(1).uppercased() + name.dropFirst()): \(value)\n"
        }
        out.write(text)
        if detailed, let log = run.log(result.log), !log.entries.isEmpty {
            out.write("       Wire log (\(log.id)):\n")
            for entry in log.entries { out.write("         " + line(entry) + "\n") }
            if log.omitted > 0 { out.write("         … \(log.omitted) more entries not kept\n") }
        }
    }

    /// One wire-log line: time, arrow, summary; a coalesced run with its count and time span.
    public static func line(_ entry: WireLog.Entry) -> String {
        guard let time = entry.time else { return entry.summary }
        var text = pad(format(time, decimals: 3), to: 8) + " \(entry.arrow) "
        if let count = entry.count, count > 1 {
            text += "× \(count) \(entry.summary)"
            if let length = entry.length { text += ", \(length * count) bytes" }
            if let until = entry.until { text += ", \(format(time, decimals: 1)) s-\(format(until, decimals: 1)) s" }
        } else {
            text += entry.summary
        }
        return text
    }

    /// `value` with `decimals` digits after the point, without Foundation.
    public static func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let whole = Int64(scaled)
        let sign = value < 0 && whole != 0 ? "-" : ""
        let divisor = Int64(scale)
        let integer = whole / divisor
        guard decimals > 0 else { return sign + String(integer) }
        let fraction = String(whole % divisor)
        return sign + String(integer) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }

    static func pad(_ text: String, to width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
