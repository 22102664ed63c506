import Conformance
import Testing
import WireJSON

@Suite struct RecordedMessageTests {
    private let example = Array("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e".utf8)

    private func extended(_ id: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count + 2)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff), 20, id] + payload
    }

    @Test func aRecordedMessageCarriesWhatTheDecodersSaid() throws {
        let message = try #require(TranscriptMessage.recorded(direction: .bToA, time: 0.5, framing: .standard, bytes: extended(0, example), decode: .extHandshake))
        #expect(message.expect == .value(["m": ["LT_metadata": 1, "ut_pex": 2], "p": 6881, "v": "uTorrent 1.2"], warnings: []))
        #expect(message.expectStrict == nil, "canonical input: strict says the same")
        #expect(message.decodeInput == .bytes(extended(0, example)[6...]))

        // added of 7 bytes: lenient warns, strict fails, and both are recorded.
        let sevenBytes = Array("d5:added7:".utf8) + [198, 51, 100, 1, 0x1a, 0xe1, 0x99] + Array("7:added.f1:".utf8) + [1] + Array("e".utf8)
        let odd = try #require(TranscriptMessage.recorded(direction: .bToA, time: 1, framing: .standard, bytes: extended(1, sevenBytes), decode: .utPex))
        #expect(odd.expect == .value(["added": [["ip": "198.51.100.1", "port": 6881, "flags": 1]], "added6": [], "dropped": [], "dropped6": []],
                                     warnings: [ExpectedWarning(.badCompactLength, at: 16)]))
        #expect(odd.expectStrict == .error(.badCompactLength, at: 16))

        #expect(TranscriptMessage.recorded(direction: .aToB, time: 0, framing: .standard, bytes: [0, 0, 0, 1, 2], decode: .utPex) == nil,
                "an interested message holds no ut_pex payload")
    }

    @Test func aTranscriptOfRecordedMessagesReplaysGreen() throws {
        let messages = try [
            #require(TranscriptMessage.recorded(direction: .bToA, time: 0, framing: .standard, bytes: extended(0, example), decode: .extHandshake,
                                                routesTo: .handshake, reaction: Reaction(.accept))),
            #require(TranscriptMessage.recorded(direction: .aToB, time: 1, framing: .standard, bytes: extended(2, Array("d7:dropped0:e".utf8)), decode: .utPex,
                                                routesTo: .named("ut_pex"))),
        ]
        let transcript = Transcript(
            id: "probe/example/recorded", title: "recorded", spec: .init(document: "BEP 10", requirement: "r"),
            provenance: .init(kind: .capture, source: "test"),
            peers: .init(a: .init(client: .init(name: "A", version: "1"), profile: "reference"), b: .init(client: .init(name: "B", version: "1"), profile: "reference")),
            messages: messages)
        let report = ReplayEngine().replay(try Transcript(json: try JSONValue.parse(transcript.fileText)))
        #expect(report.passed, "\(report.mismatches)")
    }
}
