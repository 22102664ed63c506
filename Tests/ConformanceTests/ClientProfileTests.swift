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
        #expect(found["utorrent-1.8.1"] == Reaction(.disconnect, reason: "empty_pex"))
    }

    @Test func addedWithoutFlagsIsDiscardedByLibtorrentOnly() {
        // One IPv4 peer, no added.f: what rtorrent sends.
        let found = hazards([(0, Array("d5:added6:".utf8) + [198, 51, 100, 1, 0x1a, 0xe1] + Array("e".utf8))])
        #expect(found["libtorrent-2.0"]?.kind == .dropPeers)
        #expect(found["libtorrent-2.0"]?.reason == "missing_flags")
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
        #expect(found["libtorrent-2.0"] == Reaction(.disconnect, reason: "flood"))
        #expect(found["anacrolix"]?.reason == "flood")
        #expect(found["webtorrent"]?.reason == "flood")
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

/// The session rules this project recommends produce traffic no deployed client objects to.
@Suite struct SessionTrafficTests {
    @Test func fifteenMinutesOfChurnFromAPexSessionUpsetsNoDeployedClient() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        var next = 0
        func peer() -> PexPeer {
            next += 1
            let v6 = next % 4 == 0
            let text = v6 ? "[2001:db8::\(String(next, radix: 16))]:6881" : "198.51.\(100 + next / 250).\(next % 250 + 1):6881"
            return PexPeer(address: PeerAddress(text)!, flags: next % 3 == 0 ? [.prefersEncryption, .supportsUTP] : [])
        }
        var known: [PexPeer] = []
        for _ in 0..<80 { let p = peer(); known.append(p); session.addPeer(p) }
        session.start()
        var sent: [(time: Double, update: PexUpdate)] = []
        for second in 0..<(15 * 60) {
            clock.set(Double(second))
            if second % 20 == 0 {
                for _ in 0..<5 { let p = peer(); known.append(p); session.addPeer(p) }
                for _ in 0..<3 where !known.isEmpty { session.dropPeer(known.removeFirst().address) }
            }
            if let update = session.nextMessage() { sent.append((Double(second), update)) }
        }
        #expect(sent.count >= 14, "about one message a minute")
        #expect(sent.allSatisfy { !$0.update.isEmpty })
        #expect(sent.first?.update.added.count == 50, "the first message: the peer set, capped at 50, the rest carried over")
        for prediction in ClientProfile.predict(sendingUpdates: sent) {
            #expect(prediction.firstHazard == nil, "\(prediction.profile.id): \(prediction.firstHazard.map(String.init(describing:)) ?? "")")
            #expect(prediction.reactions.count == sent.count)
        }
    }
}
