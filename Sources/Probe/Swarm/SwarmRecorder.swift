import Conformance
import Foundation

/// Turns the swarm's connections into conformance transcripts (`pexspec probe --record`): one
/// per connection, `recorded/<client>/swarm/peer-<role>`, every one naming the shared scenario
/// (`recorded/<client>/swarm`), its role and its offset on the swarm's timeline in its
/// provenance. They are transcript format version 1, one connection each; the client's
/// reactions (E's and F's disconnects) are notes, not recorded reactions, and the canaries'
/// connections (the client dialling) are not recorded. Piece messages are left out as
/// ``TranscriptRecorder`` leaves them out.
enum SwarmRecorder {
    /// What each role does in the scenario, for the transcript's title.
    static let roleTitles: [String: String] = [
        "A": "announces canaries, a dead address and a contact both added and dropped",
        "B": "watches the PEX the client sends",
        "C": "disconnects once the client has listed it to another peer",
        "D": "re-sends its extended handshake with m: {ut_pex: 0}",
        "E": "re-sends its extended handshake without ut_pex, then sends a ut_pex",
        "F": "sends an extended message under an id the client never assigned",
        "O": "announces 200 canaries in one ut_pex",
        "P": "announces canaries on the private torrent",
        "Q": "a second peer on the private torrent",
    ]

    static func transcripts(_ report: ProbeReport) -> [Transcript] {
        guard let version = report.client, !report.swarmConnections.isEmpty else { return [] }
        let identity = ClientIdentity.identify(version: version) ?? ClientIdentity.unknown(version: version)
        let client = (name: identity.name, version: identity.version)
        let scenario = "recorded/\(identity.slug)/swarm"
        let count = report.swarmConnections.count
        return report.swarmConnections.compactMap { connection -> Transcript? in
            let messages = TranscriptRecorder.messages(connection.log, reaction: nil, recordReaction: false)
            guard !messages.isEmpty else { return nil }
            let torrent = connection.isPrivate ? "the private torrent" : "the public torrent"
            let spec = connection.isPrivate
                ? Transcript.SpecSource(document: SwarmCases.bep27, requirement: SwarmCases.privateNotSent.requirement)
                : Transcript.SpecSource(document: SwarmCases.bep11, requirement: SwarmCases.interval.requirement)
            return Transcript(
                id: "\(scenario)/peer-\(connection.role.lowercased())",
                title: "\(version) in the probe's swarm, peer \(connection.role) on \(torrent): \(roleTitles[connection.role] ?? "a peer")",
                spec: spec,
                provenance: .init(
                    kind: .capture,
                    source: String(
                        format: "pexspec probe %@ on loopback (ci/peers), scenario %@, connection %@ of %d from %@, opened %.3f s into the swarm; piece messages left out",
                        report.target, scenario, connection.role, count, connection.address, connection.offset),
                    client: .init(name: client.name, version: client.version), recorded: report.startedText),
                peers: .init(
                    a: .init(client: .init(name: "pexspec", version: "probe"), profile: "reference"),
                    b: .init(client: .init(name: client.name, version: client.version), profile: report.profile ?? "reference")),
                messages: messages)
        }
    }
}
