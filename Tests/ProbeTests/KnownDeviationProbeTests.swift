import Conformance
import PeerWire
import PexModel
import Testing

@testable import Probe

/// The probe against a scripted client that sends `de` (BEP 11 forbids an empty ut_pex): with the
/// profile its `v` names declaring that deviation (aria2 1.36), `ut_pex/send/not-empty` is a
/// `fail` marked known and the run is as expected unless strict; with a profile that declares
/// nothing (libtorrent 2.0), a plain `fail`.
@Suite struct KnownDeviationProbeTests {
    static let infoHash = [UInt8](repeating: 0xAB, count: 20)

    /// A handshake, an extended handshake with `v` and ut_pex 1, then one ut_pex under the probe's id.
    static func script(version: String, pex: [UInt8]) -> [UInt8] {
        let handshake = Handshake(reserved: [.extensionProtocol], infoHash: infoHash, peerID: Array("-FK0001-abcdefghijkl".utf8))
        let extended = "d1:md6:ut_pexi1ee1:v\(version.utf8.count):\(version)e"
        return (handshake?.encoded ?? []) + PeerMessage.extended(id: 0, payload: Array(extended.utf8)).encoded
            + PeerMessage.extended(id: ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: 1), infoHash: infoHash).pexExtensionID, payload: pex).encoded
    }

    func probe(version: String, pex: [UInt8] = Array("de".utf8)) async throws -> ProbeReport {
        let client = try await FakeClient.start(script: Self.script(version: version, pex: pex), closeAfter: false)
        var configuration = ProbeConfiguration(target: PeerAddress(ip: .v4(0x7F00_0001), port: UInt16(client.port)), infoHash: Self.infoHash)
        configuration.window = 2
        configuration.handshakeTimeout = 5
        configuration.settleTime = 1
        configuration.caseFilter = ["ut_pex/send/not-empty"]
        let report = await ProbeRunner(configuration: configuration).run()
        await client.stop()
        return report
    }

    @Test func anEmptyMessageFromAria2IsAKnownFail() async throws {
        let report = try await probe(version: "aria2/1.36.0")
        #expect(report.profile == "aria2-1.36")
        let result = try #require(report.results.first { $0.probeCase.id == "ut_pex/send/not-empty" })
        #expect(result.verdict == .fail, "\(result.actual)")
        #expect(result.actual.hasPrefix("empty at t="))
        let declared = try #require(ClientProfile.aria2136.knownDeviations["ut_pex/send/not-empty"])
        #expect(result.known == declared)
        #expect(declared.contains("DefaultBtInteractive.cc:505-528"))
        #expect(result.result.verdictText == "fail (known: \(declared))")
        #expect(report.allAsExpected(), "pexspec probe exits 0")
        #expect(!report.allAsExpected(strict: true), "pexspec probe --strict exits 1")
        #expect(report.summaryLine.contains("1 failed (1 known)"))
    }

    @Test func theSameMessageUnderAProfileThatDeclaresNothingIsAPlainFail() async throws {
        let report = try await probe(version: "libtorrent/2.0.8.0")
        #expect(report.profile == "libtorrent-2.0")
        let result = try #require(report.results.first { $0.probeCase.id == "ut_pex/send/not-empty" })
        #expect(result.verdict == .fail)
        #expect(result.known == nil)
        #expect(!report.allAsExpected(), "pexspec probe exits 1")
    }

    @Test func aDeclaredDeviationThatDoesNotHappenIsAnUnmarkedPass() async throws {
        let report = try await probe(version: "aria2/1.36.0", pex: Array("d5:added6:".utf8) + [0x7F, 0, 0, 9, 0x1A, 0xE1] + Array("e".utf8))
        let result = try #require(report.results.first { $0.probeCase.id == "ut_pex/send/not-empty" })
        #expect(result.verdict == .pass, "\(result.actual)")
        #expect(result.known == nil && result.result.known == nil)
        #expect(report.allAsExpected(strict: true))
    }
}
