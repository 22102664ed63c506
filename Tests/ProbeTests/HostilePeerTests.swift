import Foundation
import PeerWire
import PexModel
import Report
import Testing
import WireJSON

@testable import Probe

/// The probe against scripted hostile clients (issue 15): what a flood, an endless length
/// prefix, a huge ut_pex and a reset do to its verdicts and its state. Sizes are asserted here;
/// memory and wall time are measured by ci/hostile, not by these tests.
@Suite struct HostilePeerTests {
    let faults = FaultTests()
    var opening: [UInt8] { FakeClient.opening(infoHash: FaultTests.infoHash) + PeerMessage.bitfield([0]).encoded }

    @Test func keepAliveFloodIsAFindingAndStaysBounded() async throws {
        let (report, _) = try await faults.run(
            script: opening, closeAfter: false, then: .flood([UInt8](repeating: 0, count: 4096)),
            cases: ["ut_pex/send/received", "bep3/frame/keep-alive-flood"], window: 2)
        let flood = try #require(report.results.first { $0.probeCase == FloodCheck.keepAliveFlood })
        #expect(flood.verdict == .fail, "\(flood.actual)")
        #expect(flood.actual.contains("keep-alives in"), "\(flood.actual)")
        #expect(flood.evidence.first?.contains("keep-alives") == true)
        let log = flood.log
        #expect(log.count <= ProbeConfiguration(target: .init(ip: .v4(0), port: 0), infoHash: []).maxLogEntries + ProbeConfiguration.logTailEntries)
        #expect(log.contains { $0.count > 1_000 }, "the run of keep-alives is one coalesced entry")
        let json = JSONRenderer.render(report.run)
        #expect(json.utf8.count < 1 << 20, "report under 1 MiB: \(json.utf8.count) bytes")
        #expect(json.components(separatedBy: "\"entries\"").count - 1 == 1, "two cases on one connection, its log once")
    }

    @Test func robustnessInputOnAConnectionTheProbeEndedIsAnError() async throws {
        // The client answers the opening, then sends a 4 GiB length prefix half a second later:
        // the probe closes the connection (frame_too_large) while it waits for a reaction.
        let (report, _) = try await faults.run(
            script: opening, closeAfter: false, then: .later([0xFF, 0xFF, 0xFF, 0xFF, 20, 0], seconds: 0.5), cases: ["ut_pex/receive/empty"])
        let result = try #require(report.results.first)
        #expect(result.verdict == .error, "\(result.verdict): \(result.actual)")
        #expect(result.reason?.contains("the probe ended the connection") == true, "\(result.reason ?? "no reason")")
        #expect(result.reaction == nil, "no reaction is claimed")
        #expect(!report.allAsExpected(), "exit 1")
    }

    @Test func hundredThousandPeerPexFailsWellFormedWithRealCounts() async throws {
        let added = hundredThousandPeers()
        let payload = Array("d5:added600000:".utf8) + added + Array("7:added.f100000:".utf8) + [UInt8](repeating: 0, count: 100_000) + Array("e".utf8)
        let script = opening + PeerMessage.extended(id: 6, payload: payload).encoded
        let (report, _) = try await faults.run(
            script: script, closeAfter: false, cases: ["ut_pex/send"], window: 2)
        let wellFormed = try #require(report.results.first { $0.probeCase == PexObservation.wellFormed })
        #expect(wellFormed.verdict == .fail, "\(wellFormed.actual)")
        #expect(wellFormed.actual.contains("too_many_peers"), "\(wellFormed.actual)")
        let notEmpty = try #require(report.results.first { $0.probeCase == PexObservation.notEmpty })
        #expect(notEmpty.actual.contains("+100000/-0"), "\(notEmpty.actual)")
        let summary = try #require(wellFormed.log.first { $0.summary.hasPrefix("extended 6 (ut_pex)") && $0.kind == .received }?.summary)
        #expect(summary.contains("added 100000: 10.0.0.0:6881"), "addresses, not hex: \(summary)")
    }

