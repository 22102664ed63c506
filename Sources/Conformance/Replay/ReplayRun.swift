import AzureusWire
import PeerWire
import WireCore
import WireDecode

/// The state of one replay as it goes through the messages: the `m` table each side assigned
/// and each receiver's profile connection.
struct ReplayRun {
    /// Each side's profile id, as the transcript names it (for the wire log).
    let profileNames: [TranscriptMessage.Direction.Side: String]
    /// Each side's extension ids as the extended handshakes it sent assigned them (its ``ExtensionRegistry/local`` table).
    var registries: [TranscriptMessage.Direction.Side: ExtensionRegistry] = [.a: ExtensionRegistry(), .b: ExtensionRegistry()]
    /// The sides that sent an extended handshake in this transcript.
    var handshaken: Set<TranscriptMessage.Direction.Side> = []
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
        let bytes = message.bytes
        // The size the length prefix declares: a frame cut short (the receiver stopped reading) still counts as what it claimed.
        let declaredSize = bytes.count >= 4 ? 4 + Int(BigEndian.uint32(bytes, at: 0)) : bytes.count
        switch message.framing {
        case .handshake:
            return (nil, .handshake)
        case .azureus:
            guard let frame = try? AzureusFrame.decode(bytes, mode: .lenient).value else { return (nil, nil) }
            if frame.messageID == .azPeerExchange {
                return (nil, .pex(PexMessageFacts(azureusPexPayload: frame.payload), frameSize: declaredSize))
            }
            return (nil, .azureus(messageID: frame.messageID.name, frameSize: declaredSize))
        case .standard:
            guard bytes.count >= 5 else { return (nil, .standard(id: nil, frameSize: declaredSize)) }
            guard bytes[4] == 20 else { return (nil, .standard(id: bytes[4], frameSize: declaredSize)) }
            guard bytes.count >= 6 else { return (nil, .extendedTooShort) }
            let extendedID = bytes[5]
            let payload = bytes[6...]
            if extendedID == 0 {
                let handshake = try? ExtendedHandshake.decode(payload, mode: .lenient).value
                if let handshake {
                    registries[message.direction.sender]?.sent(handshake)
                    handshaken.insert(message.direction.sender)
                }
                let decodable = handshake != nil
                return (.handshake, .extendedHandshake(decodable: decodable, frameSize: declaredSize))
            }
            let route: TranscriptMessage.ExpectedRoute?
            let name: String?
            if handshaken.contains(message.direction.receiver) {
                name = registries[message.direction.receiver]?.incomingName(for: extendedID)
                route = name.map { .named($0) } ?? .unassigned
            } else {
                // No handshake from the receiver in this transcript: the decode kind says what it is.
                name = message.decode == .utPex ? "ut_pex" : nil
                route = nil
            }
            switch name {
            case "ut_pex"?:
                var facts = PexMessageFacts(utPexPayload: Array(payload))
                // A message cut short in the transcript (the receiver rejects it by its length) is as big as its prefix says.
                facts.size = max(facts.size, declaredSize - 6)
                return (route, .pex(facts, frameSize: declaredSize))
            case nil: return (route, .unassignedExtension(id: extendedID, frameSize: declaredSize))
            default: return (route, .standard(id: 20, frameSize: declaredSize))
            }
        }
    }

    /// nil when `outcome` is what `expected` asks for.
    static func compare(_ outcome: DecodeOutcome, _ expected: ExpectedOutcome, check: String, index: Int) -> Mismatch? {
        if expected.isMet(by: outcome) { return nil }
        var pending = false
        if case .failure(let error) = outcome.result, error.code.rawValue == "unsupported_kind" { pending = true }
        return Mismatch(message: index, check: check, expected: expected.json.serialized(), actual: LogText.outcome(outcome), isPending: pending)
    }
}
