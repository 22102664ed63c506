import PexModel
import PexSession
import Testing

@Suite struct PexSessionReceivingTests {
    @Test func learnedAndDroppedPeersAreReportedAsEvents() {
        let log = EventLog()
        var session = PexSession(clock: ManualPexClock(), onEvent: log.handler)
        let a = peer("1.2.3.4:6881", flags: [.prefersEncryption, .seed])
        let b = peer("[2001:db8::2]:51413", flags: .supportsUTP)
        let verdict = session.receive(PexUpdate(added: [a, b]), size: 40)
        #expect(verdict == .accepted(learned: [a, b], dropped: [], ignored: 0))
        #expect(log.all == [.peer(a), .peer(b)])
        _ = session.receive(PexUpdate(dropped: [PexPeer(address: b.address)]), size: 30)
        #expect(log.all == [.peer(a), .peer(b), .dropped(b.address)])
        #expect(session.remotePeers.keys.sorted() == [a.address])
    }

    @Test func aPeerAnnouncedTwiceIsLearnedOnce() {
        let log = EventLog()
        let clock = ManualPexClock()
        var session = PexSession(clock: clock, onEvent: log.handler)
        let a = peer("1.2.3.4:6881")
        _ = session.receive(PexUpdate(added: [a]), size: 20)
        clock.advance(by: 60)
        let again = session.receive(PexUpdate(added: [PexPeer(address: a.address, flags: .seed)]), size: 20)
        #expect(again == .accepted(learned: [], dropped: [], ignored: 1))
        #expect(session.remotePeers[a.address]?.flags == .seed, "newer flags replace older ones")
        #expect(log.all == [.peer(a)])
    }

    @Test func aPeerDroppedAgainIsDroppedAgain() {
        let log = EventLog()
        let clock = ManualPexClock()
        var session = PexSession(clock: clock, onEvent: log.handler)
        let a = peer("1.2.3.4:6881")
        for _ in 0..<2 {
            _ = session.receive(PexUpdate(added: [a]), size: 20)
            clock.advance(by: 60)
            #expect(session.receive(PexUpdate(dropped: [a]), size: 20).dropped == [a.address])
            clock.advance(by: 60)
        }
        #expect(log.all == [.peer(a), .dropped(a.address), .peer(a), .dropped(a.address)])
        // A drop of a peer that is not known is no event.
        #expect(session.receive(PexUpdate(dropped: [a]), size: 20).dropped == [])
        #expect(log.all.count == 4)
    }

