import Bencode
import Conformance
import Foundation
import Probe
import WireCore

/// Runs a fuzz campaign against one live client: batches of ``ClientFuzzConfiguration/parallel``
/// connections, each sending seeded mutated messages of one kind; after each batch a health
/// check (process alive, a fresh connection completes its handshake within the deadline, RSS and
/// open descriptors, the log); then minimisation of what it found, and the report.
///
/// Never unbounded: batches start only within ``ClientFuzzConfiguration/duration`` (and under
/// ``ClientFuzzConfiguration/maxMessages``), every connection's opening and settle are timed,
/// minimisation has its own time budget, and a client that dies, hangs or refuses every
/// connection ends the run at once with the finding.
public final class ClientFuzzer {
    public let configuration: ClientFuzzConfiguration
    let generator: MessageGenerator
    // The run's state; internal for the extensions that update it (ClientFuzzer+Judging,
    // +Health, +Minimization).
    var nextConnection = 0
    var sentByKind: [FuzzMessage.Kind: Int] = [:]
    var skippedKinds: [FuzzMessage.Kind: String] = [:]
    var disconnects: [String: Int] = [:]
    var reactions: [ReactionClass] = []
    var findings: [FuzzFinding] = []
    var samples: [ProcessSample] = []
    var healthChecks = 0
    var healthFailures: [String] = []
    var logWatch: LogWatch
    var connections = 0
    var openingFailures = 0
    var failedInARow = 0
    var replays = 0
    var client: String?
    var profile: ClientProfile?
    var pexID: UInt8 = 1
    var speaksAzureus = false
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    /// A replay hook for tests: the outcome of sending messages on a fresh connection.
    var replay: ((_ kind: FuzzMessage.Kind, _ messages: [FuzzMessage]) async -> SessionOutcome)?

    public init(configuration: ClientFuzzConfiguration, generator: MessageGenerator) {
        self.configuration = configuration
        self.generator = generator
        self.logWatch = LogWatch(paths: configuration.logFiles)
        self.start = clock.now
    }

    var elapsed: Double {
        let d = clock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    public func run() async -> ClientFuzzReport {
        let started = Date()
        var stopReason = "time limit (\(ProbePeer.seconds(configuration.duration)))"
        var batch = 0
        sample()
        if let failure = await healthCheck(learn: true) {
            healthFailures.append("before the first batch: \(failure)")
            return report(started: started, stopReason: "the client does not answer: \(failure)", batches: 0, fuzzingTime: elapsed)
        }
        fuzzing: while elapsed < configuration.duration {
            let sent = sentByKind.values.reduce(0, +)
            if let max = configuration.maxMessages, sent >= max {
                stopReason = "message limit (\(max))"
                break
            }
            let plans = (0..<configuration.parallel).map { _ in plan(remaining: configuration.maxMessages.map { $0 - sent }) }
                .filter { !$0.messages.isEmpty }
            guard !plans.isEmpty else { break }
            let session = FuzzSession(configuration: configuration, profile: profile)
            let outcomes = await withTaskGroup(of: SessionOutcome.self) { group in
                for plan in plans { group.addTask { await session.run(index: plan.index, kind: plan.kind, messages: plan.messages) } }
                var all: [SessionOutcome] = []
                for await outcome in group { all.append(outcome) }
                return all.sorted { $0.index < $1.index }
            }
            for outcome in outcomes { record(outcome, batch: batch) }
            let health = await afterBatch(batch, plans: plans, outcomes: outcomes)
            batch += 1
            if let health {
                stopReason = health
                break fuzzing
            }
            if failedInARow >= configuration.maxFailedOpenings {
                stopReason = "the client refused \(failedInARow) connections in a row"
                findings.append(FuzzFinding(
                    kind: .hang, summary: "the client stopped accepting connections: \(failedInARow) openings in a row failed", connections: plans.map(\.messages),
                    minimized: false, batch: batch - 1, session: nil, log: outcomes.last?.log ?? [], note: "the messages of the last batch"))
                break
            }
        }
        let fuzzingTime = elapsed
        // Connections are closed: give the client a moment, then the last sample for the leak check.
        if !findings.contains(where: { $0.kind == .crash }) {
            try? await Task.sleep(for: .seconds(3))
            sample()
            checkLeaks(batch: max(0, batch - 1))
            await minimize()
        }
        return report(started: started, stopReason: stopReason, batches: batch, fuzzingTime: fuzzingTime)
    }

    // MARK: Planning

    struct Plan {
        var index: Int
        var kind: FuzzMessage.Kind
        var messages: [FuzzMessage]
    }

    /// The next connection's kind and messages, from the seed and the connection's number alone.
    func plan(remaining: Int?) -> Plan {
        let index = nextConnection
        nextConnection += 1
        var generator = SeededGenerator(seed: configuration.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        var kinds = configuration.kinds
        if !speaksAzureus && kinds.contains(.azureus) {
            kinds.removeAll { $0 == .azureus }
            skippedKinds[.azureus] = "the client's handshake does not set the Azureus messaging bit (reserved[0] & 0x80)"
        }
        let weights: [FuzzMessage.Kind: Int] = [.utPex: 4, .extendedHandshake: 3, .framing: 3, .azureus: 2]
        let total = kinds.reduce(0) { $0 + weights[$1, default: 1] }
        var pick = Int.random(in: 0..<max(1, total), using: &generator)
        var kind = kinds.first ?? .utPex
        for candidate in kinds {
            pick -= weights[candidate, default: 1]
            if pick < 0 {
                kind = candidate
                break
            }
        }
        var count = configuration.messagesPerConnection[kind, default: 4]
        if let remaining { count = min(count, max(0, remaining)) }
        let messages = kinds.isEmpty ? [] : (0..<count).map { _ in self.generator.message(kind, pexID: pexID, using: &generator) }
        return Plan(index: index, kind: kind, messages: messages)
    }

    var currentProfile: ClientProfile? { profile }

    func takeConnectionIndex() -> Int {
        defer { nextConnection += 1 }
        connections += 1
        return nextConnection
    }

    func logLook() -> [String] { logWatch.look() }

    // MARK: Report

    func report(started: Date, stopReason: String, batches: Int, fuzzingTime: Double) -> ClientFuzzReport {
        ClientFuzzReport(
            target: configuration.probe.target.description, infoHash: configuration.probe.infoHash, client: client, profile: profile?.id,
            seed: configuration.seed, started: started, duration: elapsed, fuzzingTime: fuzzingTime, stopReason: stopReason, batches: batches,
            sentByKind: sentByKind, skippedKinds: skippedKinds, connections: connections, openingFailures: openingFailures,
            disconnectsByReason: disconnects, reactions: reactions, findings: findings.filter { $0.reproduced != false },
            unreproduced: findings.filter { $0.reproduced == false }, samples: samples, healthChecks: healthChecks,
            healthFailures: healthFailures, logMatches: logWatch.matches, replays: replays)
    }
}
