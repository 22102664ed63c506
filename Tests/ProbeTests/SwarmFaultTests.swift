import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import Testing

@testable import Probe

/// The swarm against scripted clients that never answer, answer and then say nothing, or close
/// every connection: each run ends within its window with no `pass` it did not earn, and every
/// canary takes connections without blocking.
@Suite struct SwarmFaultTests {
    static let infoHash = [UInt8](repeating: 0xAB, count: 20)

    func run(script: [UInt8], closeAfter: Bool) async throws -> (ProbeReport, Double) {
        let client = try await FakeClient.start(script: script, closeAfter: closeAfter)
        var configuration = ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: UInt16(client.port)), infoHash: Self.infoHash)
        configuration.handshakeTimeout = 1
        configuration.settleTime = 1
        configuration.swarmWindow = 4
        configuration.swarmNet = 120
        configuration.privateInfoHash = [UInt8](repeating: 0xCD, count: 20)
        configuration.caseFilter = ["swarm/", "bep11/", "bep10/m/", "bep10/message/unassigned", "bep27/"]
        let start = ContinuousClock.now
        let report = await ProbeRunner(configuration: configuration).run()
        let elapsed = ContinuousClock.now - start
        await client.stop()
        return (report, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test func stalledClient() async throws {
        let (report, elapsed) = try await run(script: [], closeAfter: false)
        #expect(report.results.count == SwarmCases.all.count)
        #expect(report.results.allSatisfy { $0.verdict != .pass }, "\(report.results.filter { $0.verdict == .pass }.map(\.probeCase.id))")
        #expect(report.results.first { $0.probeCase == SwarmCases.plan }?.actual.contains("no handshake") == true)
        #expect(elapsed < 75, "bounded by the openings' timeouts and the window, with room for a loaded machine (about 5 s idle, 42 s seen under load)")
    }

    @Test func clientThatClosesEveryConnection() async throws {
        let (report, elapsed) = try await run(script: FakeClient.opening(infoHash: Self.infoHash), closeAfter: true)
        #expect(report.results.allSatisfy { $0.verdict != .pass }, "\(report.results.filter { $0.verdict == .pass }.map(\.probeCase.id))")
        #expect(elapsed < 90, "bounded, not a hang, with room for a loaded machine")
    }

    @Test func silentClientDecidesNothingItDidNotSee() async throws {
        let (report, _) = try await run(script: FakeClient.opening(infoHash: Self.infoHash), closeAfter: false)
        let byID = Dictionary(uniqueKeysWithValues: report.results.map { ($0.probeCase.id, $0) })
        for probeCase in SwarmCases.sending {
            #expect(byID[probeCase.id]?.verdict == .inconclusive, "\(probeCase.id): \(byID[probeCase.id]?.actual ?? "")")
        }
        // It never dialled: not dialling a dropped canary shows nothing.
        #expect(byID[SwarmCases.droppedNotDialed.id]?.verdict == .inconclusive)
        #expect(byID[SwarmCases.dialsAdded.id]?.verdict == .observed)
    }

    @Test func canaryRecordsEveryDialWithoutBlocking() async throws {
        let clock = ConnectionClock()
        let canary = try await Canary.listen(on: .v4(0x7F00_7B01), group: MultiThreadedEventLoopGroup.singleton, clock: clock)
        var channels: [Channel] = []
        for _ in 0..<80 {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.123.1", port: Int(canary.address.port)).get()
            channels.append(channel)
        }
        let first = try #require(channels.first)
        var reserved = ReservedBits()
        reserved.insert(.extensionProtocol)
        let handshake = try #require(Handshake(reserved: reserved, infoHash: Self.infoHash, peerID: ProbePeer.makePeerID()))
        let extended = PeerMessage.extended(id: 0, payload: Array("d1:md6:ut_pexi1ee1:v4:fakee".utf8)).encoded
        try await first.writeAndFlush(first.allocator.buffer(bytes: handshake.encoded + extended)).get()
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, canary.hitCount < 80 || canary.hits.first?.clientVersion == nil {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(canary.hitCount == 80)
        #expect(canary.hits.count == Canary.maxHitsKept)
        let hit = try #require(canary.hits.first { $0.infoHash != nil })
        #expect(hit.infoHash == Self.infoHash)
        #expect(hit.clientVersion == "fake")
        #expect(hit.extensions == ["ut_pex"])
        await canary.close()
        for channel in channels { try? await channel.close().get() }
    }
}
