import Conformance
import Foundation
import Testing
import WireCore

@testable import Probe

@Suite struct ExtendedHandshakeCheckTests {
    @Test(arguments: Fixtures.entries("extended-handshakes.json"))
    func findings(entry: Fixtures.Entry) {
        let verdicts = HandshakeChecks.extendedHandshake(entry.bytes).map(\.verdict.rawValue)
        let expected = entry.expect.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(expected.count == 4, "\(entry.name): fixture gives four verdicts")
        #expect(verdicts == expected, "\(entry.name)")
    }

    @Test func fixturesLoaded() {
        #expect(Fixtures.entries("extended-handshakes.json").count >= 10)
        #expect(Fixtures.entries("pex-payloads.json").count >= 10)
    }
}

@Suite struct PexPayloadTests {
    @Test(arguments: Fixtures.entries("pex-payloads.json"))
    func inspect(entry: Fixtures.Entry) {
        let report = PexObservation.inspect(entry.bytes)
        #expect((report.problem != nil) == entry.expect["problem"]?.boolValue, "\(entry.name): \(report.problem ?? "no problem")")
        #expect((report.flagsProblem != nil) == entry.expect["flags_problem"]?.boolValue, "\(entry.name): \(report.flagsProblem ?? "no flags problem")")
        #expect(Int64(report.added) == entry.expect["added"]?.integerValue, "\(entry.name)")
        #expect(Int64(report.dropped) == entry.expect["dropped"]?.integerValue, "\(entry.name)")
    }
}

@Suite struct PexObservationTests {
    let full = Array("d5:added6:".utf8) + [127, 0, 0, 2, 0x1A, 0xE1] + Array("7:added.f1:".utf8) + [0] + Array("e".utf8)

    func verdicts(_ messages: [PexObservation.Received], ended: String? = nil) -> [String: ProbeCaseResult.Verdict] {
        let observation = PexObservation(messages: messages, ourID: 6, window: 130, endedEarly: ended)
        return Dictionary(uniqueKeysWithValues: zip(PexObservation.cases.map(\.id), observation.findings().map(\.verdict)))
    }

    @Test func libtorrentCadencePasses() {
        let v = verdicts([.init(time: 1.0, extendedID: 6, payload: full), .init(time: 61.0, extendedID: 6, payload: full)])
        #expect(v.values.allSatisfy { $0 == .pass }, "\(v)")
    }

