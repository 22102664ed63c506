/// A run as JUnit XML for CI systems: a test suite per section, a test case per case; `fail` is
/// a failure, `error` an error, `skipped` and `inconclusive` are skipped with their reason; a
/// `fail` marked as a known deviation of the profile is skipped too, as pytest writes an xfail
/// (`<skipped type="pytest.xfail" message="known deviation: SOURCE">`), so CI does not stop on it.
/// Expected, Actual, evidence and the requirement are the failure's text; the wire log is
/// referenced by id, never copied (it is in the JSON report once).
public enum JUnitRenderer {
    public static func write(_ run: Run, to out: inout some TextOutputStream) {
        let name = "pexspec \(run.tool)" + (run.subject.target.map { " \($0)" } ?? "") + (run.subject.name.map { " (\($0))" } ?? "")
        var head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        head += "<testsuites name=\"\(x(name))\" tests=\"\(run.cases.count)\" failures=\"\(failures(run.cases))\" errors=\"\(run.count(.error))\""
        head += " skipped=\"\(skipped(run.cases))\""
        if let duration = run.duration { head += " time=\"\(TextRenderer.format(duration, decimals: 3))\"" }
        if let started = run.started { head += " timestamp=\"\(x(started))\"" }
        out.write(head + ">\n")
        for group in CaseID.grouped(run.cases, id: \.id) {
            let results = group.items
            out.write("  <testsuite name=\"\(x(group.section))\" tests=\"\(results.count)\" failures=\"\(failures(results))\" errors=\"\(results.count { $0.verdict == .error })\" skipped=\"\(skipped(results))\">\n")
            for result in results { out.write(testcase(result, section: group.section)) }
            out.write("  </testsuite>\n")
        }
        out.write("</testsuites>\n")
    }

    /// The `fail`s that are not known deviations: JUnit failures.
    static func failures(_ results: [CaseResult]) -> Int { results.count { $0.verdict == .fail && !$0.isKnownDeviation } }
    /// `skipped`, `inconclusive` and known deviations: JUnit skipped.
    static func skipped(_ results: [CaseResult]) -> Int {
        results.count { $0.verdict == .skipped || $0.verdict == .inconclusive || $0.isKnownDeviation }
    }

    public static func render(_ run: Run) -> String {
        var out = ""
        write(run, to: &out)
        return out
    }

    static func testcase(_ result: CaseResult, section: String) -> String {
        var text = "    <testcase classname=\"\(x(String(section.map { $0 == "/" ? "." : $0 })))\" name=\"\(x(result.id))\">\n"
        var detail = result.comparisons.map { ($0.label.map { "\($0)\n" } ?? "") + "Expected: \($0.expected)\nActual: \($0.actual)" }
        if !result.evidence.isEmpty { detail.append("Evidence: " + result.evidence.joined(separator: "; ")) }
        if let reason = result.reason { detail.append("Reason: \(reason)") }
        detail += result.properties.map { "\($0.name): \($0.value)" }
        detail.append("Requirement: \(result.requirement)" + (result.citation.map { " (\($0))" } ?? ""))
        if let log = result.log { detail.append("Wire log: \(log) (in the JSON report)") }
        let body = x(detail.joined(separator: "\n"))
        let message = x(result.reason ?? result.actual)
        switch result.verdict {
        case .fail where result.isKnownDeviation:
            text += "      <skipped type=\"pytest.xfail\" message=\"\(x("known deviation: " + (result.known ?? "")))\"/>\n"
        case .fail: text += "      <failure message=\"\(message)\">\(body)</failure>\n"
        case .error: text += "      <error message=\"\(message)\">\(body)</error>\n"
        case .skipped, .inconclusive: text += "      <skipped message=\"\(x(result.verdict.rawValue + ": "))\(message)\"/>\n"
        case .pass, .observed: break
        }
        text += "      <system-out>\(x("verdict: \(result.verdictText)\n"))\(body)</system-out>\n"
        return text + "    </testcase>\n"
    }

    private static func x(_ text: String) -> String { XMLText.escape(text) }
}
