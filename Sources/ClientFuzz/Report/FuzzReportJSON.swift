import Probe
import WireCore
import WireJSON

/// The report as one JSON object: the figures, every reaction class and every finding with its
/// messages (hex) and wire log.
public enum FuzzReportJSON {
    public static func render(_ report: ClientFuzzReport) -> String { json(report).serialized(pretty: true) + "\n" }

    public static func json(_ report: ClientFuzzReport) -> JSONValue {
        func int(_ value: Int?) -> JSONValue { value.map { .integer(Int64($0)) } ?? .null }
        let kindCounts: [(String, JSONValue)] = FuzzMessage.Kind.allCases.map { ($0.rawValue, JSONValue.integer(Int64(report.sentByKind[$0, default: 0]))) }
        let kinds = JSONValue.object(kindCounts)
        var members: [(String, JSONValue)] = []
        members.append(("tool", .string("pexspec fuzz-client")))
        members.append(("target", .string(report.target)))
        members.append(("info_hash", .string(Hex.encode(report.infoHash))))
        members.append(("client", report.client.map(JSONValue.string) ?? .null))
        members.append(("profile", report.profile.map(JSONValue.string) ?? .null))
        members.append(("seed", .string(String(report.seed))))
        members.append(("started", .string(report.startedText)))
        members.append(("duration", .double((report.duration * 10).rounded() / 10)))
        members.append(("fuzzing_time", .double((report.fuzzingTime * 10).rounded() / 10)))
        members.append(("stop_reason", .string(report.stopReason)))
        members.append(("batches", int(report.batches)))
        members.append(("messages_sent", int(report.messagesSent)))
        members.append(("sent_by_kind", kinds))
        let skipped: [(String, JSONValue)] = report.skippedKinds.sorted { $0.key < $1.key }.map { ($0.key.rawValue, JSONValue.string($0.value)) }
        members.append(("not_sent", .object(skipped)))
        members.append(("connections", int(report.connections)))
        members.append(("opening_failures", int(report.openingFailures)))
        let disconnects: [(String, JSONValue)] = report.disconnectsByReason.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.integer(Int64($0.value))) }
        members.append(("disconnects_by_reason", .object(disconnects)))
        members.append(("health_checks", int(report.healthChecks)))
        members.append(("health_failures", .array(report.healthFailures.map(JSONValue.string))))
        members.append(("peak_rss_kib", int(report.peakRSSKiB)))
        members.append(("peak_open_files", int(report.peakOpenFiles)))
        let samples: [JSONValue] = report.samples.map { sample in
            let fields: [(String, JSONValue)] = [
                ("t", .double((sample.time * 10).rounded() / 10)), ("alive", .bool(sample.alive)), ("rss_kib", int(sample.rssKiB)), ("open_files", int(sample.openFiles)),
            ]
            return .object(fields)
        }
        members.append(("samples", .array(samples)))
        members.append(("distinct_reactions", int(report.reactions.count)))
        members.append(("reactions", .array(report.reactions.map(reactionJSON))))
        members.append(("findings", .array(report.findings.map(findingJSON))))
        members.append(("unreproduced", .array(report.unreproduced.map(findingJSON))))
        members.append(("log_matches", .array(report.logMatches.map(JSONValue.string))))
        members.append(("replays", int(report.replays)))
        return .object(members)
    }

    static func reactionJSON(_ reaction: ReactionClass) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("kind", .string(reaction.kind.rawValue)), ("mutation", .string(reaction.mutation)), ("observed", .string(reaction.observed.rawValue)),
            ("verdict", .string(reaction.verdict.rawValue)), ("predicted", .string(reaction.predicted)), ("count", .integer(Int64(reaction.count))),
            ("example_connection", .string(reaction.example.connection)),
            ("example_messages", .array(reaction.example.messages.prefix(reaction.example.sent).map(messageJSON))),
        ]
        if let minimized = reaction.minimized { members.append(("minimized", .array(minimized.map(messageJSON)))) }
        if let note = reaction.minimizeNote { members.append(("minimize_note", .string(note))) }
        return .object(members)
    }

    static func findingJSON(_ finding: FuzzFinding) -> JSONValue {
        .object([
            ("kind", .string(finding.kind.rawValue)), ("summary", .string(finding.summary)), ("minimized", .bool(finding.minimized)),
            ("batch", .integer(Int64(finding.batch))), ("cause", .string(finding.cause)), ("occurrences", .integer(Int64(finding.occurrences))), ("session", finding.session.map { .integer(Int64($0)) } ?? .null), ("note", .string(finding.note)),
            ("messages", .array(finding.messages.map(messageJSON))),
            ("log", .array(finding.log.map { .object([("t", .double(($0.time * 1000).rounded() / 1000)), ("kind", .string($0.kind.rawValue)), ("hex", .string(Hex.encode($0.bytes.prefix(4096)))), ("summary", .string($0.summary))]) })),
        ])
    }

    static func messageJSON(_ message: FuzzMessage) -> JSONValue {
        .object([
            ("kind", .string(message.kind.rawValue)), ("origin", .string(message.origin)), ("mutations", .array(message.mutations.map(JSONValue.string))),
            ("cuts", .array(message.cuts.map { .integer(Int64($0)) })), ("hex", .string(Hex.encode(message.bytes))),
        ])
    }
}
