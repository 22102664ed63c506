import Conformance
import Foundation
import Report
import Testing
import WireJSON

/// A deliberately broken expectation must fail, naming its case, in every report format.
@Suite struct BrokenExpectationTests {
    private func replayBroken(_ relative: String, _ edit: (inout String) -> Void) throws -> (ReplayReport, CaseReport) {
        let copy = try CaseFiles.brokenCopy(of: relative, edit)
        defer { try? FileManager.default.removeItem(at: copy.folder) }
        let report = ReplayEngine().replay(try TranscriptSet(paths: [copy.folder.path]))
        let only = try #require(report.cases.first)
        return (report, only)
    }

    @Test func aWrongDecodedValueFailsNamingTheCase() throws {
        let (report, failed) = try replayBroken("bep10/handshake/example.json") { $0.replaceFirst("\"p\": 6881", with: "\"p\": 6882") }
        #expect(failed.id == "bep10/handshake/example")
        #expect(failed.status == .fail)
        #expect(!report.allPassed)
        let mismatch = try #require(failed.mismatches.first)
        #expect(mismatch.message == 0)
        #expect(mismatch.check == "decode")
        #expect(mismatch.expected.contains("6882"))
        #expect(mismatch.actual.contains("6881"))

        let text = TextRenderer.render(report.run)
        #expect(text.contains("× example:"))
        #expect(text.contains("Expected:") && text.contains("Actual:"))
        #expect(text.contains("Wire log (bep10/handshake/example):"), "a failure carries its wire log")
        #expect(text.contains("1 cases (") && text.contains("), 0 passed, 1 failed"))
        #expect(JUnitRenderer.render(report.run).contains("name=\"bep10/handshake/example\">\n      <failure"))
        let json = try JSONValue.parse(JSONRenderer.render(report.run))
        #expect(json["summary"]?["failed"] == 1)
        #expect(json["cases"]?.arrayValue?.first?["id"] == "bep10/handshake/example")
        #expect(json["logs"]?.arrayValue?.first?["id"] == "bep10/handshake/example", "the case's log, once, under logs")
    }

    @Test func aWrongReactionFails() throws {
        let (_, failed) = try replayBroken("ut_pex/empty/utorrent-1.8.1-disconnect.json") {
            $0.replaceFirst("\"kind\": \"disconnect\"", with: "\"kind\": \"accept\"")
        }
        #expect(failed.status == .fail)
        let mismatch = try #require(failed.mismatches.first { $0.check == "reaction" })
        #expect(mismatch.expected.hasPrefix("accept"))
        #expect(mismatch.actual.contains("disconnect (empty_pex)"))
        #expect(mismatch.actual.contains("utorrent-1.8.1"))
    }

    @Test func aWrongWarningOffsetFails() throws {
        let (_, failed) = try replayBroken("ut_pex/malformed/added-7-bytes-libtorrent-2.0.json") {
            $0.replaceFirst("\"code\": \"bad_compact_length\",\n            \"offset\": ", with: "\"code\": \"bad_compact_length\",\n            \"offset\": 1")
        }
        #expect(failed.mismatches.contains { $0.check == "decode" })
    }

    @Test func aWrongRouteFails() throws {
        let (_, failed) = try replayBroken("bep10/m/disable-with-zero.json") {
            $0.replaceFirst("\"routes_to\": null", with: "\"routes_to\": \"LT_metadata\"")
        }
        let mismatch = try #require(failed.mismatches.first { $0.check == "routing" })
        #expect(mismatch.actual == "unassigned (null)")
    }

    @Test func aFrameWhoseLengthPrefixIsWrongFailsInEveryChunking() throws {
        // The BEP 10 example frame claims 0x40 bytes after its prefix; claim one more.
        let (_, failed) = try replayBroken("bep10/handshake/example.json") { $0.replaceFirst("\"hex\": \"00000040", with: "\"hex\": \"00000041") }
        let framing = try #require(failed.mismatches.first { $0.check.hasPrefix("framing") })
        #expect(framing.check.contains("whole") && framing.check.contains("one byte at a time") && framing.check.contains("random"))
    }

    @Test func aPendingCodecIsNotAPass() {
        var report = CaseReport(id: "x/y", title: "t", file: nil, requirement: "r", hazard: nil, mismatches: [], wireLog: [])
        #expect(report.status == .pass)
        report.mismatches = [Mismatch(message: 0, check: "decode", expected: "{}", actual: "unsupported_kind", isPending: true)]
        #expect(report.status == .inconclusive)
        #expect(!ReplayReport(cases: [report]).allPassed)
    }
}
