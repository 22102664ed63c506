import PexModel
import PexSession
import Testing

@Suite struct PexSessionSendingTests {
    @Test func nothingIsSentBeforeStart() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        session.addPeer(peer("1.2.3.4:6881"))
        #expect(session.nextSendTime == nil)
        #expect(session.nextMessage() == nil)
    }

    @Test func firstMessageCarriesTheWholePeerSet() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        let peers = ipv4Peers(5, flags: [.prefersEncryption]) + [peer("[2001:db8::1]:51413", flags: [.seed, .supportsUTP])]
        for p in peers { session.addPeer(p) }
        session.start()
        #expect(session.nextSendTime == 0)
        let first = session.nextMessage()
        #expect(first?.added == peers)
        #expect(first?.dropped == [])
    }

    @Test func laterMessagesCarryOnlyTheDiffOnceAnInterval() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        session.addPeer(peer("1.1.1.1:1"))
        session.addPeer(peer("2.2.2.2:2"))
        session.start()
        #expect(session.nextMessage()?.addedAddresses.count == 2)

        session.addPeer(peer("3.3.3.3:3"))
        session.dropPeer(PeerAddress("1.1.1.1:1")!)
        clock.advance(by: 59.9)
        #expect(session.nextMessage() == nil, "a second message before the interval has passed")
        #expect(session.nextSendTime == 60)
        clock.advance(by: 0.1)
        let second = session.nextMessage()
        #expect(second?.addedAddresses == [PeerAddress("3.3.3.3:3")!])
        #expect(second?.droppedAddresses == [PeerAddress("1.1.1.1:1")!])
    }

    @Test func anUnchangedPeerSetSendsNothing() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        session.addPeer(peer("1.1.1.1:1"))
        session.start()
        #expect(session.nextMessage() != nil)
        for _ in 0..<5 {
            clock.advance(by: 60)
            #expect(session.nextMessage() == nil, "uTorrent 1.8.1 disconnects on an empty message")
        }
        // Adding then dropping before the next message is no change either.
        session.addPeer(peer("9.9.9.9:9"))
        session.dropPeer("9.9.9.9:9")
        clock.advance(by: 60)
        #expect(session.nextMessage() == nil)
    }

    @Test func noMessageWhenStartedWithNoPeers() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        session.start()
        #expect(session.nextMessage() == nil)
        // The first peer goes out at once: no message has been sent yet, so none is too recent.
        session.addPeer(peer("1.1.1.1:1"))
        #expect(session.nextMessage()?.addedAddresses == [PeerAddress("1.1.1.1:1")!])
    }

    @Test func capsAreAppliedAndTheRemainderIsCarriedOver() {
        let clock = ManualPexClock()
        var configuration = PexSessionConfiguration()
        configuration.addedCap = PeerCap(50)
        configuration.capsFirstMessage = true
        var session = PexSession(configuration: configuration, clock: clock)
        let peers = ipv4Peers(120)
        for p in peers { session.addPeer(p) }
        session.start()
        var sent: [PexPeer] = []
        for round in 0..<3 {
            let message = session.nextMessage()
            #expect(message != nil, "round \(round)")
            #expect((message?.added.count ?? 0) <= 50)
            sent += message?.added ?? []
            clock.advance(by: 60)
        }
        #expect(sent == peers, "every peer sent once, in order")
        #expect(session.nextMessage() == nil)
    }

    @Test func capPerFamilyCountsIPv4AndIPv6Apart() {
        let v4 = ipv4Peers(3)
        let v6 = (1...3).map { peer("[2001:db8::\($0)]:6881") }
        let perFamily = PeerCap(2, perFamily: true).split(v4 + v6, address: \.address)
        #expect(perFamily.taken == Array(v4.prefix(2)) + Array(v6.prefix(2)))
        let together = PeerCap(2).split(v4 + v6, address: \.address)
        #expect(together.taken == Array(v4.prefix(2)))
        #expect(together.rest.count == 4)
    }

    @Test func droppedIsCappedToo() {
        let clock = ManualPexClock()
        var configuration = PexSessionConfiguration()
        configuration.droppedCap = PeerCap(2)
        var session = PexSession(configuration: configuration, clock: clock)
        let peers = ipv4Peers(5)
        for p in peers { session.addPeer(p) }
        session.start()
        _ = session.nextMessage()
        for p in peers { session.dropPeer(p.address) }
        var dropped: [PeerAddress] = []
        for _ in 0..<3 {
            clock.advance(by: 60)
            let message = session.nextMessage()
            #expect((message?.dropped.count ?? 0) <= 2)
            dropped += message?.droppedAddresses ?? []
        }
        #expect(dropped == peers.map(\.address))
    }

    @Test func aPerFamilyDroppedCapCarriesTheRightPeersOver() {
        let clock = ManualPexClock()
        var configuration = PexSessionConfiguration()
        configuration.droppedCap = PeerCap(1, perFamily: true)
        var session = PexSession(configuration: configuration, clock: clock)
        let peers = ipv4Peers(2) + [peer("[2001:db8::1]:6881"), peer("[2001:db8::2]:6881")]
        for p in peers { session.addPeer(p) }
        session.start()
        _ = session.nextMessage()
        for p in peers { session.dropPeer(p.address) }
        clock.advance(by: 60)
        #expect(session.nextMessage()?.droppedAddresses == [peers[0].address, peers[2].address], "one of each family")
        clock.advance(by: 60)
        #expect(session.nextMessage()?.droppedAddresses == [peers[1].address, peers[3].address], "the rest, none lost or repeated")
        clock.advance(by: 60)
        #expect(session.nextMessage() == nil)
    }

    @Test func droppingAPeerNeverAnnouncedSendsNothing() {
        var (session, clock) = sessionAfterFirstMessage(announcing: [peer("1.1.1.1:1")])
        session.addPeer(peer("2.2.2.2:2"))
        session.dropPeer("2.2.2.2:2")
        session.dropPeer("7.7.7.7:7")
        clock.advance(by: 60)
        #expect(session.nextMessage() == nil)
    }

    @Test func reAddingADroppedPeerBeforeTheNextMessageCancelsTheDrop() {
        var (session, clock) = sessionAfterFirstMessage(announcing: [peer("1.1.1.1:1")])
        session.dropPeer("1.1.1.1:1")
        session.addPeer(peer("1.1.1.1:1"))
        clock.advance(by: 60)
        #expect(session.nextMessage() == nil, "the remote peer already knows it")
    }

    @Test func stopKeepsStateAndResetForgetsIt() {
        var (session, clock) = sessionAfterFirstMessage(announcing: [peer("1.1.1.1:1")])
        session.stop()
        session.addPeer(peer("2.2.2.2:2"))
        clock.advance(by: 60)
        #expect(session.nextMessage() == nil, "stopped")
        session.start()
        #expect(session.nextMessage()?.addedAddresses == [PeerAddress("2.2.2.2:2")!], "a diff after a restart")

        session.reset()
        #expect(!session.isStarted)
        #expect(session.localPeers.isEmpty)
        session.addPeer(peer("1.1.1.1:1"))
        session.start()
        #expect(session.nextMessage()?.addedAddresses == [PeerAddress("1.1.1.1:1")!], "after reset the full set goes again at once")
    }

    @Test func textAddressesAreParsedLikeTheWebtorrentAPI() {
        var session = PexSession(clock: ManualPexClock())
        let results = [
            session.addPeer("127.0.0.1:6889"), session.addPeer("[::1]:6889", flags: .supportsUTP), session.addPeer("not an address"),
            session.dropPeer("::1:6889"),
        ]
        #expect(results == [true, true, false, false], "IPv6 needs brackets")
        #expect(session.localPeers.map(\.address.description) == ["127.0.0.1:6889", "[::1]:6889"])
        #expect(session.localPeers.last?.flags == .supportsUTP)
    }
}

