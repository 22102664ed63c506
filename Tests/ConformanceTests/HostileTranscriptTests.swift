import Conformance
import Report
import Testing
import WireJSON

@Suite struct HostileTranscriptTests {
    /// Transcripts come from anywhere: odd values must fail a check or be refused, never trap.
    @Test func oddValuesNeverTrap() throws {
        let frames: [String] = ["", "00", "00000000", "ffffffff14", "0000000114", "0000000214", "00000002140000", "13426974", "0000000900000005415a5f4858"]
        for framing in ["handshake", "standard", "azureus"] {
            let kinds = framing == "handshake" ? ["handshake"] : framing == "standard" ? ["frames", "ut-pex", "ext-handshake", "bencode"] : ["az-frame", "az-pex", "bencode"]
            for kind in kinds {
                let messages: [JSONValue] = frames.enumerated().map { n, hex in
                    ["dir": n % 2 == 0 ? "a_to_b" : "b_to_a", "t": .double(n == frames.count - 1 ? 1e300 : Double(n) * 0.5), "framing": .string(framing), "hex": .string(hex),
                     "decode": .string(kind), "expect": ["value": nil], "routes_to": "ut_pex", "reaction": ["kind": "accept", "learned": 3]]
                }
                let json: JSONValue = [
                    "id": "x/y", "title": "t", "spec": ["document": "d", "requirement": "r"], "provenance": ["kind": "capture", "source": "s"],
                    "peers": ["a": ["client": "A", "version": "1", "profile": "libtorrent-2.0"], "b": ["client": "B", "version": "1", "profile": "no-such-profile"]],
                    "messages": .array(messages),
                ]
                let transcript = try Transcript(json: json)
                let report = ReplayEngine().replay(transcript)
                #expect(report.status == .fail, "\(framing) \(kind)")
                #expect(report.mismatches.contains { $0.check == "profile" }, "an unknown profile is reported")
                _ = TextRenderer.render(ReplayReport(cases: [report]).run, verbose: true)
                _ = transcript.fileText
            }
        }
    }
}