    @Test func resetMidFrameKeepsTheCutOffBytes() async throws {
        let cut: [UInt8] = [0, 0, 0, 16, 20, 1, 0x61]
        let (report, _) = try await faults.run(script: opening + cut, closeAfter: false, then: .reset, cases: ["ut_pex/send/received"])
        let result = try #require(report.results.first)
        #expect(result.verdict == .error || result.verdict == .fail, "\(result.verdict): \(result.actual)")
        let text = result.actual + " " + result.log.map(\.summary).joined(separator: " ")
        #expect(text.contains("errno") || text.contains("middle of a frame"), "\(text)")
        #expect(result.log.contains { $0.kind == .received && $0.framing == .none && $0.bytes == cut }, "the cut-off bytes are in the wire log")
    }
}

/// The probe's bounded state, driven alone.
@Suite struct BoundedStateTests {
    @Test func gateCoalescesRunsAndCountsTheExcess() {
        var gate = FrameGate(maxFramesPerSecond: 3)
        var events: [ConnectionEvent] = []
        for n in 0..<10_000 { events += gate.admit(.keepAlive, bytes: [0, 0, 0, 0], time: Double(n) * 0.0001) }
        for n in 0..<10 { events += gate.admit(.have(pieceIndex: UInt32(n)), bytes: PeerMessage.have(pieceIndex: UInt32(n)).encoded, time: 0.5) }
        events += gate.flush(time: 2)
        var delivered = 0, repeated = 0, excess = 0
        for event in events {
            switch event {
            case .message: delivered += 1
            case .repeated(_, _, let count, _, _): repeated += count
            case .excess(let frames, _, _, _, _): excess += frames
            default: break
            }
        }
        #expect(delivered == 3, "the first keep-alive and two haves, then the cap")
        #expect(repeated == 9_999)
        #expect(excess == 8)
        #expect(events.count < 10, "\(events.count) events for 10,010 frames")
    }

    @Test func logKeepsHeadAndTailAndCountsTheRest() {
        var log = ConnectionLog(maxEntries: 10, maxBytes: 1 << 20, tailEntries: 5)
        for n in 0..<1_000 { log.append(WireLogEntry(kind: .received, time: Double(n), framing: .standard, bytes: PeerMessage.have(pieceIndex: UInt32(n)).encoded, summary: "have \(n)")) }
        #expect(log.entries.count == 15)
        #expect(log.omitted == 985)
        #expect(log.entries.last?.summary == "have 999")
        for n in 0..<1_000 { log.append(WireLogEntry(kind: .received, time: Double(n), framing: .standard, bytes: [0, 0, 0, 0], summary: "keep_alive")) }
        #expect(log.entries.last?.count == 1_000, "identical entries coalesce")
    }

    @Test func reportHexIsBudgetedPerConnection() {
        let log = (0..<200).map { n in WireLogEntry(kind: .received, time: Double(n), framing: .standard, bytes: [UInt8](repeating: 1, count: 4_096), summary: "frame \(n)") }
        let entries = WireLogEntry.reportEntries(log)
        let hex = entries.reduce(0) { $0 + ($1.hex?.count ?? 0) }
        #expect(hex <= 2 * (WireLogEntry.hexBudgetPerLog + 200 * WireLogEntry.hexBytesPastBudget))
        #expect(entries.allSatisfy { $0.length == 4_096 }, "the length stays whole")
    }

    @Test func logMemoryCapCutsBytesNotLengths() {
        var log = ConnectionLog(maxEntries: 100, maxBytes: 10_000, tailEntries: 5)
        for n in 0..<20 { log.append(WireLogEntry(kind: .sent, time: Double(n), framing: .standard, bytes: [UInt8](repeating: UInt8(n), count: 4_000), summary: "big \(n)")) }
        #expect(log.memory < 10_000 + 20 * (ConnectionLog.entryOverhead + ConnectionLog.bytesKeptOverCap + 8))
        #expect(log.entries.allSatisfy { $0.length == 4_000 })
        #expect(log.entries.contains { !$0.isWhole })
    }
}

