import Conformance
import Foundation
import Probe
import WireCore
import WireJSON

/// A finding written down so that it can be replayed: a conformance transcript of the
/// exchange (the minimised replay's wire log, decoded by the reference decoders, the observed
/// outcome in a note) and a regression file (`Corpus/regressions/clients/<client>/…json`) with
/// the messages by connection, which `pexspec fuzz-client --replay` sends to a fresh instance.
public enum FindingCase {
    /// The file name both get: `unpredicted_disconnect-seed7-3`.
    public static func name(_ finding: FuzzFinding, seed: UInt64, number: Int) -> String {
        "\(finding.kind.rawValue)-seed\(seed)-\(number)"
    }

    /// The transcript of `finding`, id `recorded/<client>/fuzz/<name>`; nil without a wire log or client version.
    public static func transcript(_ finding: FuzzFinding, report: ClientFuzzReport, name caseName: String) -> Transcript? {
        guard let version = report.client, !finding.log.isEmpty else { return nil }
        let identity = identity(version)
        let (name, clientVersion) = (identity.name, identity.version)
        var messages = TranscriptRecorder.messages(finding.log, reaction: nil, recordReaction: false)
        guard let last = messages.lastIndex(where: { $0.direction == .aToB }) else { return nil }
        messages[last].note = "observed (\(finding.kind.rawValue)): \(finding.summary)"
        return Transcript(
            id: "recorded/\(identity.slug)/fuzz/\(caseName)",
            title: "\(version): \(finding.summary)",
            spec: .init(document: Document.bep10.cite, section: "fuzz-client",
                        requirement: "It is valid to send the handshake message more than once during the lifetime of a connection, the sending client should not be disconnected."),
            provenance: .init(
                kind: .capture,
                source: "pexspec fuzz-client \(report.target) --seed \(report.seed) on loopback (ci/peers); \(finding.minimized ? "minimised" : "not minimised"): \(finding.note)",
                client: .init(name: name, version: clientVersion), recorded: report.startedText),
            peers: .init(
                a: .init(client: .init(name: "pexspec", version: "fuzz-client"), profile: "reference"),
                b: .init(client: .init(name: name, version: clientVersion), profile: report.profile ?? "reference")),
            messages: messages)
    }

    /// The client a `v` names (`libTorrent 0.13.8` is rtorrent 0.9.8), as the probe files its transcripts.
    public static func identity(_ version: String) -> ClientIdentity {
        ClientIdentity.identify(version: version) ?? ClientIdentity.unknown(version: version)
    }

    /// The regression file: client, seed, expected outcome, and the messages by connection.
    public static func regression(_ finding: FuzzFinding, report: ClientFuzzReport) -> JSONValue {
        .object([
            ("format", 1),
            ("client", .string(report.client ?? "unknown")),
            ("seed", .string(String(report.seed))),
            ("outcome", .string(finding.kind.rawValue)),
            ("summary", .string(finding.summary)),
            ("minimized", .bool(finding.minimized)),
            ("connections", .array(finding.connections.map { .array($0.map(FuzzReportJSON.messageJSON)) })),
        ])
    }

    /// Reads a regression file back: the expected outcome and the messages by connection.
    public static func readRegression(_ text: String) -> (outcome: FuzzFinding.Kind, client: String, summary: String, seed: UInt64?, connections: [[FuzzMessage]])? {
        guard let value = try? JSONValue.parse(text), let outcome = value["outcome"]?.stringValue.flatMap(FuzzFinding.Kind.init(rawValue:)),
            let connections = value["connections"]?.arrayValue
        else { return nil }
        var out: [[FuzzMessage]] = []
        for connection in connections {
            var messages: [FuzzMessage] = []
            for item in connection.arrayValue ?? [] {
                guard let kind = item["kind"]?.stringValue.flatMap(FuzzMessage.Kind.init(rawValue:)), let hex = item["hex"]?.stringValue,
                    let bytes = Hex.decode(hex)
                else { return nil }
                let cuts: [JSONValue] = item["cuts"]?.arrayValue ?? []
                let mutations: [JSONValue] = item["mutations"]?.arrayValue ?? []
                messages.append(FuzzMessage(
                    kind: kind, bytes: bytes, cuts: cuts.compactMap { $0.integerValue.map { Int($0) } },
                    origin: item["origin"]?.stringValue ?? "?", mutations: mutations.compactMap { $0.stringValue }))
            }
            out.append(messages)
        }
        return (outcome, value["client"]?.stringValue ?? "unknown", value["summary"]?.stringValue ?? "", value["seed"]?.stringValue.flatMap { UInt64($0) }, out)
    }
}
