import Conformance
import Testing

/// Every transcript under Conformance/cases, replayed as `pexspec replay` does.
@Suite struct ConformanceCaseTests {
    @Test(arguments: CaseFiles.all)
    func replay(_ file: String) throws {
        let transcript = try Transcript(contentsOf: CaseFiles.path(file))
        let report = ReplayEngine().replay(transcript, file: file)
        let details = report.mismatches.map(\.description).joined(separator: "\n")
        #expect(report.passed, "\(transcript.id) (\(file)) \(report.status.rawValue):\n\(details)")
        #expect(file == transcript.relativePath(), "a case lives at cases/<id>.json")
    }

    @Test func theSuiteCoversEverySpecAndDialect() {
        let ids = CaseFiles.all
        #expect(ids.count >= 90)
        for prefix in ["bep10/", "ut_pex/", "az/handshake/", "az/pex/", "az/frame/"] {
            #expect(ids.contains { $0.hasPrefix(prefix) }, "no case under \(prefix)")
        }
        for required in [
            "bep10/handshake/example.json", "ut_pex/empty/utorrent-1.8.1-disconnect.json", "bep10/m/disable-with-zero.json",
            "bep10/m/ids-differ-per-direction.json", "ut_pex/payload/ipv6.json", "az/pex/added-hst-mismatch.json",
        ] {
            #expect(ids.contains(required), "missing \(required)")
        }
    }
}
