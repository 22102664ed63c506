import Conformance
import Foundation
import NIOCore
import NIOPosix
import PeerWire
import PexModel

/// Runs every selected case against one client, each group on its own connection and all of
/// them at once, so the whole probe takes about one observation window.
///
/// Connection 0 checks the handshake, the extended handshake and the ut_pex the client sends
/// over ``ProbeConfiguration/window``; connections 1… each send one robustness input. One more
/// connection changes the client's peer set while connection 0 watches, so that a client that
/// sends PEX only on change has a change to send: it opens 5 s in, announces a listen port
/// (``ProbeConfiguration/churnPort``; clients list only peers whose port they know) and closes
/// 10 s before the window ends.
///
/// The whole run is bounded (``RunDeadline``): once connection 0 has made the plan, every task
/// has until the run's window (``ConnectionPlan/runWindow(configuration:)``) and
/// ``ProbeConfiguration/runGrace`` after it; a case that could not finish by then is
/// `inconclusive` ("run deadline reached"), never `pass`.
public struct ProbeRunner: Sendable {
    public var configuration: ProbeConfiguration

    public init(configuration: ProbeConfiguration) {
        self.configuration = configuration
    }

    /// Every case, in report order.
    public static var cases: [ProbeCase] {
        HandshakeChecks.handshakeCases + HandshakeChecks.extendedCases + PexObservation.cases + FloodCheck.cases
            + RobustnessProbe.all.map(\.probeCase) + SwarmCases.all
    }

    public func run() async -> ProbeReport {
        let started = Date()
        let clock = ContinuousClock()
        let start = clock.now
        let robustness = RobustnessProbe.all.filter { configuration.selects($0.probeCase.id) }
        let watchesPex = PexObservation.cases.contains { configuration.selects($0.id) }
        let deadline = RunDeadline()
        // Connection 0 opens first: its extended handshake names the client, and the plan for
        // every other connection follows from that (ConnectionPlan).
        let (plans, planned) = AsyncStream.makeStream(of: ConnectionPlan.self)
        var results: [ProbeCaseResult] = []
        var client: String?
        var profile: String?
        var churnNote: String?
        var swarmConnections: [SwarmConnectionLog] = []
        // The swarm beside the single-connection cases (its peers are also the churn that makes
        // a client send a second ut_pex in a short window). Against a client that enables ut_pex
        // on only so many connections (rtorrent: 8 per torrent), run its cases alone (--case).
        let swarm = SwarmCases.all.contains { configuration.selects($0.id) } ? SwarmRunner(configuration: configuration, deadline: deadline) : nil
        async let swarmOutcome = swarm?.run()
        var plan: ConnectionPlan?
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask {
                await observe(connectionIndex: 0, publish: planned, deadline: deadline)
            }
            group.addTask {
                var waiting = plans.makeAsyncIterator()
                let plan = await waiting.next() ?? ConnectionPlan(configuration: configuration, version: nil, firstHasPex: false)
                return await withTaskGroup(of: Outcome.self) { inner in
                    inner.addTask { await testAll(robustness, plan: plan, deadline: deadline) }
                    if watchesPex && plan.window > 20 {
                        inner.addTask {
                            Outcome(note: await churn(connectionIndex: robustness.count + 1, window: plan.window, deadline: deadline))
                        }
                    }
                    var merged = Outcome(plan: plan)
                    for await outcome in inner { merged.merge(outcome) }
                    return merged
                }
            }
            for await outcome in group {
                results += outcome.results
                client = client ?? outcome.client
                profile = profile ?? outcome.profile
                churnNote = churnNote ?? outcome.note
                plan = plan ?? outcome.plan
            }
        }
        if let outcome = await swarmOutcome {
            results += outcome.results
            client = client ?? outcome.client
            profile = profile ?? outcome.profile
            swarmConnections = outcome.connections
        }
        if let churnNote, let i = results.firstIndex(where: { $0.probeCase == PexObservation.received }) {
            results[i].actual += " (peer-set change: \(churnNote))"
        }
        let order = Dictionary(uniqueKeysWithValues: Self.cases.enumerated().map { ($1.id, $0) })
        results.sort { order[$0.probeCase.id, default: .max] < order[$1.probeCase.id, default: .max] }
        let elapsed = clock.now - start
        var report = ProbeReport(
            target: configuration.target.description, infoHash: configuration.infoHash, client: client, profile: profile,
            started: started, duration: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            results: results, swarmConnections: swarmConnections)
        report.window = plan?.window ?? configuration.window ?? ConnectionPlan.defaultWindow
        report.notes = plan?.notes ?? []
        let cut = results.filter { $0.reason?.contains(RunDeadline.reason) ?? false }
        if !cut.isEmpty, let plan {
            report.notes.append(
                "RUN DEADLINE: \(cut.count) case(s) could not finish within the run's window (\(ProbePeer.seconds(plan.runWindow(configuration: configuration)))) and its \(ProbePeer.seconds(configuration.runGrace)) of grace: inconclusive, \(RunDeadline.reason)")
        }
        report.markKnownDeviations(of: profile.flatMap(ClientProfile.named))
        return report
    }

    /// What one task of a run found.
    struct Outcome: Sendable {
        var results: [ProbeCaseResult] = []
        var client: String?
        var profile: String?
        var note: String?
        var plan: ConnectionPlan?

        mutating func merge(_ other: Outcome) {
            results += other.results
            client = client ?? other.client
            profile = profile ?? other.profile
            note = note ?? other.note
            plan = plan ?? other.plan
        }
    }
}
