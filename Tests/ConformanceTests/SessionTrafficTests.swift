import Conformance
import PexModel
import PexSession
import Testing

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
        #expect(sent.first?.update.added.count == 82, "the first message: the whole peer set (BEP 11 exempts it from the cap of 50)")
        #expect(sent.dropFirst().allSatisfy { $0.update.added.count <= 50 && $0.update.dropped.count <= 50 }, "later ones at most 50 added and 50 dropped")
        for prediction in ClientProfile.predict(sendingUpdates: sent) {
            #expect(prediction.firstHazard == nil, "\(prediction.profile.id): \(prediction.firstHazard.map(String.init(describing:)) ?? "")")
            #expect(prediction.reactions.count == sent.count)
        }
    }
}
