import AzureusWire
import PeerWire
import WireCore
import WireDecode

/// The state of one replay as it goes through the messages: the `m` table each side assigned
/// and each receiver's profile connection.
struct ReplayRun {
    /// Each side's profile id, as the transcript names it (for the wire log).
    let profileNames: [TranscriptMessage.Direction.Side: String]
    /// Each side's extension ids, as its extended handshakes assigned them.
    var classifier = MessageClassifier()
    var connections: [TranscriptMessage.Direction.Side: ProfileConnection] = [:]
    var profileProblems: [Mismatch] = []
    var lastLogLine = ""

    init(transcript: Transcript) {
        profileNames = [.a: transcript.peers.a.profile, .b: transcript.peers.b.profile]
        for side in [TranscriptMessage.Direction.Side.a, .b] {
            let id = transcript.peers[side].profile
            if let profile = ClientProfile.named(id) {
                connections[side] = ProfileConnection(profile: profile)
            } else if transcript.messages.contains(where: { $0.direction.receiver == side && $0.reaction != nil }) {
                profileProblems.append(
                    Mismatch(message: nil, check: "profile", expected: "a known profile for peer \(side.rawValue)", actual: "no profile named '\(id)'"))
            }
        }
    }

    /// Both peers' receive paths following `profile`.
    init(profile: ClientProfile) {
        profileNames = [.a: profile.id, .b: profile.id]
        connections = [.a: ProfileConnection(profile: profile), .b: ProfileConnection(profile: profile)]
    }

    mutating func check(_ message: TranscriptMessage, index: Int) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        var log = LogText.line(index: index, message: message)

        // What the decode kind reads.
        switch message.decodeInput {
        case .unreadable(let problem):
            mismatches.append(Mismatch(message: index, check: "framing", expected: "a \(message.framing.rawValue) frame that \(message.decode.rawValue) can read", actual: problem))
            log += " | \(problem)"
        case .bytes(let bytes):
            let outcome = WireDecoder.decode(message.decode, Array(bytes), mode: .lenient)
            log += " | " + LogText.outcome(outcome)
            if let mismatch = Self.compare(outcome, message.expect, check: "decode", index: index) { mismatches.append(mismatch) }
            if let strict = message.expectStrict {
                let strictOutcome = WireDecoder.decode(message.decode, Array(bytes), mode: .strict)
                if let mismatch = Self.compare(strictOutcome, strict, check: "decode (strict)", index: index) { mismatches.append(mismatch) }
            }
        }

        // Where the receiver routes an extended message, then what it makes of it.
        let (route, reaction) = receive(message)
        if let expected = message.routesTo {
            let actual = route.map(LogText.route) ?? "unknown: the receiver sent no extended handshake in this transcript"
            if route != expected {
                mismatches.append(Mismatch(message: index, check: "routing", expected: LogText.route(expected), actual: actual))
            }
        }
        let receiver = message.direction.receiver
        if let reaction { log += " | \(profileNames[receiver] ?? "?"): \(reaction)" }
        if let expected = message.reaction, let profile = connections[receiver]?.profile {
            if let reaction {
                if !expected.isMet(by: reaction) {
                    mismatches.append(
                        Mismatch(message: index, check: "reaction", expected: expected.description, actual: "\(reaction) per profile \(profile.id)" + (reaction.source.map { " (\($0))" } ?? "")))
                }
            } else {
                mismatches.append(
                    Mismatch(message: index, check: "reaction", expected: expected.description, actual: "profile \(profile.id) has no rule for this message"))
            }
        }
        lastLogLine = log
        return mismatches
    }

    /// The route of an extended message at its receiver, and the receiver's reaction to it (nil
    /// when its profile has no rule for it or the side has no profile).
    mutating func receive(_ message: TranscriptMessage) -> (TranscriptMessage.ExpectedRoute?, Reaction?) {
        let (route, incoming) = classify(message)
        let receiver = message.direction.receiver
        guard let incoming, var connection = connections[receiver] else { return (route, nil) }
        let reaction = connection.react(to: incoming, at: message.time)
        connections[receiver] = connection
        return (route, reaction)
    }

    /// The route of an extended message at its receiver, and the message as the receiver meets it.
    private mutating func classify(_ message: TranscriptMessage) -> (TranscriptMessage.ExpectedRoute?, IncomingMessage?) {
        classifier.classify(message.bytes, framing: message.framing, direction: message.direction, readsAsUTPex: message.decode == .utPex)
    }

    /// nil when `outcome` is what `expected` asks for.
    static func compare(_ outcome: DecodeOutcome, _ expected: ExpectedOutcome, check: String, index: Int) -> Mismatch? {
        if expected.isMet(by: outcome) { return nil }
        var pending = false
        if case .failure(let error) = outcome.result, error.code.rawValue == "unsupported_kind" { pending = true }
        return Mismatch(message: index, check: check, expected: expected.json.serialized(), actual: LogText.outcome(outcome), isPending: pending)
    }
}