@Suite struct BEP11SenderRuleTests {
    /// BEP 11: "Except for the initial PEX message the combined amount of added v4/v6 contacts should not exceed 50 entries."
    @Test func firstMessageCarriesEveryPeerLaterOnesAtMostFifty() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        for p in ipv4Peers(70) { session.addPeer(p) }
        session.start()
        #expect(session.nextMessage()?.added.count == 70)
        for p in ipv4Peers(130).suffix(60) { session.addPeer(p) }
        clock.advance(by: 60)
        let second = session.nextMessage()
        #expect(second?.added.count == 50)
        #expect(PexRuleViolation.check(second ?? PexUpdate(), sincePrevious: 60).isEmpty)
    }

    /// "An added contact must not be dropped in the same message", "must not contain duplicates", "never empty".
    @Test func aPeerThatComesAndGoesBetweenMessagesIsElided() {
        var (session, clock) = sessionAfterFirstMessage(announcing: [peer("1.1.1.1:1")])
        session.addPeer(peer("2.2.2.2:2"))
        session.dropPeer(PeerAddress("2.2.2.2:2")!)
        session.addPeer(peer("2.2.2.2:2"))
        session.dropPeer(PeerAddress("1.1.1.1:1")!)
        session.addPeer(peer("1.1.1.1:1"))
        clock.advance(by: 60)
        let message = session.nextMessage()
        #expect(message?.addedAddresses == [PeerAddress("2.2.2.2:2")!])
        #expect(message?.dropped.isEmpty == true)
        #expect(PexRuleViolation.check(message ?? PexUpdate(), sincePrevious: 60).isEmpty)
        clock.advance(by: 60)
        #expect(session.nextMessage() == nil, "nothing changed: nothing sent, never an empty message")
    }

    @Test func reservedFlagBitsAreNeverSent() {
        var session = PexSession(clock: ManualPexClock())
        session.addPeer(PexPeer(address: PeerAddress("1.1.1.1:1")!, flags: PeerFlags(rawValue: 0x83)))
        session.start()
        #expect(session.nextMessage()?.added.first?.flags == [.prefersEncryption, .seed])
    }

    /// BEP 27: a private torrent's session sends no PEX and learns nothing from it.
    @Test func aPrivateSessionNeitherSendsNorLearns() {
        var session = PexSession(configuration: .utPexPrivate, clock: ManualPexClock())
        session.addPeer(peer("1.1.1.1:1"))
        session.start()
        #expect(session.nextMessage() == nil)
        let verdict = session.receive(PexUpdate(added: [peer("2.2.2.2:2")]), size: 20)
        #expect(verdict == .ignored(.privateTorrent))
        #expect(session.remotePeers.isEmpty)
    }
}

