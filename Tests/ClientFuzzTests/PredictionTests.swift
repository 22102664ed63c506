import Bencode
@testable import ClientFuzz
import Conformance
import PeerWire
import Testing

@Suite struct PredictionTests {
    static let client = BencodeEncoder.encode(["m": ["ut_pex": 1], "v": "libtorrent/2.0.8.0"])
    static let own = BencodeEncoder.encode(["m": ["ut_pex": 6]])

    static func pex(_ payload: String) -> FuzzMessage {
        FuzzMessage(kind: .utPex, bytes: PeerMessage.extended(id: 1, payload: Array(payload.utf8)).encoded, origin: "test")
    }

    @Test func libtorrentClosesOnNotBencode() {
        let prediction = SessionPrediction.predict(
            .libtorrent20, own: Self.own, client: Self.client, messages: [Self.pex("d5:added0:e"), Self.pex("not bencode")], times: [0, 0.25])
        guard case .disconnects(let at, let reason, _) = prediction.outcome else {
            Issue.record("expected a disconnect, got \(prediction.outcome)")
            return
        }
        #expect(at == 1)
        #expect(reason == "invalid_bencode")
    }

    @Test func pexAfterHandshakeWithoutUTPexIsUnknown() {
        let rehandshake = FuzzMessage(kind: .extendedHandshake, bytes: PeerMessage.extended(id: 0, payload: Array("d1:md11:ut_metadatai3eee".utf8)).encoded, origin: "test")
        let prediction = SessionPrediction.predict(.libtorrent20, own: Self.own, client: Self.client, messages: [rehandshake, Self.pex("d5:added0:e")], times: [0, 0.25])
        guard case .unknown(let at, _) = prediction.outcome else {
            Issue.record("expected unknown, got \(prediction.outcome)")
            return
        }
        #expect(at == 1)
    }

    @Test func malformedStandardMessageIsUnknown() {
        let have = FuzzMessage(kind: .framing, bytes: [0, 0, 0, 2, 4, 0], origin: "test")
        guard case .unknown(0, _) = SessionPrediction.predict(.transmission300, own: Self.own, client: Self.client, messages: [have], times: [0]).outcome else {
            Issue.record("a have of 1 byte has no rule")
            return
        }
    }

    @Test func verdicts() {
        #expect(ClientFuzzer.judge(.stays, observed: .stays, lastSent: 3).0 == .asPredicted)
        #expect(ClientFuzzer.judge(.stays, observed: .disconnects, lastSent: 3).0 == .unpredictedDisconnect)
        #expect(ClientFuzzer.judge(.disconnects(at: 2, reason: "flood", source: nil), observed: .disconnects, lastSent: 3).0 == .asPredicted)
        #expect(ClientFuzzer.judge(.disconnects(at: 2, reason: "flood", source: nil), observed: .disconnects, lastSent: 1).0 == .unpredictedDisconnect)
        #expect(ClientFuzzer.judge(.disconnects(at: 2, reason: "flood", source: nil), observed: .stays, lastSent: 4).0 == .stayedAgainstPrediction)
        #expect(ClientFuzzer.judge(.unknown(at: 1, why: "x"), observed: .disconnects, lastSent: 1).0 == .unknownToProfile)
        #expect(ClientFuzzer.judge(.unknown(at: 2, why: "x"), observed: .disconnects, lastSent: 1).0 == .unpredictedDisconnect)
    }
}
