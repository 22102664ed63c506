import Bencode
import Conformance
import Foundation
import Probe
import WireCore

// Minimising what the run found by replaying it against the client.
extension ClientFuzzer {
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
}