@Suite struct BEP11ReceiverCheckTests {
    @Test(arguments: [
        ("duplicate_added", PexUpdate(added: [peer("1.1.1.1:1"), peer("1.1.1.1:1")]), 60.0),
        ("duplicate_dropped", PexUpdate(dropped: [peer("1.1.1.1:1"), peer("1.1.1.1:1")]), 60.0),
        ("added_and_dropped", PexUpdate(added: [peer("1.1.1.1:1")], dropped: [peer("1.1.1.1:1")]), 60.0),
        ("too_many_added", PexUpdate(added: ipv4Peers(51)), 60.0),
        ("too_many_dropped", PexUpdate(dropped: ipv4Peers(51)), 60.0),
        ("empty", PexUpdate(), 60.0),
        ("too_frequent", PexUpdate(added: [peer("1.1.1.1:1")]), 59.0),
        ("reserved_flags", PexUpdate(added: [PexPeer(address: PeerAddress("1.1.1.1:1")!, flags: PeerFlags(rawValue: 0x20))]), 60.0),
        ("duplicate_ip", PexUpdate(added: [peer("1.1.1.1:1"), peer("1.1.1.1:2")]), 60.0),
    ])
    func eachRuleIsReportedAlone(code: String, update: PexUpdate, gap: Double) {
        #expect(PexRuleViolation.check(update, sincePrevious: gap).map(\.rawValue) == [code])
    }

    @Test func theFirstMessageMayCarryMoreThanFifty() {
        #expect(PexRuleViolation.check(PexUpdate(added: ipv4Peers(51)), sincePrevious: nil).isEmpty)
    }

    @Test func theSessionReportsWhatTheLastMessageBroke() {
        let clock = ManualPexClock()
        var session = PexSession(configuration: .utPex, clock: clock)
        _ = session.receive(PexUpdate(added: [peer("1.1.1.1:1")]), size: 20)
        clock.advance(by: 10)
        _ = session.receive(PexUpdate(added: [peer("1.1.1.2:1"), peer("1.1.1.2:1")]), size: 30)
        #expect(session.lastViolations == [.duplicateAdded, .tooFrequent])
    }

    /// libtorrent's `max_pex_peers`: 50 per family over the whole connection.
    @Test func aCumulativePerFamilyCapCountsEveryMessage() {
        var configuration = PexSessionConfiguration()
        configuration.receivedCap = .unlimited
        configuration.maxPeersFromRemote = .max
        configuration.keptCap = PeerCap(50, perFamily: true)
        configuration.flood = nil
        var session = PexSession(configuration: configuration, clock: ManualPexClock())
        #expect(session.receive(PexUpdate(added: ipv4Peers(40)), size: 300).learned.count == 40)
        #expect(session.receive(PexUpdate(added: ipv4Peers(80).suffix(40)), size: 300).learned.count == 10)
        let v6 = (1...30).map { peer("[2001:db8::\($0)]:6881") }
        #expect(session.receive(PexUpdate(added: v6), size: 600).learned.count == 30)
    }
}
