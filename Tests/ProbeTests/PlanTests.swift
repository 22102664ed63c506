import Foundation
import PexModel
import Report
import Testing

@testable import Probe

/// Connection planning against a scripted client that, like rtorrent, enables ut_pex on only so
/// many connections at once: every robustness case gets a PEX-enabled connection, and none is
/// reported as "does not advertise ut_pex" when connection 0 had it.
@Suite struct PlanTests {
    static let infoHash = [UInt8](repeating: 0xAB, count: 20)
    static let robustness = ["ut_pex/receive", "bep3/frame", "bep10/message/too-short"]

    func run(cap: Int, version: String, cases: [String] = robustness) async throws -> ProbeReport {
        let client = try await FakeClient.startCapped(infoHash: Self.infoHash, cap: cap, version: version)
        var configuration = ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: UInt16(client.port)), infoHash: Self.infoHash)
        configuration.window = 2
        configuration.handshakeTimeout = 2
        configuration.settleTime = 1
        configuration.caseFilter = cases
        let report = await ProbeRunner(configuration: configuration).run()
        await client.stop()
        return report
    }

    @Test func cappedProfileRunsOneAtATime() async throws {
        // rtorrent's v: its profile caps PEX connections, so the cases run one after another and
        // a client that allows only 2 at once (connection 0 and one more) serves them all.
        let report = try await run(cap: 2, version: "libTorrent 0.13.8")
        #expect(report.profile == "rtorrent-0.9.8")
        #expect(report.notes.contains { $0.hasPrefix("PLAN:") })
        #expect(report.results.count == RobustnessProbe.all.count + FloodCheck.cases.count)
        for result in report.results {
            #expect(result.verdict != .skipped && result.verdict != .inconclusive, "\(result.probeCase.id): \(result.actual)")
            #expect(!result.actual.contains("ut_pex = 0"), "\(result.probeCase.id): \(result.actual)")
        }
    }

    @Test func refusedConnectionsAreRetried() async throws {
        // No profile: all 8 at once, 4 get ut_pex; the refused ones are tried again once the
        // others have closed.
        let report = try await run(cap: 5, version: "Tixati 3.19")
        #expect(report.profile == nil)
        let skipped = report.results.filter { $0.verdict == .skipped || $0.verdict == .inconclusive }
        #expect(skipped.isEmpty, "\(skipped.map { "\($0.probeCase.id): \($0.actual)" })")
        #expect(report.results.allSatisfy { $0.verdict == .observed || $0.verdict == .pass }, "\(report.results.map(\.verdict))")
    }

    @Test func noPexAnywhereSaysSo() async throws {
        let report = try await run(cap: 0, version: "libTorrent 0.13.8", cases: ["ut_pex/receive/empty", "ut_pex/send/received"])
        let received = try #require(report.results.first { $0.probeCase.id == "ut_pex/send/received" })
        #expect(received.verdict == .inconclusive)
        #expect(received.actual.contains("m.ut_pex = 0"), "\(received.actual)")
        let empty = try #require(report.results.first { $0.probeCase.id == "ut_pex/receive/empty" })
        #expect(empty.verdict == .inconclusive)
        #expect(empty.actual.contains("connection 0 got no id either"), "\(empty.actual)")
    }

    @Test func unprofiledRunSaysSoFirstAndFails() async throws {
        let report = try await run(cap: 20, version: "Tixati 3.19", cases: ["ut_pex/receive/empty"])
        #expect(report.notes.first?.hasPrefix("NO PROFILE: none matches the client's v \"Tixati 3.19\"") == true, "\(report.notes)")
        #expect(report.notes.first?.contains("--profile") == true)
        #expect(report.unprofiledRobustness)
        #expect(TextRenderer.render(report.run).hasPrefix("NO PROFILE:"))
        let profiled = try await run(cap: 20, version: "aria2/1.36.0", cases: ["ut_pex/receive/empty"])
        #expect(!profiled.unprofiledRobustness)
        #expect(profiled.notes.isEmpty, "no profile note, and no window note when no ut_pex/send case runs: \(profiled.notes)")
    }

    @Test func windowFollowsTheProfile() {
        let target = PeerAddress(ip: .v4(0x7F00_0001), port: 1)
        var configuration = ProbeConfiguration(target: target, infoHash: Self.infoHash)
        #expect(ConnectionPlan(configuration: configuration, version: "libTorrent 0.13.8", firstHasPex: true).window == 250)
        #expect(ConnectionPlan(configuration: configuration, version: "libtorrent/2.0.8.0", firstHasPex: true).window == 130)
        #expect(ConnectionPlan(configuration: configuration, version: "aria2/1.36.0", firstHasPex: true).window == 130)
        #expect(ConnectionPlan(configuration: configuration, version: "Transmission 3.00", firstHasPex: true).window == 190)
        #expect(ConnectionPlan(configuration: configuration, version: "Tixati 3.19", firstHasPex: true).window == 130)
        configuration.window = 70
        let short = ConnectionPlan(configuration: configuration, version: "libTorrent 0.13.8", firstHasPex: true)
        #expect(short.window == 70)
        #expect(short.notes.contains { $0.hasPrefix("SHORT WINDOW: 70 s is less than two of rtorrent-0.9.8's 120 s PEX intervals") }, "\(short.notes)")
        configuration.window = 250
        let enough = ConnectionPlan(configuration: configuration, version: "libTorrent 0.13.8", firstHasPex: true)
        #expect(!enough.notes.contains { $0.hasPrefix("SHORT WINDOW") })
    }
}
