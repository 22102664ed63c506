import Bencode
import Conformance
import Foundation
import Probe
import WireCore

// How a session's outcome is recorded and judged against the profile's prediction.
extension ClientFuzzer {
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
}