    @Test func atMost200PeersAreKeptFromOneRemotePeer() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        var learned = 0
        for round in 0..<5 {
            let verdict = session.receive(PexUpdate(added: ipv4Peers(50, base: 0x0b00_0000 + UInt32(round) * 1000)), size: 400)
            learned += verdict.learned.count
            clock.advance(by: 60)
        }
        #expect(learned == 200)
        #expect(session.remotePeers.count == 200)
        // Dropping makes room again.
        let some = Array(session.remotePeers.keys.prefix(10)).map { PexPeer(address: $0) }
        _ = session.receive(PexUpdate(dropped: some), size: 100)
        clock.advance(by: 60)
        #expect(session.receive(PexUpdate(added: ipv4Peers(30, base: 0x0c00_0000)), size: 200).learned.count == 10)
    }

    @Test func peersBeyondThePerMessageCapAreNotRead() {
        var configuration = PexSessionConfiguration()
        configuration.receivedCap = PeerCap(50, perFamily: true)
        var session = PexSession(configuration: configuration, clock: ManualPexClock())
        let v6 = (1...60).map { peer("[2001:db8::\(String($0, radix: 16))]:6881") }
        let verdict = session.receive(PexUpdate(added: ipv4Peers(60) + v6), size: 2000)
        #expect(verdict.learned.count == 100)
        if case .accepted(_, _, let ignored) = verdict { #expect(ignored == 20) } else { Issue.record("not accepted") }
    }

    @Test func theSeventhMessageWithin60SecondsIsAFlood() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        for n in 0..<6 {
            #expect(!session.receive(PexUpdate(), size: 2).isDisconnect, "message \(n + 1)")
            clock.advance(by: 9)
        }
        #expect(session.receive(PexUpdate(), size: 2) == .disconnect(.flood))
        #expect(session.isClosed)
        #expect(session.receive(PexUpdate(added: ipv4Peers(1)), size: 20) == .disconnect(.closed))
    }

    @Test func sevenMessagesSpreadOverMoreThan60SecondsAreNoFlood() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        for n in 0..<20 {
            #expect(!session.receive(PexUpdate(), size: 2).isDisconnect, "message \(n + 1)")
            clock.advance(by: 10.01)
        }
    }

    @Test func floodRuleIsConfigurable() {
        var configuration = PexSessionConfiguration()
        configuration.flood = .minimumGap(45)
        let clock = ManualPexClock()
        var session = PexSession(configuration: configuration, clock: clock)
        #expect(!session.receive(PexUpdate(), size: 2).isDisconnect)
        clock.advance(by: 45)
        #expect(!session.receive(PexUpdate(), size: 2).isDisconnect)
        clock.advance(by: 44.9)
        #expect(session.receive(PexUpdate(), size: 2) == .disconnect(.flood))

        configuration.flood = nil
        var unlimited = PexSession(configuration: configuration, clock: ManualPexClock())
        for _ in 0..<100 { #expect(!unlimited.receive(PexUpdate(), size: 2).isDisconnect) }
    }

    @Test func oversizedMessagesAreRejected() {
        var session = PexSession(clock: ManualPexClock())
        #expect(!session.receive(PexUpdate(), size: 500 * 1024).isDisconnect)
        var other = PexSession(clock: ManualPexClock())
        #expect(other.receive(PexUpdate(), size: 500 * 1024 + 1) == .disconnect(.oversized))
    }

    @Test func anEmptyMessageIsAcceptedUnlessConfiguredLikeUTorrent181() {
        var session = PexSession(clock: ManualPexClock())
        #expect(session.receive(PexUpdate(), size: 2) == .accepted(learned: [], dropped: [], ignored: 0))
        var configuration = PexSessionConfiguration()
        configuration.disconnectsOnEmptyMessage = true
        var utorrent = PexSession(configuration: configuration, clock: ManualPexClock())
        #expect(utorrent.receive(PexUpdate(), size: 2) == .disconnect(.emptyMessage))
    }

    @Test func localPeersAreIgnoredFromANonLocalPeerWhenConfigured() {
        var configuration = PexSessionConfiguration()
        configuration.ignoresLocalPeersFromRemotePeers = true
        let update = PexUpdate(added: [peer("192.168.1.2:6881"), peer("8.8.8.8:6881"), peer("[::1]:6881")])
        var remote = PexSession(configuration: configuration, clock: ManualPexClock())
        #expect(remote.receive(update, size: 40).learned.map(\.address.description) == ["8.8.8.8:6881"])
        var local = PexSession(configuration: configuration, clock: ManualPexClock(), remoteIsLocal: true)
        #expect(local.receive(update, size: 40).learned.count == 3)
    }

    @Test func resetForgetsLearnedPeersAndFloodHistory() {
        let clock = ManualPexClock()
        var session = PexSession(clock: clock)
        for _ in 0..<6 { _ = session.receive(PexUpdate(added: ipv4Peers(1)), size: 20) }
        session.reset()
        #expect(session.remotePeers.isEmpty)
        #expect(session.receive(PexUpdate(added: ipv4Peers(1)), size: 20).learned.count == 1, "no flood: history was reset")
    }

    @Test func azureusPeerExchangeFollowsTheSameRules() {
        let log = EventLog()
        var session = PexSession(configuration: .azureus, clock: ManualPexClock(), onEvent: log.handler)
        let a = PexPeer(address: PeerAddress("1.2.3.4:6881")!, handshakeType: .crypto, udpPort: 6882)
        let verdict = session.receive(PexUpdate(added: [a] + ipv4Peers(60)), size: 600)
        #expect(verdict.learned.count == 50, "Azureus' maximum of 50 peers per pex burst")
        #expect(session.remotePeers[a.address]?.handshakeType == .crypto)
        #expect(session.remotePeers[a.address]?.udpPort == 6882)
    }
}