/// 100,000 compact IPv4 entries 10.x.y.z:6881 (600,000 bytes), made at test time.
func hundredThousandPeers() -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(600_000)
    for n in 0..<100_000 {
        let value = UInt32(0x0A00_0000) + UInt32(n)
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF), 0x1A, 0xE1]
    }
    return bytes
}

/// The run's deadline (``RunDeadline``) against scripted clients: the whole case set, swarm
/// included, ends by it, and what it cut is `inconclusive`, never `pass`. Wall-clock bounds here
/// only prove "no hang"; ci/hostile measures the run against window + 15 s.
@Suite struct RunDeadlineTests {
    let faults = FaultTests()
    var opening: [UInt8] { FakeClient.opening(infoHash: FaultTests.infoHash) + PeerMessage.bitfield([0]).encoded }

    @Test func floodWithEveryCaseEndsAtTheDeadlineAndPassesNothingItCut() async throws {
        // No case filter: connection 0, every robustness connection and the swarm, 2 s window.
        let (report, elapsed) = try await faults.run(
            script: opening, closeAfter: false, then: .flood([UInt8](repeating: 0, count: 4096)), cases: [], window: 2
        ) {
            $0.handshakeTimeout = 2
            $0.swarmNet = 124
        }
        #expect(Set(report.results.map(\.probeCase.id)) == Set(ProbeRunner.cases.map(\.id)), "every case has a result")
        let cut = report.results.filter { $0.reason?.contains(RunDeadline.reason) ?? false }
        #expect(!cut.isEmpty, "the swarm's 2 s cannot decide its cases")
        #expect(cut.allSatisfy { $0.verdict == .inconclusive }, "\(cut.map { "\($0.probeCase.id): \($0.verdict)" })")
        let swarm = Set(SwarmCases.all.map(\.id))
        #expect(cut.allSatisfy { swarm.contains($0.probeCase.id) }, "the single-connection cases fit: \(cut.map(\.probeCase.id))")
        // Passes only where the evidence is whole: the handshakes, and the swarm's connections.
        let passed = Set(report.results.filter { $0.verdict == .pass }.map(\.probeCase.id))
        let earned = Set((HandshakeChecks.handshakeCases + HandshakeChecks.extendedCases + [SwarmCases.plan]).map(\.id))
        #expect(passed.isSubset(of: earned), "\(passed.subtracting(earned))")
        let flood = try #require(report.results.first { $0.probeCase == FloodCheck.keepAliveFlood })
        #expect(flood.verdict == .fail, "\(flood.actual)")
        #expect(report.notes.contains { $0.hasPrefix("RUN DEADLINE:") }, "\(report.notes)")
        #expect(elapsed < 90, "window 2 s + grace 10 s, not a hang (generous for a loaded machine)")
    }

    @Test func robustnessConnectionsCutByTheDeadlineAreInconclusive() async throws {
        // Every connection gets its handshake 4 s late: connection 0 then makes the plan, and the
        // robustness connections opened then would wait 4 s more, past the deadline (run window
        // 2 + 0.5 s, grace 1 s).
        let (report, elapsed) = try await faults.run(
            script: [], closeAfter: false, then: .later(opening, seconds: 4), cases: ["ut_pex/receive/empty", "bep3/frame/oversized", "bep10/handshake"],
            window: 1
        ) {
            $0.settleTime = 0.5
            $0.handshakeTimeout = 10
            $0.runGrace = 1
        }
        let robustness = report.results.filter { $0.probeCase.id != HandshakeChecks.extensionBit.id }
        #expect(robustness.count == 2)
        for result in robustness {
            #expect(result.verdict == .inconclusive, "\(result.probeCase.id): \(result.verdict) \(result.actual)")
            #expect(result.reason?.contains(RunDeadline.reason) == true, "\(result.probeCase.id): \(result.reason ?? "no reason")")
        }
        #expect(report.results.first { $0.probeCase == HandshakeChecks.extensionBit }?.verdict == .pass, "connection 0 is judged")
        #expect(elapsed < 90, "4 s opening + 3.5 s to the deadline, not a hang")
    }
}
