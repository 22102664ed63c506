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
    private var nextConnection = 0
    private var sentByKind: [FuzzMessage.Kind: Int] = [:]
    private var skippedKinds: [FuzzMessage.Kind: String] = [:]
    private var disconnects: [String: Int] = [:]
    private var reactions: [ReactionClass] = []
    private var findings: [FuzzFinding] = []
    private var samples: [ProcessSample] = []
    private var healthChecks = 0
    private var healthFailures: [String] = []
    private var logWatch: LogWatch
    private var connections = 0
    private var openingFailures = 0
    private var failedInARow = 0
    private var replays = 0
    private var client: String?
    private var profile: ClientProfile?
    private var pexID: UInt8 = 1
    private var speaksAzureus = false
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

    // MARK: Judging a session

    func record(_ outcome: SessionOutcome, batch: Int) {
        connections += 1
        if let failure = outcome.openingFailure {
            openingFailures += 1
            failedInARow += 1
            disconnects["opening failed: \(Self.shortReason(failure))", default: 0] += 1
            return
        }
        failedInARow = 0
        sentByKind[outcome.kind, default: 0] += outcome.sent
        guard outcome.sent > 0, let prediction = outcome.prediction else { return }
        let observed: ObservedReaction = outcome.closedByClient ? .disconnects : .stays
        let trigger = outcome.messages[observed == .disconnects ? (outcome.lastSent ?? 0) : 0]
        let (verdict, predicted) = Self.judge(prediction.outcome, observed: observed, lastSent: outcome.lastSent ?? 0)
        if observed == .disconnects {
            let label: String
            switch verdict {
            case .asPredicted:
                if case .disconnects(_, let reason, _) = prediction.outcome { label = "as predicted: \(reason)" } else { label = "as predicted" }
            case .unpredictedDisconnect: label = "not predicted"
            case .unknownToProfile: label = "unknown to the profile"
            case .stayedAgainstPrediction: label = "?"
            }
            disconnects[label, default: 0] += 1
        }
        let mutation = observed == .disconnects ? trigger.leadingMutation : "-"
        if let i = reactions.firstIndex(where: { $0.kind == outcome.kind && $0.mutation == mutation && $0.observed == observed && $0.verdict == verdict }) {
            reactions[i].count += 1
        } else {
            reactions.append(ReactionClass(kind: outcome.kind, mutation: mutation, observed: observed, verdict: verdict, predicted: predicted, example: outcome))
        }
        if verdict == .unpredictedDisconnect {
            let cause = Self.cause(of: trigger)
            let sent = Array(outcome.messages.prefix(outcome.sent))
            if let i = findings.firstIndex(where: { $0.kind == .unpredictedDisconnect && $0.cause == cause }) {
                findings[i].occurrences += 1
                if findings[i].alternates.count < FuzzFinding.maxAlternates { findings[i].alternates.append(sent) }
                return
            }
            var finding = FuzzFinding(
                kind: .unpredictedDisconnect,
                summary: "\(outcome.kind.rawValue): the client closed the connection after message \(outcome.sent) of \(outcome.messages.count) (\(trigger.summary)); its profile predicts \(predicted)",
                connections: [sent], minimized: false, batch: batch, session: outcome.index, log: outcome.log,
                note: "not minimised yet")
            finding.cause = cause
            findings.append(finding)
        }
    }

    /// What an unpredicted disconnect's trigger shares with others: an extended handshake that
    /// carries `metadata_size` (clients disagree on its limits, and rtorrent closes on a size other
    /// than the torrent's: hazard H6, rakshasa/libtorrent `download_main.cc:473-482`, aria2
    /// `HandshakeExtensionMessage.cc:210-219`), else the kind and the first mutation.
    static func cause(of message: FuzzMessage) -> String {
        for frame in FrameCut.frames(message.bytes).frames where frame.count > 6 && frame[4] == 20 && frame[5] == 0 {
            if (try? BencodeDecoder(mode: .lenient).decode(frame.dropFirst(6)).value)?["metadata_size"] != nil {
                return "\(message.kind.rawValue): an extended handshake with metadata_size"
            }
        }
        return "\(message.kind.rawValue)/\(message.leadingMutation)"
    }

    /// The verdict of an observed reaction against a prediction, and the prediction in words.
    static func judge(_ prediction: SessionPrediction.Outcome, observed: ObservedReaction, lastSent: Int) -> (ReactionClass.Verdict, String) {
        switch (prediction, observed) {
        case (.stays, .stays):
            return (.asPredicted, "stays")
        case (.stays, .disconnects):
            return (.unpredictedDisconnect, "stays")
        case (.disconnects(let at, let reason, _), .disconnects):
            // The close arrives after the fuzzer has sent on: at or after the predicted message is as predicted.
            return (lastSent >= at ? .asPredicted : .unpredictedDisconnect, "disconnect (\(reason)) at message \(at + 1)")
        case (.disconnects(let at, let reason, _), .stays):
            return (.stayedAgainstPrediction, "disconnect (\(reason)) at message \(at + 1)")
        case (.unknown(let at, let why), .disconnects):
            return (lastSent >= at ? .unknownToProfile : .unpredictedDisconnect, lastSent >= at ? "nothing from message \(at + 1): \(why)" : "stays up to message \(at + 1)")
        case (.unknown(let at, let why), .stays):
            return (.unknownToProfile, "nothing from message \(at + 1): \(why)")
        }
    }

    static func shortReason(_ text: String) -> String {
        if text.contains("no handshake within") { return "no handshake in time" }
        if text.contains("closed during the opening") || text.contains("connection ended") { return "closed during the opening" }
        if text.contains("cannot connect") { return "connect failed" }
        return String(text.prefix(60))
    }

    // MARK: Health

    /// After a batch: the process, the log, a fresh handshake. Returns why the run must stop, if it must.
    func afterBatch(_ batch: Int, plans: [Plan], outcomes: [SessionOutcome]) async -> String? {
        let process = sample()
        let lastConnections = plans.map(\.messages)
        let lastLog = outcomes.flatMap(\.log)
        for line in logWatch.look() {
            findings.append(FuzzFinding(
                kind: .assertion, summary: "the client's log: \(line)", connections: lastConnections, minimized: false, batch: batch, session: nil, log: lastLog,
                note: "the messages of the batch before the line appeared"))
        }
        if let process, !process.alive {
            findings.append(FuzzFinding(
                kind: .crash, summary: "the client's process \(configuration.pid.map(String.init) ?? "?") is gone after batch \(batch + 1)",
                connections: lastConnections, minimized: false, batch: batch, session: nil, log: lastLog,
                note: "the messages of the last batch (\(plans.count) connections), in connection order"))
            return "the client died"
        }
        healthChecks += 1
        if let failure = await healthCheck(learn: false) {
            // Once more after a pause: a client busy closing the batch's connections may be slow, not hung.
            try? await Task.sleep(for: .seconds(2))
            if let again = await healthCheck(learn: false) {
                let alive = configuration.pid.map { ProcessSample.read(pid: $0, time: elapsed).alive } ?? true
                let kind: FuzzFinding.Kind = alive ? .hang : .crash
                healthFailures.append("after batch \(batch + 1): \(failure); again 2 s later: \(again)")
                findings.append(FuzzFinding(
                    kind: kind, summary: alive ? "the client no longer completes a handshake within \(ProbePeer.seconds(configuration.healthDeadline)): \(again)" : "the client's process died: \(again)",
                    connections: lastConnections, minimized: false, batch: batch, session: nil, log: lastLog,
                    note: "the messages of the last batch (\(plans.count) connections), in connection order"))
                return alive ? "the client stopped answering" : "the client died"
            }
            healthFailures.append("after batch \(batch + 1): \(failure) (answered 2 s later)")
        }
        return nil
    }

    /// A fresh connection that must complete the opening within the health deadline; nil when it
    /// did. With `learn`, the client's version, profile, ut_pex id and Azureus bit are taken from it.
    func healthCheck(learn: Bool) async -> String? {
        var probe = configuration.probe
        probe.handshakeTimeout = configuration.healthDeadline
        let index = nextConnection
        nextConnection += 1
        connections += 1
        let peer: ProbePeer
        switch await ProbePeer.open(connectionIndex: index, configuration: probe) {
        case .failure(let failure): return failure.description
        case .success(let opened): peer = opened
        }
        let failure = await peer.establish()
        await peer.finish()
        if failure == nil && learn {
            client = peer.remoteVersion
            profile = ProfilePrediction.profile(named: configuration.profile, version: peer.remoteVersion)
            pexID = peer.remotePexID ?? 1
            speaksAzureus = peer.remoteHandshake?.reserved.contains(.azureusMessaging) ?? false
            if peer.remotePexID == nil { skippedKinds[.utPex] = "the client does not advertise ut_pex; ut_pex went under id 1" }
        }
        return failure
    }

    @discardableResult
    func sample() -> ProcessSample? {
        guard let pid = configuration.pid else { return nil }
        let sample = ProcessSample.read(pid: pid, time: elapsed)
        samples.append(sample)
        return sample
    }

    /// Leaks: the last sample against the first one taken after a batch (the client warmed up).
    func checkLeaks(batch: Int) {
        let live = samples.filter(\.alive)
        guard live.count >= 3, let first = live.dropFirst().first, let last = live.last else { return }
        if let a = first.openFiles, let b = last.openFiles, b - a > configuration.leakFiles {
            findings.append(FuzzFinding(
                kind: .leak, summary: "open descriptors grew from \(a) to \(b) (threshold +\(configuration.leakFiles)) with every fuzz connection closed",
                connections: [], minimized: false, batch: batch, session: nil, log: [], note: "growth over the whole run; no single batch"))
        }
        if let a = first.rssKiB, let b = last.rssKiB, Double(b) > Double(a) * configuration.leakRSSFactor, b - a > configuration.leakRSSMiB * 1024 {
            findings.append(FuzzFinding(
                kind: .leak, summary: "resident memory grew from \(a / 1024) MiB to \(b / 1024) MiB (thresholds ×\(configuration.leakRSSFactor) and +\(configuration.leakRSSMiB) MiB)",
                connections: [], minimized: false, batch: batch, session: nil, log: [], note: "growth over the whole run; no single batch"))
        }
    }

    // MARK: Minimisation

    /// Minimises every unpredicted disconnect and the first of each disconnect unknown to the
    /// profile, within ``ClientFuzzConfiguration/minimizeTime``.
    func minimize() async {
        let deadline = elapsed + configuration.minimizeTime
        for i in findings.indices where findings[i].kind == .unpredictedDisconnect {
            guard elapsed < deadline else {
                findings[i].note = "not minimised: the minimisation time (\(ProbePeer.seconds(configuration.minimizeTime))) ran out"
                continue
            }
            // The first connection of the group, then the others kept, until one replays.
            for candidate in [findings[i].messages] + findings[i].alternates {
                let kind = candidate.last?.kind ?? .utPex
                let result = await minimize(candidate, kind: kind, deadline: deadline)
                findings[i].note = result.note + (findings[i].occurrences > 1 ? "; \(findings[i].occurrences) connections with this cause" : "")
                findings[i].reproduced = result.reproduced
                if let messages = result.messages {
                    findings[i].connections = [messages]
                    findings[i].minimized = true
                    findings[i].log = result.log
                    break
                }
                if result.reproduced == nil { break }
            }
        }
        var minimizedReactions = 0
        for i in reactions.indices where reactions[i].verdict == .unknownToProfile && reactions[i].observed == .disconnects {
            guard minimizedReactions < configuration.maxMinimizedReactions, elapsed < deadline else {
                reactions[i].minimizeNote = "not minimised (limit of \(configuration.maxMinimizedReactions) reactions or the minimisation time reached)"
                continue
            }
            minimizedReactions += 1
            let example = reactions[i].example
            let result = await minimize(Array(example.messages.prefix(example.sent)), kind: example.kind, deadline: deadline)
            reactions[i].minimizeNote = result.note
            reactions[i].minimized = result.messages
            reactions[i].minimizedLog = result.messages == nil ? nil : result.log
        }
    }

    /// Replays `messages` on fresh connections and narrows them to a shortest run that still
    /// makes the client close the connection: the last message alone, then the one before it,
    /// then delta debugging over the rest, within ``ClientFuzzConfiguration/maxReplaysPerFinding``
    /// replays.
    func minimize(_ messages: [FuzzMessage], kind: FuzzMessage.Kind, deadline: Double) async -> (messages: [FuzzMessage]?, log: [WireLogEntry], note: String, reproduced: Bool?) {
        var used = 0
        var lastLog: [WireLogEntry] = []
        func disconnects(_ candidate: [FuzzMessage]) async -> Bool? {
            guard used < configuration.maxReplaysPerFinding, elapsed < deadline else { return nil }
            used += 1
            replays += 1
            let outcome: SessionOutcome
            if let replay {
                outcome = await replay(kind, candidate)
            } else {
                outcome = await FuzzSession(configuration: configuration, profile: profile).run(index: nextConnection, kind: kind, messages: candidate)
                nextConnection += 1
                connections += 1
            }
            let hit = outcome.openingFailure == nil && outcome.closedByClient && outcome.sent == candidate.count
            if hit { lastLog = outcome.log }
            return hit
        }
        guard let last = messages.last else { return (nil, [], "nothing to minimise", nil) }
        guard let alone = await disconnects([last]) else { return (nil, [], "no replay: the minimisation time ran out", nil) }
        if alone { return ([last], lastLog, "\(used) replay(s): the last message alone draws it", true) }
        if messages.count >= 2, await disconnects([messages[messages.count - 2]]) == true {
            return ([messages[messages.count - 2]], lastLog, "\(used) replays: the message before the last alone draws it", true)
        }
        guard messages.count >= 2 else { return (nil, [], "\(used) replay(s): did not reproduce on a fresh connection", false) }
        guard let whole = await disconnects(messages) else { return (nil, [], "replay budget or time ran out after \(used) replays", nil) }
        guard whole else { return (nil, [], "\(used) replays: the whole run did not reproduce on a fresh connection (timing, or state the client kept)", false) }
        var current = messages
        var bestLog = lastLog
        var n = 2
        reduce: while current.count >= 2 {
            let size = Int((Double(current.count) / Double(n)).rounded(.up))
            let chunks = stride(from: 0, to: current.count, by: size).map { Array(current[$0..<min($0 + size, current.count)]) }
            for (c, chunk) in chunks.enumerated() {
                guard let hit = await disconnects(chunk) else { break reduce }
                if hit { current = chunk; bestLog = lastLog; n = 2; continue reduce }
                let complement = chunks.enumerated().filter { $0.offset != c }.flatMap(\.element)
                guard chunks.count > 2, !complement.isEmpty else { continue }
                guard let hitComplement = await disconnects(complement) else { break reduce }
                if hitComplement { current = complement; bestLog = lastLog; n = max(n - 1, 2); continue reduce }
            }
            if n >= current.count { break }
            n = min(current.count, n * 2)
        }
        return (current, bestLog, "\(used) replays: \(messages.count) messages reduced to \(current.count)", true)
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
