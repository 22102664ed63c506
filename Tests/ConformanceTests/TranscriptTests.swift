import Conformance
import Foundation
import Testing
import WireDecode
import WireJSON

@Suite struct TranscriptTests {
    @Test(arguments: CaseFiles.all)
    func readingThenWritingKeepsEveryMember(_ file: String) throws {
        let transcript = try Transcript(contentsOf: CaseFiles.path(file))
        let reread = try Transcript(json: try JSONValue.parse(transcript.fileText))
        #expect(reread == transcript, "\(transcript.id)")
    }

    private func minimal(_ message: JSONValue = ["dir": "a_to_b", "t": 0, "framing": "standard", "hex": "0000000100", "decode": "frames",
                                                 "expect": ["value": [["type": "choke", "payload": ""]]]]) -> [(String, JSONValue)] {
        [
            ("id", "x/y/z"), ("title", "t"), ("spec", ["document": "d", "requirement": "r"]),
            ("provenance", ["kind": "reference_document", "source": "s"]),
            ("peers", ["a": ["client": "A", "version": "1", "profile": "reference"], "b": ["client": "B", "version": "1", "profile": "reference"]]),
            ("messages", [message]),
        ]
    }

    private func error(_ members: [(String, JSONValue)]) -> TranscriptFormatError? {
        do {
            _ = try Transcript(json: .object(members))
            return nil
        } catch {
            return error
        }
    }

    @Test func aMinimalTranscriptReads() throws {
        let transcript = try Transcript(json: .object(minimal()))
        #expect(transcript.messages.first?.bytes == [0, 0, 0, 1, 0])
        #expect(transcript.messages.first?.decode == .frames)
        #expect(transcript.messages.first?.reaction == nil)
        #expect(transcript.messages.first?.routesTo == nil)
    }

    @Test func unknownMembersAreRejectedWithTheirPath() {
        #expect(error(minimal() + [("extra", 1)])?.path == "$.extra")
        var message = minimal()
        message[5] = ("messages", [["dir": "a_to_b", "t": 0, "framing": "standard", "hex": "00", "decode": "frames", "expect": ["value": 1], "reacton": ["kind": "accept"]]])
        #expect(error(message)?.path == "$.messages[0].reacton")
    }

    @Test func malformedMembersAreRejected() {
        var bad = minimal()
        bad[0] = ("id", "Not An Id")
        #expect(error(bad)?.path == "$.id")
        #expect(error(minimal(["dir": "up", "t": 0, "framing": "standard", "hex": "00", "decode": "frames", "expect": ["value": 1]]))?.path == "$.messages[0].dir")
        #expect(error(minimal(["dir": "a_to_b", "t": 0, "framing": "standard", "hex": "0g", "decode": "frames", "expect": ["value": 1]]))?.path == "$.messages[0].hex")
        #expect(error(minimal(["dir": "a_to_b", "t": 0, "framing": "handshake", "hex": "00", "decode": "ut-pex", "expect": ["value": 1]]))?.path == "$.messages[0].decode")
        #expect(error(minimal(["dir": "a_to_b", "t": -1, "framing": "standard", "hex": "00", "decode": "frames", "expect": ["value": 1]]))?.path == "$.messages[0].t")
        #expect(error(minimal(["dir": "a_to_b", "t": 0, "framing": "standard", "hex": "00", "decode": "frames", "expect": ["value": 1, "error": ["code": "x"]]]))?.path == "$.messages[0].expect")
        #expect(error(minimal(["dir": "a_to_b", "t": 0, "framing": "standard", "hex": "00", "decode": "frames", "expect": ["value": 1], "reaction": ["kind": "explode"]]))?.path == "$.messages[0].reaction.kind")
        #expect(error(minimal() + [("format", 3)])?.path == "$.format")
        #expect(error(minimal() + [("connections", [])])?.path == "$.connections", "format 2 members are unknown in a version 1 file")
    }

    @Test func routesToDistinguishesNullFromAbsent() throws {
        let message: JSONValue = ["dir": "a_to_b", "t": 1.5, "framing": "standard", "hex": "00000002140a", "decode": "bencode",
                                  "expect": ["error": ["code": "unexpected_eof", "offset": 0]], "routes_to": nil]
        let transcript = try Transcript(json: .object(minimal(message)))
        #expect(transcript.messages.first?.routesTo == .unassigned)
        #expect(transcript.messages.first?.time == 1.5)
        #expect(transcript.messages.first?.expect == .error(.unexpectedEOF, at: 0))
        #expect(transcript.json["messages"]?.arrayValue?.first?["routes_to"] == .null)
    }

    @Test func theProbeCanBuildAndWriteATranscript() throws {
        let transcript = Transcript(
            id: "probe/libtorrent-2.0.8/extended-handshake", title: "recorded",
            spec: .init(document: "BEP 10", requirement: "r"),
            provenance: .init(kind: .capture, source: "pexspec probe", client: .init(name: "libtorrent", version: "2.0.8"), recorded: "2026-11-22T00:00:00Z"),
            peers: .init(a: .init(client: .init(name: "pexspec", version: "probe"), profile: "reference"),
                         b: .init(client: .init(name: "libtorrent", version: "2.0.8"), profile: "libtorrent-2.0")),
            messages: [
                TranscriptMessage(direction: .bToA, time: 0.25, framing: .standard, bytes: [0, 0, 0, 2, 20, 0], decode: .extHandshake,
                                  expect: .error(.unexpectedEOF, at: nil), reaction: Reaction(.accept))
            ])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pexspec-transcript-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/" + transcript.relativePath()
        try transcript.write(to: path)
        #expect(try Transcript(contentsOf: path) == transcript)
        #expect(FileManager.default.fileExists(atPath: folder.path + "/probe/libtorrent-2.0.8/extended-handshake.json"))
    }
}
