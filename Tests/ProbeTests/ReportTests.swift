import Foundation
import Report
import Testing
import WireJSON

@testable import Probe

@Suite struct ProbeReportTests {
    var report: ProbeReport {
        let log = [WireLogEntry(kind: .sent, time: 0.5, framing: .standard, bytes: [0, 0, 0, 1, 2], summary: "interested <&>")]
        return ProbeReport(
            target: "127.0.0.1:51413", infoHash: [UInt8](repeating: 0xAB, count: 20), client: "Test 1.0", profile: "libtorrent-2.0",
            started: Date(timeIntervalSince1970: 0), duration: 12.5,
            results: [
                ProbeCaseResult(probeCase: HandshakeChecks.infoHash, verdict: .pass, expected: "e1", actual: "a1", connection: "127.0.0.2:1", log: log),
                ProbeCaseResult(probeCase: PexObservation.interval, verdict: .fail, expected: "e2", actual: "gap \"10\" < 45", connection: "127.0.0.2:1", log: log),
                ProbeCaseResult(probeCase: RobustnessProbe.all[5].probeCase, verdict: .observed, expected: "e3", actual: "a3", reaction: .disconnects),
                ProbeCaseResult(probeCase: RobustnessProbe.all[6].probeCase, verdict: .error, expected: "e4", actual: "refused"),
            ])
    }

    @Test func verdictCountsAndExit() {
        #expect(!report.allAsExpected())
        #expect(report.summaryLine == "4 cases, 1 passed, 1 failed, 0 inconclusive, 1 observed, 0 skipped, 1 errors")
        #expect(report.startedText == "1970-01-01T00:00:00Z")
    }

    @Test func jsonCarriesEveryCaseAndEachLogOnce() throws {
        let json = try JSONValue.parse(Array(JSONRenderer.render(report.run).utf8))
        #expect(json["summary"]?["failed"]?.integerValue == 1)
        let cases = try #require(json["cases"]?.arrayValue)
        #expect(cases.map { $0["id"]?.stringValue } == report.results.map(\.probeCase.id))
        #expect(cases[1]["verdict"]?.stringValue == "fail")
        #expect(cases[2]["reaction"]?.stringValue == "disconnects")
        #expect(cases[0]["log"]?.stringValue == "127.0.0.2:1")
        #expect(cases[1]["log"]?.stringValue == "127.0.0.2:1")
        let logs = try #require(json["logs"]?.arrayValue)
        #expect(logs.count == 1, "two cases on one connection: its log once")
        #expect(logs.first?["entries"]?.arrayValue?.first?["hex"]?.stringValue == "0000000102")
        #expect(cases[0]["requirement"]?.stringValue == HandshakeChecks.infoHash.requirement)
    }

    @Test func junitMarksFailuresAndErrorsAndEscapes() {
        let xml = JUnitRenderer.render(report.run)
        #expect(xml.contains("tests=\"4\" failures=\"1\" errors=\"1\""))
        #expect(!xml.contains("interested"), "JUnit references the wire log, never copies it")
        #expect(xml.contains("<failure message=\"gap &quot;10&quot; &lt; 45\">"))
        #expect(xml.contains("<error message=\"refused\">"))
        #expect(xml.contains("gap &quot;10&quot;"))
    }

    @Test func textShowsLogsOnlyUnderFailures() {
        let text = TextRenderer.render(report.run)
        #expect(text.contains("✔ info-hash:"))
        #expect(text.contains("× interval:"))
        #expect(text.contains("● flood:"))
        #expect(text.contains("! oversized:"))
        #expect(text.components(separatedBy: "Wire log").count - 1 == 1, "only the failure has a log; the error has none")
        #expect(TextRenderer.render(report.run, verbose: true).components(separatedBy: "Wire log").count - 1 == 2)
    }
}
