import Foundation
import PeerWire
import PexModel
import Testing

@testable import Probe

/// The probe against scripted misbehaving clients: every fault ends in a clear verdict within
/// the case's timeout, never a hang.
@Suite struct FaultTests {
    static let infoHash = [UInt8](repeating: 0xAB, count: 20)

    func run(
        script: [UInt8], closeAfter: Bool, then: FakeClient.Then = .nothing, cases: [String] = ["ut_pex/send/received"], window: Double = 2,
        configure: (inout ProbeConfiguration) -> Void = { _ in }
    ) async throws -> (ProbeReport, Double) {
        let client = try await FakeClient.start(script: script, closeAfter: closeAfter, then: then)
        var configuration = ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: UInt16(client.port)), infoHash: Self.infoHash)
        configuration.window = window
        configuration.handshakeTimeout = 1
        configuration.settleTime = 1
        configuration.caseFilter = cases
        configure(&configuration)
        let start = ContinuousClock.now
        let report = await ProbeRunner(configuration: configuration).run()
        let elapsed = ContinuousClock.now - start
        await client.stop()
        return (report, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test func stalledClientTimesOut() async throws {
        let (report, elapsed) = try await run(script: [], closeAfter: false)
        let result = try #require(report.results.first)
        #expect(result.verdict == .error)
        #expect(result.actual.contains("no handshake within 1 s"), "\(result.actual)")
        #expect(elapsed < 90, "a verdict within the case's timeouts, not a hang (about 5 s idle; 26 s seen under swift test's own parallel load)")
        #expect(!report.allAsExpected())
    }

    @Test func garbageInsteadOfHandshake() async throws {
        let (report, elapsed) = try await run(script: Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8), closeAfter: false)
        let result = try #require(report.results.first)
        #expect(result.verdict == .error)
        #expect(result.actual.contains("bad_protocol"), "\(result.actual)")
        #expect(elapsed < 90, "a verdict within the case's timeouts, not a hang (about 5 s idle; 26 s seen under swift test's own parallel load)")
    }

    @Test func fourGigabyteLengthPrefix() async throws {
        let script = FakeClient.opening(infoHash: Self.infoHash) + [0xFF, 0xFF, 0xFF, 0xFF, 20, 0]
        let (report, elapsed) = try await run(script: script, closeAfter: false)
        let result = try #require(report.results.first)
        #expect(result.verdict == .error)
        #expect(result.actual.contains("frame_too_large"), "\(result.actual)")
        #expect(elapsed < 90, "a verdict within the case's timeouts, not a hang (about 5 s idle; 26 s seen under swift test's own parallel load)")
    }

    @Test func closesMidFrame() async throws {
        let script = FakeClient.opening(infoHash: Self.infoHash) + [0, 0, 0, 16, 20, 1]
        let (report, elapsed) = try await run(script: script, closeAfter: true)
        let result = try #require(report.results.first)
        #expect(result.verdict == .error)
        #expect(result.actual.contains("middle of a frame (6 bytes"), "\(result.actual)")
        #expect(result.log.contains { $0.kind == .received && $0.bytes == [0, 0, 0, 16, 20, 1] }, "the cut-off bytes are in the wire log")
        #expect(elapsed < 90, "a verdict within the case's timeouts, not a hang (about 5 s idle; 26 s seen under swift test's own parallel load)")
    }

    @Test func nothingListening() async throws {
        // Port 1 (tcpmux) on loopback: nothing in the tests listens there, whereas a port another
        // fake client just freed can be taken by a parallel test's listener (seen: a reset, not a refusal).
        var configuration = ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: 1), infoHash: Self.infoHash)
        configuration.caseFilter = ["bep3/handshake"]
        let report = await ProbeRunner(configuration: configuration).run()
        let result = try #require(report.results.first)
        #expect(result.verdict == .error)
        #expect(result.actual.contains("cannot connect"), "\(result.actual)")
    }

    @Test func wrongInfoHash() async throws {
        let script = FakeClient.opening(infoHash: [UInt8](repeating: 0xCD, count: 20))
        let (report, _) = try await run(script: script, closeAfter: false)
        #expect(report.results.first?.actual.contains("another info-hash") == true)
    }

    @Test func silentClientGetsReceivedFailureAfterTheWindow() async throws {
        let (report, elapsed) = try await run(script: FakeClient.opening(infoHash: Self.infoHash), closeAfter: false, window: 1)
        let result = try #require(report.results.first)
        #expect(result.verdict == .fail)
        #expect(result.actual.contains("no ut_pex"), "\(result.actual)")
        #expect(elapsed < 90, "bitfield wait 3 s + window 1 s, not a hang (30 s seen under swift test's own parallel load)")
    }

    @Test func wellBehavedClientPasses() async throws {
        let pex = PeerMessage.extended(id: 6, payload: Array("d5:added6:".utf8) + [127, 0, 0, 9, 0, 1] + Array("7:added.f1:".utf8) + [0, UInt8(ascii: "e")]).encoded
        let script = FakeClient.opening(infoHash: Self.infoHash) + PeerMessage.bitfield([0]).encoded + pex
        let (report, _) = try await run(script: script, closeAfter: false, cases: ["ut_pex/send", "bep10/handshake", "bep10/ext-handshake", "bep3/handshake"], window: 1)
        #expect(report.results.count == 12)
        for result in report.results where result.probeCase != PexObservation.interval {
            #expect(result.verdict == .pass, "\(result.probeCase.id): \(result.actual)")
            #expect(!result.evidence.isEmpty, "\(result.probeCase.id): every pass names its evidence")
        }
        let interval = try #require(report.results.first { $0.probeCase == PexObservation.interval })
        #expect(interval.verdict == .inconclusive, "one message in a 1 s window: no gap to judge")
        // The probe answered the seed's bitfield with an empty one of the same length.
        let sent = report.results[0].log.filter { $0.kind == .sent }.map(\.bytes)
        #expect(sent.contains(PeerMessage.bitfield([0]).encoded))
        #expect(sent.contains(PeerMessage.interested.encoded))
    }

    @Test func robustnessCaseSeesDisconnect() async throws {
        // Closes right after the opening: whatever the probe sends, the client "disconnects".
        let (report, _) = try await run(script: FakeClient.opening(infoHash: Self.infoHash) + PeerMessage.bitfield([0]).encoded, closeAfter: true, cases: ["ut_pex/receive/empty"])
        let result = try #require(report.results.first)
        #expect(result.probeCase.id == "ut_pex/receive/empty")
        #expect(result.verdict == .error || result.reaction == .disconnects, "\(result.verdict): \(result.actual) \(result.reason ?? "")")
    }
}
