import AzureusWire
import PeerWire
import PexModel
import PexSession
import WireCore
import WireDecode

/// The state of one replay as it goes through the messages: per connection, the `m` table each
/// side assigned and each receiver's profile connection; per peer, the torrent-wide state its
/// profile keeps; and, for the BEP 11 timeline checks, what each sender has announced.
struct ReplayRun {
    /// One end of one connection.
    struct End: Hashable, Sendable {
        var connection: String
        var side: TranscriptMessage.Direction.Side
    }

    let transcript: Transcript
    /// How each receiver meets each message: each end's extension ids, and who has handshaken.
    var classifier = MessageClassifier<End>()
    var receivers: [End: ProfileConnection] = [:]
    /// Torrent-wide state per peer name.
    var torrents: [String: TorrentState] = [:]
    /// Per sending end: the addresses it announced as added and has not dropped since.
    var announced: [End: Set<PeerAddress>] = [:]
    var profileProblems: [Mismatch] = []
    var lastLogLine = ""

    init(transcript: Transcript) {
        self.transcript = transcript
        var unknown: Set<String> = []
        for connection in transcript.connections {
            for side in [TranscriptMessage.Direction.Side.a, .b] {
                let end = End(connection: connection.id, side: side)
                guard let node = transcript.node(connection.name(side)) else { continue }
                if let profile = ClientProfile.named(node.peer.profile) {
                    receivers[end] = ProfileConnection(
                        profile: profile, torrentIsPrivate: transcript.torrent.isPrivate, fetchingMetadata: node.fetchingMetadata,
                        ownAddress: node.address.flatMap(PeerAddress.init))
                } else if !unknown.contains(node.name),
                    transcript.messages.contains(where: { $0.direction.receiver == side && $0.reaction != nil && ($0.connection ?? transcript.connections[0].id) == connection.id })
                {
                    unknown.insert(node.name)
                    let label = transcript.format == 1 ? "peer \(side.rawValue)" : "peer \(node.name)"
                    profileProblems.append(
                        Mismatch(message: nil, check: "profile", expected: "a known profile for \(label)", actual: "no profile named '\(node.peer.profile)'"))
                }
            }
        }
    }

    /// Both peers of one connection, each receive path following `profile` (a version 1 scenario).
    init(profile: ClientProfile) {
        let peer = Transcript.Peer(client: Transcript.Client(name: profile.client, version: profile.versions), profile: profile.id)
        self.init(
            transcript: Transcript(
                id: "receive/paths", title: profile.id, spec: .init(document: Document.pexspec.cite, requirement: ""),
                provenance: .init(kind: .clientBehaviour, source: profile.id), peers: .init(a: peer, b: peer), messages: []))
    }

    /// The route of an extended message at its receiver, and the receiver's reaction to it (nil
    /// when its profile has no rule for it or the side has no profile).
    mutating func receive(_ message: TranscriptMessage) -> (TranscriptMessage.ExpectedRoute?, Reaction?) {
        let (route, _, reaction) = receiveDetailed(message)
        return (route, reaction)
    }

    /// ``receive(_:)`` with the message as the receiver met it, for the sender checks.
    private mutating func receiveDetailed(_ message: TranscriptMessage) -> (TranscriptMessage.ExpectedRoute?, IncomingMessage?, Reaction?) {
        guard let connection = transcript.connection(message.connection) else { return (nil, nil, nil) }
        let sender = End(connection: connection.id, side: message.direction.sender)
        let receiver = End(connection: connection.id, side: message.direction.receiver)
        let receiverName = connection.name(receiver.side)
        // No handshake from the receiver in this transcript: the decode kind says what an extended message is.
        let (route, incoming) = classifier.classify(
            message.bytes, framing: message.framing, sender: sender, receiver: receiver, readsAsUTPex: message.decode == .utPex)
        var reaction: Reaction?
        if let incoming, var profileConnection = receivers[receiver] {
            var torrent = torrents[receiverName] ?? TorrentState()
            reaction = profileConnection.react(to: incoming, at: message.time, torrent: &torrent)
            torrents[receiverName] = torrent
            receivers[receiver] = profileConnection
        }
        if case .pex(let facts, _)? = incoming {
            let timeline = timelineViolations(facts.update, from: sender, at: message.time)
            if var known = reaction?.violations {
                known = (known + timeline).sorted()
                reaction?.violations = known
            }
        }
        return (route, incoming, reaction)
    }

