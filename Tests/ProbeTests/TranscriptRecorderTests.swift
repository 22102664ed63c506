import Conformance
import PeerWire
import Testing
import WireDecode

@testable import Probe

@Suite struct TranscriptRecorderTests {
    let ourHandshake = PeerMessage.extended(id: 0, payload: Array("d1:md6:ut_pexi6ee1:v13:pexspec probee".utf8)).encoded
    let theirHandshake = PeerMessage.extended(id: 0, payload: Array("d1:md6:ut_pexi1ee1:v4:testee".utf8)).encoded
    let pexToThem = PeerMessage.extended(id: 1, payload: Array("le".utf8)).encoded
    let pexToUs = PeerMessage.extended(id: 6, payload: Array("d5:added6:".utf8) + [127, 0, 0, 5, 0, 1] + Array("7:added.f1:".utf8) + [0, 0x65]).encoded

    func entry(_ kind: WireLogEntry.Kind, _ time: Double, _ bytes: [UInt8], framing: WireLogEntry.Framing = .standard) -> WireLogEntry {
        WireLogEntry(kind: kind, time: time, framing: framing, bytes: bytes, summary: "test")
    }

    var log: [WireLogEntry] {
        [
            entry(.event, 0, [], framing: .none),
            entry(.sent, 0.001, ourHandshake),
            entry(.received, 0.010, theirHandshake),
            entry(.received, 0.020, PeerMessage.piece(index: 0, begin: 0, block: [1, 2, 3]).encoded),
            entry(.received, 0.500, pexToUs),
            entry(.sent, 0.400, pexToThem),
            entry(.received, 0.600, [0, 0, 0, 9], framing: .none),
            entry(.event, 0.600, [], framing: .none),
        ]
    }

    @Test func kindsRoutesAndOrder() {
        let messages = TranscriptRecorder.messages(log, reaction: nil, recordReaction: false)
        #expect(messages.map(\.time) == [0.001, 0.010, 0.4, 0.5], "sorted by time; the piece and the cut-off bytes left out")
        #expect(messages.map(\.decode) == [.extHandshake, .extHandshake, .utPex, .utPex])
        #expect(messages.map(\.direction) == [.aToB, .bToA, .aToB, .bToA])
        #expect(messages[2].routesTo == .named("ut_pex"), "id 1 is ut_pex in the client's m")
        #expect(messages[3].routesTo == .named("ut_pex"), "id 6 is ut_pex in ours")
        #expect(messages[2].expect == .error(.notADictionary, at: 0))
    }

    @Test func disconnectGoesOnTheLastFrameSent() {
        let messages = TranscriptRecorder.messages(log, reaction: .disconnects, recordReaction: true)
        #expect(messages.last?.reaction == Reaction(.disconnect))
        #expect(messages.last?.direction == .aToB, "nothing after the disconnect is replayed")
    }

    @Test func reactionWithoutARuleIsANote() {
        let messages = TranscriptRecorder.messages(log, reaction: .disconnects, recordReaction: false)
        #expect(messages.allSatisfy { $0.reaction == nil })
        #expect(messages[2].note?.contains("closed the connection") == true)
    }

    @Test func clientNames() {
        // Filed under the name users know: rtorrent 0.9.8 sends its engine's `libTorrent 0.13.8`.
        let cases: [(v: String, slug: String, profile: String)] = [
            ("libtorrent/2.0.8.0", "libtorrent-2.0.8.0", "libtorrent-2.0"),
            ("Transmission 3.00", "transmission-3.00", "transmission-3.00"),
            ("libTorrent 0.13.8", "rtorrent-0.9.8", "rtorrent-0.9.8"),
            ("aria2/1.36.0", "aria2-1.36.0", "aria2-1.36"),
            ("qBittorrent/4.5.2", "qbittorrent-4.5.2", "qbittorrent-4.5"),
            ("Deluge/2.0.3 libtorrent/2.0.8.0", "deluge-2.0.3", "deluge-2.0"),
        ]
        for (v, slug, profile) in cases {
            let identity = ClientIdentity.identify(version: v)
            #expect(identity?.slug == slug, "\(v)")
            #expect(identity?.profile == profile, "\(v)")
            #expect(identity.flatMap { ClientProfile.named($0.profile) } != nil, "\(v)")
        }
        #expect(ClientIdentity.identify(version: "libTorrent 0.13.7") == nil)
        #expect(ClientIdentity.identify(version: "Deluge/2.0.3 libtorrent/1.2.19.0") == nil)
        #expect(ClientIdentity.unknown(version: "Tixati 3.19").slug == "tixati-3.19")
    }
}
