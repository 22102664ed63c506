import Foundation
import WireCore

/// The outcome of one fuzz run against one client.
public struct ClientFuzzReport: Sendable {
    // Built by ClientFuzzer (a run or a replay); read by the renderers and FindingCase.
    public var target: String
    public var infoHash: [UInt8]
    /// The client's `v`.
    public var client: String?
    public var profile: String?
    public var seed: UInt64
    public var started: Date
    /// Seconds the run took, minimisation included, and the fuzzing part of it.
    public var duration: Double
    public var fuzzingTime: Double
    /// Why the run ended (`time limit`, `message limit`, `the client died`, …).
    public var stopReason: String
    public var batches: Int
    public var sentByKind: [FuzzMessage.Kind: Int]
    /// Kinds that were not sent, and why.
    public var skippedKinds: [FuzzMessage.Kind: String]
    public var connections: Int
    public var openingFailures: Int
    /// Client disconnects by what the profile made of them (`as predicted: invalid_bencode`, `unpredicted`, `unknown to the profile`).
    public var disconnectsByReason: [String: Int]
    public var reactions: [ReactionClass]
    public var findings: [FuzzFinding]
    /// Unpredicted disconnects that did not happen again when replayed on a fresh connection:
    /// reported, but not findings (a client may close a connection for reasons of its own).
    public var unreproduced: [FuzzFinding]
    /// The client's process after each batch (and at the start and the end).
    public var samples: [ProcessSample]
    /// Health checks made after batches, and those that failed, in words.
    public var healthChecks: Int
    public var healthFailures: [String]
    /// Lines of the client's logs that matched an assertion marker.
    public var logMatches: [String]
    /// Replays spent on minimisation.
    public var replays: Int

    public var messagesSent: Int { sentByKind.values.reduce(0, +) }
    public var peakRSSKiB: Int? { samples.compactMap(\.rssKiB).max() }
    public var peakOpenFiles: Int? { samples.compactMap(\.openFiles).max() }

    public var startedText: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: started)
    }

    /// True when the client stayed alive and answering, with no finding.
    public var clean: Bool { findings.isEmpty }

    /// True when the client died, hung or logged an assertion: what the CI pass fails on.
    public var clientFailed: Bool { findings.contains { [.crash, .hang, .assertion].contains($0.kind) } }
}
