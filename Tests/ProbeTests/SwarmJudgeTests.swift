import Conformance
import PeerWire
import PexModel
import Testing

@testable import Probe

/// The swarm's cases on hand-made evidence: what a client did, and what each case makes of it.
@Suite struct SwarmJudgeTests {
    static let hash = [UInt8](repeating: 0xAB, count: 20)
    static let pexID: UInt8 = 6

    static func address(_ text: String) -> PeerAddress { PeerAddress(text)! }

    static func peer(_ role: String, _ n: UInt32, pex: [(Double, UTPexMessage)] = [], end: (String, Double, Bool)? = nil, isPrivate: Bool = false, m: [String: UInt8] = ["ut_pex": 1]) -> SwarmEvidence.Peer {
        SwarmEvidence.Peer(
            role: role, ip: .v4(0x7F00_1400 + n), listenPort: UInt16(40000 + n), sourcePort: UInt16(50000 + n), isPrivate: isPrivate,
            openingFailure: nil, remoteExtensions: m,
            extended: pex.map { SwarmPeer.Received(time: $0.0, extendedID: pexID, payload: (try? $0.1.encoded()) ?? []) },
            end: end.map { (reason: $0.0, time: $0.1, byClient: $0.2) }, advertised: [], dialsBack: 0)
    }

    static func canary(_ group: String, _ text: String, dialledAt: Double? = nil) -> SwarmEvidence.Canary {
        let hits = dialledAt.map { [CanaryHit(time: $0, from: "127.0.0.1:1234", infoHash: hash)] } ?? []
        return SwarmEvidence.Canary(group: group, address: address(text), flags: .reachable, hits: hits, hitCount: hits.count)
    }

    /// A run of the scenario: A announced at 1 s, C left at 20 s, B got PEX at `bPex`.
    static func evidence(canaries: [SwarmEvidence.Canary], bPex: [(Double, UTPexMessage)] = [], privatePex: [(Double, UTPexMessage)] = []) -> SwarmEvidence {
        SwarmEvidence(
            publicHash: hash, privateHash: [UInt8](repeating: 0xCD, count: 20), ourPexID: pexID,
            peers: [peer("A", 1), peer("B", 2, pex: bPex), peer("C", 3), peer("P", 8, pex: privatePex, isPrivate: true, m: [:])],
            canaries: canaries, dead: address("127.0.21.9:4444"),
            steps: ["announce": 1, "disconnect-C": 20, "private-announce": 1, "private-open": 0.5], settle: 5, duration: 70)
    }

    func judge(_ evidence: SwarmEvidence, _ behaviour: SwarmBehaviour, _ id: String? = "test") -> [String: Finding] {
        Dictionary(uniqueKeysWithValues: SwarmJudge(evidence: evidence, behaviour: behaviour, profileID: id).findings().map { ($0.0.id, $0.1) })
    }

    @Test func dialsAddedNotDroppedMatchesLibtorrent() {
        let e = Self.evidence(canaries: [Self.canary("added", "127.0.21.1:5000", dialledAt: 2.5), Self.canary("dropped", "127.0.21.2:5001")])
        let f = judge(e, ClientProfile.libtorrent20.swarm)
        #expect(f[SwarmCases.dialsAdded.id]?.verdict == .pass)
        #expect(f[SwarmCases.dialsAdded.id]?.observation == "dialled")
        #expect(f[SwarmCases.droppedNotDialed.id]?.verdict == .pass)
        // Transmission's profile predicts no dial to a loopback PEX peer.
        #expect(judge(e, ClientProfile.transmission300.swarm)[SwarmCases.dialsAdded.id]?.verdict == .fail)
    }

    @Test func aClientThatNeverDialsLeavesTheDroppedCaseInconclusive() {
        let e = Self.evidence(canaries: [Self.canary("added", "127.0.21.1:5000"), Self.canary("dropped", "127.0.21.2:5001")])
        let f = judge(e, ClientProfile.transmission300.swarm)
        #expect(f[SwarmCases.dialsAdded.id]?.verdict == .pass)
        #expect(f[SwarmCases.droppedNotDialed.id]?.verdict == .inconclusive)
        #expect(f[SwarmCases.droppedNotDialed.id]?.reason != nil)
        #expect(f[SwarmCases.privateNotDialed.id]?.verdict == .inconclusive)
    }

