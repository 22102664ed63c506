@testable import ClientFuzz
import Foundation
import PexModel
import Probe
import Testing
import WireJSON

@Suite struct ClientFuzzerTests {
    static let infoHash = [UInt8](repeating: 0xAB, count: 20)

    static func configuration(port: Int) -> ClientFuzzConfiguration {
        var configuration = ClientFuzzConfiguration(probe: ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: UInt16(port)), infoHash: infoHash))
        configuration.probe.firstSourceAddress = nil
        configuration.duration = 2
        configuration.parallel = 2
        configuration.pace = 0.02
        configuration.settle = 0.2
        configuration.minimizeTime = 3
        // Generous: the suite runs beside other work; a slow answer is not what this test checks.
        configuration.healthDeadline = 20
        configuration.profile = "libtorrent-2.0"
        configuration.pid = ProcessInfo.processInfo.processIdentifier
        return configuration
    }

    /// A whole run against a scripted client: messages go out, the client is checked after each
    /// batch, and the report renders in every format.
    @Test func runsAgainstAFakeClient() async throws {
        let target = try await FakeTarget.start(infoHash: Self.infoHash)
        defer { Task { await target.stop() } }
        // Bounded by a message count, not by 2 s of time: under swift test's parallel load the
        // connections sometimes opened only after a 2 s run had ended, and nothing was sent.
        var configuration = Self.configuration(port: target.port)
        configuration.duration = 60
        configuration.maxMessages = 16
        let fuzzer = ClientFuzzer(configuration: configuration, generator: .loading(corpus: MessageGeneratorTests.corpus))
        let report = await fuzzer.run()
        await target.stop()
        #expect(report.client == "fake")
        #expect(report.messagesSent > 0)
        #expect(report.batches >= 1)
        #expect(report.healthChecks == report.batches)
        #expect(report.healthFailures.isEmpty)
        #expect(!report.findings.contains { $0.kind == .crash || $0.kind == .hang })
        #expect(report.peakRSSKiB ?? 0 > 0)
        #expect(report.reactions.reduce(0) { $0 + $1.count } <= report.connections)
        #expect(FuzzReportText.render(report).contains("messages sent: \(report.messagesSent)"))
        let json = try JSONValue.parse(FuzzReportJSON.render(report))
        #expect(json["messages_sent"]?.integerValue == Int64(report.messagesSent))
        let probe = FuzzRun.probeReport(report)
        #expect(FuzzRun.run(report).tool == "fuzz-client")
        #expect(probe.results.first { $0.probeCase.id == "fuzz/health/answers" }?.verdict == .pass)
    }

    /// A client that is not there: the run ends at once with the reason, no batch and no finding.
    @Test func clientDownEndsTheRun() async {
        var configuration = Self.configuration(port: 1)
        configuration.pid = nil
        let report = await ClientFuzzer(configuration: configuration, generator: .loading(corpus: nil)).run()
        #expect(report.batches == 0)
        #expect(report.stopReason.hasPrefix("the client does not answer"))
    }

    /// Minimisation narrows a run to the one message that draws the disconnect.
    @Test func minimisesToTheTrigger() async {
        let fuzzer = ClientFuzzer(configuration: Self.configuration(port: 1), generator: .loading(corpus: nil))
        let messages = (0..<6).map { FuzzMessage(kind: .utPex, bytes: [0, 0, 0, 2, 20, UInt8($0)], origin: "m\($0)") }
        fuzzer.replay = { kind, sent in
            let hit = sent.contains { $0.origin == "m2" }
            return SessionOutcome(
                index: 0, kind: kind, connection: "test", openingFailure: nil, messages: sent, sent: sent.count, sendTimes: [], end: hit ? "closed" : nil,
                endTime: nil, closedByClient: hit, clientVersion: nil, clientExtendedHandshake: nil, clientSpeaksAzureus: false, clientPexID: 1, log: [],
                prediction: nil)
        }
        let result = await fuzzer.minimize(messages, kind: .utPex, deadline: 1_000)
        #expect(result.messages?.map(\.origin) == ["m2"])
        #expect(result.reproduced == true)
    }
}