    @Test func nothingReceivedFailsReceivedAndJudgesNothingElse() {
        let observation = PexObservation(messages: [], ourID: 6, window: 130)
        let findings = observation.findings()
        let v = Dictionary(uniqueKeysWithValues: zip(PexObservation.cases.map(\.id), findings.map(\.verdict)))
        #expect(v["ut_pex/send/received"] == .fail)
        #expect(v.filter { $0.key != "ut_pex/send/received" }.values.allSatisfy { $0 == .inconclusive }, "no vacuous pass: \(v)")
        for finding in findings.dropFirst() { #expect(finding.reason?.isEmpty == false, "every inconclusive says why") }
        #expect(findings[4].reason?.contains("fewer than two") == true)
    }

    @Test func oneMessageLeavesTheIntervalInconclusive() {
        let v = verdicts([.init(time: 1, extendedID: 6, payload: full)])
        #expect(v["ut_pex/send/interval"] == .inconclusive)
        #expect(v["ut_pex/send/well-formed"] == .pass)
    }

    @Test func everyPassNamesItsEvidence() {
        let observation = PexObservation(messages: [.init(time: 1.0, extendedID: 6, payload: full), .init(time: 61.0, extendedID: 6, payload: full)], ourID: 6, window: 130)
        for finding in observation.findings() {
            #expect(finding.verdict == .pass)
            #expect(!finding.evidence.isEmpty, "\(finding.expected)")
        }
    }

    @Test func missingAddedFIsOptionalNotALengthError() {
        let noFlags = Array("d5:added6:".utf8) + [127, 0, 0, 2, 0x1A, 0xE1] + Array("e".utf8)
        let v = verdicts([.init(time: 1, extendedID: 6, payload: noFlags), .init(time: 61, extendedID: 6, payload: noFlags)])
        #expect(v["ut_pex/send/flags-length"] == .pass)
        let finding = PexObservation(messages: [.init(time: 1, extendedID: 6, payload: noFlags)], ourID: 6, window: 130).findings()[2]
        #expect(finding.actual.contains("added.f absent"), "\(finding.actual)")
    }

    @Test func tooManyPeersReachesTheVerdictWithRealCounts() {
        let added = hundredThousandPeers()
        let payload = Array("d5:added600000:".utf8) + added + Array("e".utf8)
        let report = PexObservation.inspect(payload)
        #expect(report.added == 100_000, "the real count, not the decoder's capped list")
        #expect(report.problem?.contains("too_many_peers") == true, "\(report.problem ?? "no problem")")
        let v = verdicts([.init(time: 1, extendedID: 6, payload: payload)])
        #expect(v["ut_pex/send/well-formed"] == .fail)
    }

    @Test func messagesTooCloseFailInterval() {
        let v = verdicts([.init(time: 1, extendedID: 6, payload: full), .init(time: 20, extendedID: 6, payload: full)])
        #expect(v["ut_pex/send/interval"] == .fail)
    }

    @Test func emptyMessageFailsNotEmpty() {
        let v = verdicts([.init(time: 1, extendedID: 6, payload: Array("de".utf8))])
        #expect(v["ut_pex/send/not-empty"] == .fail)
        #expect(v["ut_pex/send/well-formed"] == .pass)
    }

    @Test func clientsOwnIDFailsExtendedID() {
        let v = verdicts([.init(time: 1, extendedID: 1, payload: full)])
        #expect(v["ut_pex/send/extended-id"] == .fail)
        #expect(v["ut_pex/send/received"] == .fail, "a message under the wrong id is not ut_pex to us")
    }

    @Test func earlyEndIsReported() {
        let observation = PexObservation(messages: [], ourID: 6, window: 130, endedEarly: "connection ended at 3.0 s")
        #expect(observation.findings()[0].actual.contains("connection ended at 3.0 s"))
    }
}

@Suite struct RobustnessInputTests {
    @Test func everyInputHasACase() {
        #expect(Set(RobustnessProbe.all.map(\.input)) == Set(RobustnessProbe.Input.allCases))
        #expect(Set(ProbeRunner.cases.map(\.id)).count == ProbeRunner.cases.count, "case ids are unique")
    }

    @Test(arguments: RobustnessProbe.all.map(\.input))
    func framesAreWhatTheCaseSays(input: RobustnessProbe.Input) throws {
        let probe = try #require(RobustnessProbe.all.first { $0.input == input })
        let frames = probe.frames(pexID: 9)
        #expect(frames.count == (input == .flood ? 10 : 1), "\(input)")
        for frame in frames {
            let length = Int(BigEndian.uint32(frame.bytes, at: 0))
            #expect(length == frame.bytes.count - 4, "\(input): the length prefix covers the frame")
            #expect(frame.bytes[4] == 20, "\(input): an extended message")
        }
        switch input {
        case .oversizedFrame: #expect(frames[0].bytes.count == 4 + (2 << 20))
        case .extendedTooShort: #expect(frames[0].bytes == [0, 0, 0, 1, 20])
        case .emptyPex: #expect(Array(frames[0].bytes.dropFirst(6)) == Array("de".utf8))
        default: #expect(frames.allSatisfy { $0.bytes[5] == 9 }, "\(input): sent under the client's ut_pex id")
        }
    }

    @Test func announcedPeersStayOnLoopback() {
        let bytes = RobustnessProbe.loopbackPeers(3, from: 10)
        #expect(bytes.count == 18)
        for entry in stride(from: 0, to: bytes.count, by: 6) { #expect(bytes[entry] == 127) }
    }
}

@Suite struct ProbePeerTests {
    @Test func firstPieceOfBitfield() {
        #expect(ProbePeer.firstPiece(in: [0xFF, 0xFF]) == 0)
        #expect(ProbePeer.firstPiece(in: [0x00, 0x20]) == 10)
        #expect(ProbePeer.firstPiece(in: [0x00, 0x00]) == nil)
        #expect(ProbePeer.firstPiece(in: []) == nil)
    }

