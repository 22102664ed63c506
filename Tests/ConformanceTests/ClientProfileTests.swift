import Conformance
import PexModel
import PexSession
import Testing

@Suite struct ClientProfileTests {
    @Test func idsAreUniqueAndEveryRuleCitesASource() {
        let ids = ClientProfile.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for profile in ClientProfile.all {
            for (situation, rule) in profile.rules {
                #expect(!rule.source.isEmpty, "\(profile.id) \(situation)")
            }
            if profile.pex.flood != nil { #expect(profile.pexSources.contains { $0.setting == "flood" }, "\(profile.id) flood without source") }
        }
        #expect(!ClientProfile.deployed.contains { $0.id == "reference" })
        #expect(ClientProfile.named("libtorrent-2.0")?.client == "libtorrent-rasterbar")
        #expect(ClientProfile.named("nope") == nil)
    }

    private func hazards(_ messages: [(Double, [UInt8])]) -> [String: Reaction] {
        var out: [String: Reaction] = [:]
        for prediction in ClientProfile.predict(sending: messages.map { ($0.0, $0.1) }) {
            if let hazard = prediction.firstHazard { out[prediction.profile.id] = hazard }
        }
        return out
    }

    @Test func anEmptyMessageOnlyUTorrent181Drops() {
        let found = hazards([(0, Array("de".utf8))])
        #expect(found.keys.sorted() == ["utorrent-1.8.1"])
        #expect(found["utorrent-1.8.1"] == Reaction(.disconnect, reason: .session(.emptyMessage)))
    }

    @Test func addedWithoutFlagsIsDiscardedByLibtorrentOnly() {
        // One IPv4 peer, no added.f: what rtorrent sends.
        let found = hazards([(0, Array("d5:added6:".utf8) + [198, 51, 100, 1, 0x1a, 0xe1] + Array("e".utf8))])
        #expect(found["libtorrent-2.0"]?.kind == .dropPeers)
        #expect(found["libtorrent-2.0"]?.reason == .situation(.missingAddedFlags))
        #expect(found["transmission-3.00"] == nil)
    }

    @Test func aListRootSplitsTheClients() {
        let found = hazards([(0, Array("li1ee".utf8))])
        #expect(found["libtorrent-2.0"]?.kind == .disconnect)
        #expect(found["anacrolix"]?.kind == .disconnect)
        #expect(found["transmission-3.00"]?.kind == .ignore)
        #expect(found["webtorrent"]?.kind == .ignore)
        #expect(found["aria2-1.36"]?.kind == .ignore)
    }

    @Test func sendingTooOftenIsAFloodForTheClientsWithARule() {
        let dropOne = Array("d7:dropped6:".utf8) + [198, 51, 100, 1, 0x1a, 0xe1] + Array("e".utf8)
        let sevenQuick = (0..<7).map { (Double($0), dropOne) }
        let found = hazards(sevenQuick)
        #expect(found["libtorrent-2.0"] == Reaction(.disconnect, reason: .session(.flood)))
        #expect(found["anacrolix"]?.reason == .session(.flood))
        #expect(found["webtorrent"]?.reason == .session(.flood))
        #expect(found["transmission-3.00"] == nil)
        // Once a minute troubles nobody.
        #expect(hazards((0..<7).map { (Double($0) * 60, dropOne) }).isEmpty)
    }

    @Test func unknownSituationsPredictNothing() {
        // uTorrent 1.8.1's reaction to bytes that are not bencode is documented nowhere.
        let utorrent = ClientProfile.predict(sending: [(0, Array("nope".utf8))], among: [ClientProfile.utorrent181])
        #expect(utorrent.first?.reactions == [nil])
        #expect(utorrent.first?.firstHazard == nil)
    }

    @Test func azureusPexIsReadWithItsOwnKeys() {
        let payload = Array("d5:addedl6:".utf8) + [1, 2, 3, 4, 0x1a, 0xe1] + Array("e9:added_HST1:".utf8) + [1] + Array("8:infohash20:aaaaaaaaaaaaaaaaaaaae".utf8)
        let facts = PexMessageFacts(azureusPexPayload: payload)
        #expect(facts.problem == nil)
        #expect(facts.addedFlags == .matching)
        #expect(facts.update.added.first?.handshakeType == .crypto)
        #expect(facts.update.added.first?.address.description == "1.2.3.4:6881")
    }
}
