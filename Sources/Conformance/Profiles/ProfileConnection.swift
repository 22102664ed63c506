import PexModel
import PexSession

/// One connection as seen by a receiving client that a ``ClientProfile`` stands for: the
/// profile's rules plus the state they need (a ``PexSession`` on a manual clock driven by the
/// transcript's times, and whether the bitfield has arrived).
public struct ProfileConnection: Sendable {
    public let profile: ClientProfile
    private let clock = ManualPexClock()
    private var session: PexSession
    /// Whether a bitfield (or Fast extension have_all / have_none) has been received.
    public private(set) var bitfieldSeen: Bool
    public private(set) var isClosed = false

    public init(profile: ClientProfile, bitfieldSeen: Bool = false) {
        self.profile = profile
        self.bitfieldSeen = bitfieldSeen
        session = PexSession(configuration: profile.pex, clock: clock)
    }

    /// The receiver's reaction to `message` arriving `time` seconds into the connection, or nil
    /// when its profile has no rule for what the message contains.
    public mutating func react(to message: IncomingMessage, at time: Double) -> Reaction? {
        clock.set(time)
        if isClosed { return Reaction(.disconnect, reason: .session(.closed), source: "the connection was closed by an earlier message") }
        if let limit = profile.maxFrameSize, message.frameSize > limit {
            return close(Reaction(.disconnect, reason: .frameTooLarge, source: source(of: Reaction.Reason.frameTooLarge.rawValue)))
        }
        switch message {
        case .handshake:
            return Reaction(.accept, source: "BEP 3 handshake")
        case .standard(let id, _):
            // Bitfield, or the Fast extension's have_all / have_none.
            if let id, [5, 14, 15].contains(id) { bitfieldSeen = true }
            return Reaction(.accept, source: "BEP 3 message")
        case .extendedTooShort:
            return applying(profile.reaction(to: .extendedTooShort))
        case .extendedHandshake(let decodable, _):
            if decodable {
                return Reaction(
                    .accept,
                    source: "BEP 10: \"It is valid to send the handshake message more than once during the lifetime of a connection, the sending client should not be disconnected.\""
                )
            }
            return applying(profile.reaction(to: .undecodableExtendedHandshake))
        case .unassignedExtension:
            return nil
        case .azureus(let messageID, _):
            return Reaction(.accept, source: "reference 004: \(messageID) is a message of the Azureus messaging protocol")
        case .pex(let facts, _):
            return pex(facts)
        }
    }

    private mutating func pex(_ facts: PexMessageFacts) -> Reaction? {
        if facts.dialect == .utPex, !bitfieldSeen, let early = profile.reaction(to: .pexBeforeBitfield), early.kind != .accept {
            return applying(early)
        }
        if facts.size > profile.pex.maxMessageSize {
            return sessionVerdict(session.receive(PexUpdate(), size: facts.size), discarding: nil)
        }
        if let problem = facts.problem {
            return applying(profile.reaction(to: problem == .invalidBencode ? .invalidBencode : .notADictionary))
        }
        var update = facts.update
        var discarding: Reaction?
        var situations: [ClientProfile.Situation] = []
        if facts.hasPartialEntries { situations.append(.partialCompactEntry) }
        switch facts.addedFlags {
        case .matching: break
        case .missing: situations.append(.missingAddedFlags)
        case .mismatched: situations.append(.addedFlagsMismatch)
        }
        for situation in situations {
            guard let reaction = profile.reaction(to: situation) else { return nil }
            switch reaction.kind {
            case .accept: continue
            case .ignore, .disconnect: return applying(reaction)
            case .dropPeers:
                update.added = []
                discarding = discarding ?? reaction
            }
        }
        if profile.readsDropped == false { update.dropped = [] }
        return sessionVerdict(session.receive(update, size: facts.size), discarding: discarding)
    }

    private mutating func sessionVerdict(_ verdict: PexVerdict, discarding: Reaction?) -> Reaction {
        switch verdict {
        case .disconnect(let reason):
            return close(Reaction(.disconnect, reason: .session(reason), source: source(of: reason.rawValue)))
        case .accepted(let learned, let dropped, _):
            let forgot = profile.readsDropped == nil ? nil : dropped.count
            if var discarding {
                discarding.learned = 0
                discarding.forgot = forgot
                return discarding
            }
            return Reaction(.accept, learned: profile.knowsPeerCaps ? learned.count : nil, forgot: forgot, source: source(of: "peer_caps"))
        }
    }

    private mutating func applying(_ reaction: Reaction?) -> Reaction? {
        guard let reaction else { return nil }
        return reaction.kind == .disconnect ? close(reaction) : reaction
    }

    private mutating func close(_ reaction: Reaction) -> Reaction {
        isClosed = true
        return reaction
    }

    private func source(of setting: String) -> String? {
        profile.source(of: setting)
    }
}