    @Test func peerIDIsAzureusStyle() {
        let id = ProbePeer.makePeerID()
        #expect(id.count == 20)
        #expect(Array(id.prefix(8)) == Array("-PX0100-".utf8))
    }
}

@Suite struct PredictionTests {
    func predict(_ profile: String, _ input: RobustnessProbe.Input) -> ProfilePrediction? {
        guard let probe = RobustnessProbe.all.first(where: { $0.input == input }), let profile = ClientProfile.named(profile) else { return nil }
        return ProfilePrediction.predict(profile, frames: probe.frames(pexID: 1), spacing: probe.spacing)
    }

    @Test func libtorrentDisconnectsOnTheSeventhOfTenInASecond() {
        let prediction = predict("libtorrent-2.0", .flood)
        #expect(prediction?.reaction == .disconnects)
        #expect(prediction?.explanation.contains("at message 7") == true, "\(prediction?.explanation ?? "")")
    }

    @Test func transmissionHasNoFloodRule() {
        #expect(predict("transmission-3.00", .flood)?.reaction == .stays)
    }

    @Test(arguments: [
        ("libtorrent-2.0", RobustnessProbe.Input.emptyPex, ObservedReaction?.some(.stays)),
        ("libtorrent-2.0", .addedWithoutFlags, .stays),
        ("libtorrent-2.0", .listNotDictionary, .disconnects),
        ("libtorrent-2.0", .notBencode, .disconnects),
        ("libtorrent-2.0", .oversizedFrame, .disconnects),
        ("libtorrent-2.0", .extendedTooShort, .disconnects),
        ("transmission-3.00", .notBencode, .stays),
        ("transmission-3.00", .listNotDictionary, .stays),
        ("transmission-3.00", .oversizedFrame, .stays),  // no size cap, and an id it never assigned is drained (3.00 peer-msgs.c:1279-1301, 1272-1275)
        ("transmission-3.00", .extendedTooShort, .disconnects),  // length 1 fails messageLengthIsCorrect: EMSGSIZE (3.00 peer-msgs.c:1446, 1541-1545)
        ("rtorrent-0.9.8", .extendedTooShort, .stays),  // it waits for the extended id byte
    ])
    func profilePredicts(profile: String, input: RobustnessProbe.Input, reaction: ObservedReaction?) {
        #expect(predict(profile, input)?.reaction == reaction, "\(profile) \(input)")
    }

    @Test func profileFromVersion() {
        #expect(ProfilePrediction.profile(named: nil, version: "libtorrent/2.0.8.0")?.id == "libtorrent-2.0")
        #expect(ProfilePrediction.profile(named: nil, version: "Transmission 3.00")?.id == "transmission-3.00")
        #expect(ProfilePrediction.profile(named: nil, version: "uTorrent 1.2") == nil)
        #expect(ProfilePrediction.profile(named: "transmission-3.00", version: "libtorrent/2.0.8.0")?.id == "transmission-3.00")
    }
}

@Suite struct InfoHashTests {
    @Test func sha1KnownAnswers() {
        #expect(Hex.encode(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(Hex.encode(SHA1.hash([UInt8]())) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let twoBlocks = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(Hex.encode(SHA1.hash(twoBlocks)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func torrentInfoHashMatchesLibtorrent() throws {
        // ci/peers/make-torrent's torrent; libtorrent computed this info-hash.
        let hash = try TorrentInfoHash.of(torrent: Fixtures.bytes("probe.torrent"))
        #expect(Hex.encode(hash) == "c0a6d7d8055a3bc0f194029b58280d76efb20445")
    }

    @Test func noInfoDictionary() {
        #expect(throws: ParseError.self) { try TorrentInfoHash.of(torrent: Array("d4:infoi1ee".utf8)) }
    }
}