    @Test func dialingADroppedPeerIsSeen() {
        let e = Self.evidence(canaries: [Self.canary("added", "127.0.21.1:5000", dialledAt: 2), Self.canary("dropped", "127.0.21.2:5001", dialledAt: 2.1)])
        #expect(judge(e, ClientProfile.aria2136.swarm)[SwarmCases.droppedNotDialed.id]?.verdict == .pass)
        #expect(judge(e, ClientProfile.libtorrent20.swarm)[SwarmCases.droppedNotDialed.id]?.verdict == .fail)
    }

    @Test func noPexMeansNoSendingVerdict() {
        let f = judge(Self.evidence(canaries: []), ClientProfile.libtorrent20.swarm)
        for probeCase in SwarmCases.sending {
            #expect(f[probeCase.id]?.verdict == .inconclusive, "\(probeCase.id): \(f[probeCase.id]?.actual ?? "")")
        }
        #expect(f[SwarmCases.privateNotSent.id]?.verdict == .inconclusive)
    }

    @Test func relayingTheDeadAddressFails() {
        let relayed = UTPexMessage(added: [PexPeer(address: Self.address("127.0.21.9:4444"))])
        let e = Self.evidence(canaries: [], bPex: [(3, relayed)])
        let finding = judge(e, ClientProfile.libtorrent20.swarm)[SwarmCases.onlyConnectedCase.id]
        #expect(finding?.verdict == .fail)
        #expect(finding?.actual.contains("dead address") == true)
    }

    @Test func droppedAfterDisconnectAndTheInterval() {
        let c = PeerAddress(ip: .v4(0x7F00_1403), port: 40003)
        let e = Self.evidence(canaries: [], bPex: [(1, UTPexMessage(added: [PexPeer(address: c)])), (31, UTPexMessage(dropped: [c]))])
        let f = judge(e, ClientProfile.libtorrent20.swarm)
        #expect(f[SwarmCases.droppedOnDisconnect.id]?.verdict == .observed)
        #expect(f[SwarmCases.droppedOnDisconnect.id]?.observation == "named in dropped")
        #expect(f[SwarmCases.droppedOnDisconnect.id]?.expected.contains("sendsDroppedOnDisconnect") == true)
        // 30 s between two messages: under BEP 11's minute and libtorrent's 60 s.
        #expect(f[SwarmCases.interval.id]?.verdict == .fail)
        #expect(judge(e, SwarmBehaviour(), nil)[SwarmCases.interval.id]?.verdict == .observed)
    }

    @Test func theRecipientListedToItself() {
        let b = PeerAddress(ip: .v4(0x7F00_1402), port: 40002)
        let e = Self.evidence(canaries: [], bPex: [(1, UTPexMessage(added: [PexPeer(address: b)]))])
        #expect(judge(e, ClientProfile.libtorrent20.swarm)[SwarmCases.noSelf.id]?.verdict == .pass)
        #expect(judge(e, ClientProfile.aria2136.swarm)[SwarmCases.noSelf.id]?.verdict == .observed)
    }

    @Test func pexOnAPrivateTorrentFails() {
        let e = Self.evidence(canaries: [], privatePex: [(3, UTPexMessage(added: [PexPeer(address: Self.address("127.0.20.9:1000"))]))])
        #expect(judge(e, ClientProfile.libtorrent20.swarm)[SwarmCases.privateNotSent.id]?.verdict == .fail)
        #expect(judge(e, ClientProfile.libtorrent20.swarm)[SwarmCases.privateNotAdvertised.id]?.verdict == .pass)
    }

    @Test func amplificationFigure() {
        var canaries = (0..<200).map { Self.canary("one-source", "127.0.23.\($0 % 250 + 1):\(6000 + $0)") }
        for i in 0..<50 { canaries[i].hits = [CanaryHit(time: 2 + Double(i) * 0.02, from: "127.0.0.1:1", infoHash: Self.hash)] }
        var e = Self.evidence(canaries: canaries)
        e.peers.append(Self.peer("O", 7))
        e.steps["one-source"] = 1
        let f = judge(e, ClientProfile.libtorrent20.swarm)[SwarmCases.oneSource.id]
        #expect(f?.verdict == .pass)
        #expect(f?.observation == "50 of 200")
        #expect(f?.actual.hasPrefix("amplification 50: 50 of 200") == true)
        #expect(judge(e, ClientProfile.transmission300.swarm)[SwarmCases.oneSource.id]?.verdict == .fail)
    }
}
