import Conformance

/// The report as JUnit XML for CI systems: one test case per probe case, failures and errors
/// with Expected and Actual, the wire log as the test's output.
public enum JUnitReport {
    public static func render(_ report: ProbeReport) -> String {
        let suite = "pexspec probe \(report.target)" + (report.client.map { " (\($0))" } ?? "")
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites>\n"
        out += "  <testsuite name=\"\(escape(suite))\" tests=\"\(report.results.count)\" failures=\"\(report.count(.fail))\" errors=\"\(report.count(.error))\" skipped=\"\(report.count(.skipped))\" time=\"\(String(format: "%.3f", report.duration))\" timestamp=\"\(report.startedText)\">\n"
        for result in report.results {
            let classname = result.probeCase.section.replacingOccurrences(of: "/", with: ".")
            out += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(result.probeCase.id))\">\n"
            let detail = "Expected: \(result.expected)\nActual: \(result.actual)\nRequirement: \(result.probeCase.requirement)"
            switch result.verdict {
            case .fail: out += "      <failure message=\"\(escape(result.actual))\">\(escape(detail))</failure>\n"
            case .error: out += "      <error message=\"\(escape(result.actual))\">\(escape(detail))</error>\n"
            case .skipped: out += "      <skipped message=\"\(escape(result.actual))\"/>\n"
            case .pass, .observed, .inconclusive: break
            }
            let log = result.log.map(TextReport.line).joined(separator: "\n")
            out += "      <system-out>\(escape("Expected: \(result.expected)\nActual: \(result.actual)\n" + log))</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
    }

    private static func escape(_ text: String) -> String { XMLText.escape(text) }
}
