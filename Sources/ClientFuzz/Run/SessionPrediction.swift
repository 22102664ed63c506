import Bencode
import Conformance
import PeerWire
import WireCore

/// What the client's profile predicts for the messages of one session: fed, in order and at the
/// times they were sent, through the same ``MessageClassifier`` and ``ProfileConnection`` that
/// replay and the probe use, after both extended handshakes of the opening.
public struct SessionPrediction: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// Every message is accepted, ignored or has its peers dropped: the client stays.
        case stays
        /// The profile closes the connection at this message (0-based), for this reason.
        case disconnects(at: Int, reason: String, source: String?)
        /// The profile has no rule for this message (0-based) and so predicts nothing from it on.
        case unknown(at: Int, why: String)
    }

    public var outcome: Outcome
    /// The reactions, one line per message up to the outcome, for the report.
    public var reactions: [String]

    /// The prediction of `profile` for `messages` sent at `times` (seconds since the connection
    /// opened), after our extended handshake `own` and the client's `client`.
    public static func predict(
        _ profile: ClientProfile?, own: [UInt8], client: [UInt8]?, messages: [FuzzMessage], times: [Double]
    ) -> SessionPrediction {
        guard let profile else {
            return SessionPrediction(outcome: messages.isEmpty ? .stays : .unknown(at: 0, why: "no profile for this client"), reactions: [])
        }
        var classifier = MessageClassifier<TranscriptMessage.Direction.Side>()
        _ = classifier.classify(PeerMessage.extended(id: 0, payload: own).encoded, framing: .standard, direction: .aToB)
        if let client { _ = classifier.classify(PeerMessage.extended(id: 0, payload: client).encoded, framing: .standard, direction: .bToA) }
        var connection = ProfileConnection(profile: profile, bitfieldSeen: true)
        var reactions: [String] = []
        var ownPexWithdrawn = false
        var unfinished = false
        for (n, message) in messages.enumerated() {
            if unfinished {
                return SessionPrediction(outcome: .unknown(at: n, why: "the message before left a frame unfinished, so the client reads this one as its rest"), reactions: reactions)
            }
            let time = n < times.count ? times[n] : times.last ?? 0
            let (frames, trailing) = FrameCut.frames(message.bytes)
            var incoming: [IncomingMessage] = []
            var beyondProfile: String?
            for frame in frames {
                let framing: TranscriptMessage.Framing = message.kind == .azureus ? .azureus : .standard
                guard let classified = classifier.classify(frame, framing: framing, direction: .aToB).incoming else {
                    return SessionPrediction(outcome: .unknown(at: n, why: "a frame the classifier cannot read"), reactions: reactions)
                }
                if let gap = Self.unmodelled(classified, frame: frame) {
                    // The frames before it still draw their reactions; from it on, nothing is predicted.
                    beyondProfile = gap
                    break
                }
                incoming.append(classified)
                if framing == .standard, frame.count >= 6, frame[4] == 20, frame[5] == 0 {
                    // BEP 10 makes m additive, but libtorrent drops its ut_pex handler and rtorrent
                    // disables what a re-sent handshake omits (hazard H1): from here on, ut_pex to
                    // the client is not something a profile can predict.
                    let handshake = try? ExtendedHandshake.decode(frame.dropFirst(6), mode: .lenient).value
                    if handshake?.messages?.first(where: { $0.name == "ut_pex" }).map({ $0.id == 0 }) ?? true { ownPexWithdrawn = true }
                }
            }
            unfinished = !trailing.isEmpty
            if beyondProfile == nil && trailing.count >= 4 {
                // The client waits for the rest; only its length prefix can draw a reaction (a size limit).
                let declared = 4 + Int(BigEndian.uint32(trailing, at: 0))
                if let limit = profile.maxFrameSize, declared > limit {
                    incoming.append(.unassignedExtension(id: 0xFF, frameSize: declared))
                }
            }
            // libtorrent judges a fixed-size message by its length prefix before the body is in.
            if beyondProfile == nil && trailing.count >= 5 && trailing[4] != 20 {
                beyondProfile = "an unfinished frame of message id \(trailing[4]): a client may judge it by its length prefix"
            }
            for item in incoming {
                if ownPexWithdrawn, case .pex = item {
                    return SessionPrediction(outcome: .unknown(at: n, why: "ut_pex after a re-sent extended handshake without ut_pex in m (BEP 10 additive m vs hazard H1)"), reactions: reactions)
                }
                guard let reaction = connection.react(to: item, at: time) else {
                    return SessionPrediction(outcome: .unknown(at: n, why: "no rule in \(profile.id) for \(describe(item))"), reactions: reactions)
                }
                reactions.append("message \(n + 1): \(reaction)")
                if reaction.kind == .disconnect {
                    return SessionPrediction(outcome: .disconnects(at: n, reason: reaction.reason?.rawValue ?? "disconnect", source: reaction.source), reactions: reactions)
                }
            }
            if let beyondProfile { return SessionPrediction(outcome: .unknown(at: n, why: beyondProfile), reactions: reactions) }
        }
        return SessionPrediction(outcome: .stays, reactions: reactions)
    }

    /// Why a standard message is beyond what profiles model, or nil. Profiles accept every
    /// standard message; that holds for the ones whose payload cannot be wrong (choke, unchoke,
    /// interested, not interested, a keep-alive) and a `have` of piece 0, which the torrent has.
    /// Anything else (another extension's message, a malformed or unknown message, a second
    /// bitfield, a piece nobody asked for, an index the torrent may not have) gets no prediction.
    static func unmodelled(_ message: IncomingMessage, frame: [UInt8]) -> String? {
        guard case .standard(let id?, _) = message else { return nil }
        let payload = frame.count - 5
        switch id {
        case 0...3 where payload == 0: return nil
        case 4 where payload == 4 && frame[5...].allSatisfy({ $0 == 0 }): return nil
        case 20: return "an extended message for another extension than ut_pex (extended id \(frame.count > 5 ? frame[5] : 0)): profiles model only ut_pex"
        default: return "standard message \(id) with \(payload) payload bytes: no profile rule for its content"
        }
    }

    static func describe(_ message: IncomingMessage) -> String {
        switch message {
        case .handshake: return "a handshake"
        case .standard(let id, _): return id.map { "standard message \($0)" } ?? "a keep-alive"
        case .extendedTooShort: return "an extended message without an id"
        case .extendedHandshake(let decodable, _, _): return decodable ? "an extended handshake" : "an undecodable extended handshake"
        case .pex(let facts, _): return "\(facts.dialect.rawValue) (\(facts.size) bytes)"
        case .unassignedExtension(let id, _): return "extended id \(id), unassigned"
        case .azureus(let id, _): return "Azureus \(id)"
        }
    }
}
