import Conformance
import Foundation
import PeerWire
import WireCore
import WireDecode

/// Turns a probe run into conformance transcripts (`pexspec probe --record`): one per
/// connection, every frame with what the reference decoders make of it, and the client's
/// reaction where the probe saw one that its profile also has a rule for.
///
/// Left out, and said so in each transcript's provenance: `piece` messages (16 KiB answers to
/// the probe's keep-the-link-alive requests) and the bytes of a frame the client cut off. The
/// 2 MiB frame of `bep3/frame/oversized` makes no transcript at all.
public enum TranscriptRecorder {
    /// The transcripts of `report`, ids under `recorded/<client>/`.
    public static func transcripts(_ report: ProbeReport) -> [Transcript] {
        let window = report.window
        guard let version = report.client else { return [] }
        // Filed under the name and version users know (rtorrent 0.9.8, not its engine's
        // libTorrent 0.13.8).
        let identity = ClientIdentity.identify(version: version) ?? ClientIdentity.unknown(version: version)
        let client = (name: identity.name, version: identity.version)
        let slug = identity.slug
        let shown = "\(identity.name) \(identity.version)" == version ? version : "\(identity.name) \(identity.version) (v \"\(version)\")"
        var byConnection: [(connection: String, results: [ProbeCaseResult])] = []
        let swarmIDs = Set(SwarmCases.all.map(\.id))
        for result in report.results where !result.connection.isEmpty && result.verdict != .error && result.verdict != .skipped && !swarmIDs.contains(result.probeCase.id) {
            if let i = byConnection.firstIndex(where: { $0.connection == result.connection }) {
                byConnection[i].results.append(result)
            } else {
                byConnection.append((result.connection, [result]))
            }
        }
        let recorded = report.startedText
        return SwarmRecorder.transcripts(report) + byConnection.compactMap { group -> Transcript? in
            guard let first = group.results.first, first.probeCase.id != "bep3/frame/oversized" else { return nil }
            let isRobustness = group.results.count == 1 && first.reaction != nil
            let id = "recorded/\(slug)/" + (isRobustness ? first.probeCase.id : "ut_pex/send/window")
            let title = isRobustness
                ? "\(shown): \(first.probeCase.title.prefix(1).lowercased() + first.probeCase.title.dropFirst()); \(first.actual)"
                : "\(shown) over a \(ProbePeer.seconds(window)) window: handshake, extended handshake and the ut_pex it sends (\(group.results.map(\.probeCase.id).filter { $0.hasPrefix("ut_pex/send") }.count) checks)"
            let spec = isRobustness
                ? Transcript.SpecSource(document: first.probeCase.document, section: first.probeCase.id, requirement: first.probeCase.requirement)
                : Transcript.SpecSource(
                    document: PexObservation.transmissionNotes, section: "ut_pex",
                    requirement: PexObservation.interval.requirement + " " + PexObservation.notEmpty.requirement)
            let reactionKnown = first.verdict == .pass || first.verdict == .fail
            let messages = messages(first.log, reaction: isRobustness ? first.reaction : nil, recordReaction: reactionKnown)
            guard !messages.isEmpty else { return nil }
            return Transcript(
                id: id, title: title, spec: spec,
                provenance: .init(
                    kind: .capture,
                    source: "pexspec probe \(report.target) on loopback (ci/peers), connection from \(group.connection); piece messages and cut-off frame bytes left out",
                    client: .init(name: client.name, version: client.version), recorded: recorded),
                peers: .init(
                    a: .init(client: .init(name: "pexspec", version: "probe"), profile: "reference"),
                    b: .init(client: .init(name: client.name, version: client.version), profile: report.profile ?? "reference")),
                messages: messages)
        }
    }

    /// The messages of one connection's log. `reaction` (a robustness case's) goes on the last
    /// frame the probe sent before the client closed the connection, as a `disconnect` when
    /// `recordReaction` (the profile has a rule to compare it with), else into a note.
    static func messages(_ log: [WireLogEntry], reaction: ObservedReaction?, recordReaction: Bool) -> [TranscriptMessage] {
        var tables: [TranscriptMessage.Direction: [UInt8: String]] = [:]
        var messages: [TranscriptMessage] = []
        // In the order they crossed the wire: the log holds events in the order the probe took
        // them, which can put a received frame after a frame sent a moment later.
        let entries = log.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        // A frame the log kept only the start of (its memory cap) cannot be replayed: left out.
        for entry in entries where entry.kind != .event && entry.framing != .none && entry.isWhole {
            let direction: TranscriptMessage.Direction = entry.kind == .sent ? .aToB : .bToA
            let bytes = entry.bytes
            if entry.framing == .standard, bytes.count >= 5, bytes[4] == 7 { continue }
            let framing: TranscriptMessage.Framing = entry.framing == .handshake ? .handshake : .standard
            var kind: DecodeKind = framing == .handshake ? .handshake : .frames
            var route: TranscriptMessage.ExpectedRoute?
            if framing == .standard, bytes.count >= 6, bytes[4] == 20 {
                let payload = Array(bytes[6...])
                if bytes[5] == 0 {
                    kind = .extHandshake
                    route = .handshake
                    // The sender's m names the ids its peer must use when writing to it.
                    let sender: TranscriptMessage.Direction = direction == .aToB ? .bToA : .aToB
                    if let handshake = try? ExtendedHandshake.decode(payload).value {
                        tables[sender] = Dictionary((handshake.messages ?? []).filter { $0.id != 0 }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
                    }
                } else if let table = tables[direction] {
                    let name = table[bytes[5]]
                    route = name.map { .named($0) } ?? .unassigned
                    kind = name == "ut_pex" ? .utPex : .bencode
                } else {
                    kind = .bencode
                }
            }
            let input = kind == .extHandshake || kind == .utPex || kind == .bencode ? Array(bytes.dropFirst(6)) : bytes
            let outcome = WireDecoder.decode(kind, input, mode: .lenient)
            let expect: ExpectedOutcome
            switch outcome.result {
            case .success(let decoded):
                expect = .value(decoded.value, warnings: decoded.warnings.map { ExpectedWarning(code: $0.code.rawValue, offset: $0.offset) })
            case .failure(let error):
                expect = .error(code: error.code.rawValue, offset: error.offset)
            }
            messages.append(TranscriptMessage(
                direction: direction, time: (entry.time * 1000).rounded() / 1000, framing: framing, bytes: bytes, decode: kind,
                expect: expect, routesTo: route, note: entry.summary.hasPrefix("extended") || entry.summary.hasPrefix("handshake") ? nil : entry.summary))
            if entry.count > 1 {
                let span = String(format: "%.3f-%.3f s", entry.time, entry.until ?? entry.time)
                messages[messages.count - 1].note = "the first of \(entry.count) identical frames (\(span)); the probe's log coalesced the run, the rest are not recorded"
            }
        }
        if let reaction, let last = messages.lastIndex(where: { $0.direction == .aToB }) {
            switch (reaction, recordReaction) {
            case (.disconnects, true):
                messages[last].reaction = Reaction(.disconnect)
                messages.removeSubrange((last + 1)...)
            case (.disconnects, false):
                messages[last].note = "the client closed the connection after this message (its profile has no rule for it)"
            case (.stays, _):
                messages[last].note = "the client stayed connected after this message"
            }
        }
        return messages
    }
}