    mutating func check(_ message: TranscriptMessage, index: Int) -> [Mismatch] {
        var mismatches: [Mismatch] = []
        var log = LogText.line(index: index, message: message)
        guard let connection = transcript.connection(message.connection) else { return [] }
        let sender = End(connection: connection.id, side: message.direction.sender)
        let receiver = End(connection: connection.id, side: message.direction.receiver)
        let receiverName = connection.name(receiver.side)

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
        let (route, incoming, reaction) = receiveDetailed(message)
        if let expected = message.routesTo {
            let actual = route.map(LogText.route) ?? "unknown: the receiver sent no extended handshake in this transcript"
            if route != expected {
                mismatches.append(Mismatch(message: index, check: "routing", expected: LogText.route(expected), actual: actual))
            }
        }
        if let incoming { mismatches += senderChecks(incoming, message: message, sender: sender, index: index) }
        let receiverLabel = transcript.node(receiverName)?.peer.profile ?? receiverName
        if let reaction { log += " | \(receiverLabel): \(reaction)" }
        if let expected = message.reaction, let profile = receivers[receiver]?.profile {
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
        if transcript.connections.count > 1 { log = "[\(connection.id)] " + log }
        lastLogLine = log
        return mismatches
    }

    /// What the sender's own profile says it sends: a PEX message it never sends, an empty one where
    /// it sends nothing, an extended handshake offering ut_pex on a private torrent it keeps PEX off for.
    private func senderChecks(_ incoming: IncomingMessage, message: TranscriptMessage, sender: End, index: Int) -> [Mismatch] {
        guard let connection = transcript.connection(message.connection), let node = transcript.node(connection.name(sender.side)),
            let profile = ClientProfile.named(node.peer.profile),
            // The reference peer of a case is the harness: it sends whatever the case needs.
            profile.id != ClientProfile.reference.id
        else { return [] }
        var found: [Mismatch] = []
        let offPrivate = transcript.torrent.isPrivate && profile.privateTorrents?.exchanges(fetchingMetadata: node.fetchingMetadata) == false
        switch incoming {
        case .extendedHandshake(_, _, let utPexID):
            if offPrivate, let id = utPexID, id != 0 {
                found.append(
                    Mismatch(
                        message: index, check: "sender", expected: "no ut_pex in m: profile \(profile.id) turns PEX off on a private torrent (\(profile.privateTorrents?.source ?? ""))",
                        actual: "m offers ut_pex as \(id)"))
            }
        case .pex(let facts, _) where facts.dialect == .utPex && facts.problem == nil:
            if profile.extensionTable != nil, receivers[sender]?.remoteOffersPex == false {
                found.append(
                    Mismatch(
                        message: index, check: "sender",
                        expected: "no ut_pex from profile \(profile.id): the remote's handshakes, as it keeps them, do not offer ut_pex (\(profile.extensionTable?.source ?? ""))",
                        actual: "a ut_pex message"))
            }
            if offPrivate {
                found.append(Mismatch(message: index, check: "sender", expected: "no PEX on a private torrent from profile \(profile.id)", actual: "a ut_pex message"))
            }
            guard let sending = profile.sending else { break }
            if !sending.sendsPex {
                found.append(Mismatch(message: index, check: "sender", expected: "no PEX at all from profile \(profile.id) (\(sending.source))", actual: "a ut_pex message"))
            } else if facts.update.isEmpty, let rule = sending.whenUnchanged, rule != Self.emptyForm(facts) {
                found.append(
                    Mismatch(
                        message: index, check: "sender", expected: "profile \(profile.id) sends \(rule.rawValue) when nothing changed (\(sending.source))",
                        actual: "an empty message written as \(Self.emptyForm(facts).rawValue)"))
            }
        default:
            break
        }
        return found
    }

    /// How an empty message is written: `de`, or keys that are all empty.
    private static func emptyForm(_ facts: PexMessageFacts) -> ClientProfile.Sending.WhenUnchanged {
        facts.size <= 2 ? .emptyDictionary : .allKeysEmpty
    }

    /// The BEP 11 rules only the scenario's timeline shows (format 2, peers with addresses): a peer
    /// added while the sender has no connection to it, dropped while it still has one, or never
    /// dropped after its connection closed.
    private mutating func timelineViolations(_ update: PexUpdate, from sender: End, at time: Double) -> [String] {
        guard transcript.format == 2, let connection = transcript.connection(sender.connection) else { return [] }
        let senderName = connection.name(sender.side)
        func isConnected(_ address: PeerAddress) -> Bool? {
            guard let node = transcript.nodes.first(where: { $0.address.flatMap(PeerAddress.init) == address }) else { return nil }
            return transcript.connections.contains { c in
                ((c.a == senderName && c.b == node.name) || (c.b == senderName && c.a == node.name)) && c.isOpen(at: time)
            }
        }
        var found: Set<String> = []
        var told = announced[sender] ?? []
        for address in update.droppedAddresses {
            if isConnected(address) == true { found.insert(PexRuleViolationCode.droppedWhileConnected) }
            told.remove(address)
        }
        for address in told where isConnected(address) == false { found.insert(PexRuleViolationCode.missingDropped) }
        for address in update.addedAddresses {
            if isConnected(address) == false { found.insert(PexRuleViolationCode.notConnected) }
            told.insert(address)
        }
        announced[sender] = told
        return found.sorted()
    }

    /// nil when `outcome` is what `expected` asks for.
    static func compare(_ outcome: DecodeOutcome, _ expected: ExpectedOutcome, check: String, index: Int) -> Mismatch? {
        if expected.isMet(by: outcome) { return nil }
        var pending = false
        if case .failure(let error) = outcome.result, error.code.rawValue == "unsupported_kind" { pending = true }
        return Mismatch(message: index, check: check, expected: expected.json.serialized(), actual: LogText.outcome(outcome), isPending: pending)
    }
}
