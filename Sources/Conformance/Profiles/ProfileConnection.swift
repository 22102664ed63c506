import PexModel
import PexSession

/// What one receiving client knows across all its connections to a torrent's peers: the state
/// the torrent-wide rules need (anacrolix's cooldown, webtorrent's candidate queue).
public struct TorrentState: Sendable {
    /// When it last accepted a PEX message that named peers, on any connection.
    public var lastAcceptedWithPeers: Double?
    /// The peers it learned from PEX on any connection and has not dropped since.
    public var candidates: Set<PeerAddress> = []

    public init() {}
}

/// One connection as seen by a receiving client that a ``ClientProfile`` stands for: the
/// profile's rules plus the state they need (a ``PexSession`` on a manual clock driven by the
/// transcript's times, whether the bitfield has arrived, what the remote's extended handshakes
/// offered).
public struct ProfileConnection: Sendable {
    public let profile: ClientProfile
    private let clock = ManualPexClock()
    private var session: PexSession
    /// Whether a bitfield (or Fast extension have_all / have_none) has been received.
    public private(set) var bitfieldSeen: Bool
    public private(set) var isClosed = false
    /// Whether the torrent is private (BEP 27) and this peer has no rule for that.
    private let privateUnknown: Bool
    /// Whether the remote's extended handshakes (as this profile keeps them) offer ut_pex; nil before the first.
    public private(set) var remoteOffersPex: Bool?

    public init(
        profile: ClientProfile, bitfieldSeen: Bool = false, torrentIsPrivate: Bool = false, fetchingMetadata: Bool = false, ownAddress: PeerAddress? = nil
    ) {
        self.profile = profile
        self.bitfieldSeen = bitfieldSeen
        var configuration = profile.pex
        if torrentIsPrivate, let rule = profile.privateTorrents {
            configuration.isPrivate = !rule.exchanges(fetchingMetadata: fetchingMetadata)
        }
        privateUnknown = torrentIsPrivate && profile.privateTorrents == nil
        session = PexSession(configuration: configuration, clock: clock, ownAddress: ownAddress)
    }

    /// The receiver's reaction to `message` arriving `time` seconds into the connection, or nil
    /// when its profile has no rule for what the message contains.
    public mutating func react(to message: IncomingMessage, at time: Double) -> Reaction? {
        var torrent = TorrentState()
        return react(to: message, at: time, torrent: &torrent)
    }

    /// The same, on a torrent whose other connections share `torrent` (a scenario of several connections).
    public mutating func react(to message: IncomingMessage, at time: Double, torrent: inout TorrentState) -> Reaction? {
        clock.set(time)
        if isClosed { return Reaction(.disconnect, reason: .session(.closed), source: "the connection was closed by an earlier message") }
        if let limit = profile.maxFrameSize, message.frameSize > limit {
            return close(Reaction(.disconnect, reason: .frameTooLarge, source: source(of: Reaction.Reason.frameTooLarge.rawValue)))
        }
        switch message {
        case .handshake:
            return Reaction(.accept, source: Document.bep3.at("peer protocol, handshake"))
        case .standard(let id, _):
            // Bitfield, or the Fast extension's have_all / have_none.
            if let id, [5, 14, 15].contains(id) { bitfieldSeen = true }
            return Reaction(.accept, source: Document.bep3.at("peer messages"))
        case .extendedTooShort:
            return applying(profile.reaction(to: .extendedTooShort))
        case .extendedHandshake(let decodable, _, let utPexID):
            guard decodable else { return applying(profile.reaction(to: .undecodableExtendedHandshake)) }
            noteRemoteHandshake(utPexID: utPexID)
            return Reaction(
                .accept,
                source: Document.bep10.at("\"It is valid to send the handshake message more than once during the lifetime of a connection, the sending client should not be disconnected.\""))
        case .unassignedExtension:
            return applying(profile.reaction(to: .unassignedExtension))
        case .azureus(let messageID, _):
            return Reaction(.accept, source: Document.azureus.at("\(messageID) is a message of the Azureus messaging protocol"))
        case .pex(let facts, _):
            return pex(facts, torrent: &torrent)
        }
    }

    /// BEP 10 keeps `m` additive; libtorrent replaces it with each handshake, rtorrent fixes it with the first.
    private mutating func noteRemoteHandshake(utPexID: Int?) {
        let offers = (utPexID ?? 0) != 0
        switch profile.extensionTable?.value {
        case .replacedByEachHandshake?: remoteOffersPex = offers
        case .fixedByFirstHandshake?: if remoteOffersPex == nil { remoteOffersPex = offers }
        case .additive?, nil:
            // Additive: a name left out keeps its id; 0 disables it.
            if let utPexID { remoteOffersPex = utPexID != 0 } else if remoteOffersPex == nil { remoteOffersPex = false }
        }
    }

    private mutating func pex(_ facts: PexMessageFacts, torrent: inout TorrentState) -> Reaction? {
        if privateUnknown { return nil }
        if facts.dialect == .utPex, !bitfieldSeen, let early = profile.reaction(to: .pexBeforeBitfield), early.kind != .accept {
            return applying(early)
        }
        if facts.dialect == .utPex, remoteOffersPex == false, let rule = profile.reaction(to: .pexNotAdvertised) {
            return applying(rule)
        }
        if facts.size > profile.pex.maxMessageSize {
            return sessionVerdict(session.receive(PexUpdate(), size: facts.size), discarding: nil, torrent: &torrent, dropped: [])
        }
        if let problem = facts.problem {
            return applying(profile.reaction(to: problem == .invalidBencode ? .invalidBencode : .notADictionary))
        }
        var update = facts.update
        var discarding: Reaction?
        var situations: [ClientProfile.Situation] = []
        if facts.dialect == .azureus && update.isEmpty { situations.append(.emptyAzureusPex) }
        if facts.hasPartialEntries { situations.append(.partialCompactEntry) }
        switch facts.addedFlags {
        case .matching: break
        case .missing: situations.append(.missingAddedFlags)
        case .mismatched: situations.append(.addedFlagsMismatch)
        }
        for situation in situations {
            guard let reaction = profile.reaction(to: situation) else {
                if situation == .emptyAzureusPex { continue }
                return nil
            }
            switch reaction.kind {
            case .accept: continue
            case .ignore, .disconnect: return applying(reaction)
            case .dropPeers:
                update.added = []
                discarding = discarding ?? reaction
            }
        }
        let announcedDropped = update.droppedAddresses
        if profile.readsDropped == false { update.dropped = [] }
        if profile.readsIPv6 == false {
            update.added.removeAll { $0.address.ip.isIPv6 }
            update.dropped.removeAll { $0.address.ip.isIPv6 }
        }
        if let cooldown = profile.torrentWideCooldown, let last = torrent.lastAcceptedWithPeers, clock.now() - last < cooldown,
            !session.isClosed
        {
            // The message still counts toward the per-connection rules; its peers are discarded.
            let verdict = session.discard(update, size: facts.size)
            if case .disconnect = verdict { return sessionVerdict(verdict, discarding: nil, torrent: &torrent, dropped: []) }
            return Reaction(.ignore, reason: .torrentCooldown, learned: 0, violations: violationCodes, source: source(of: "torrent_cooldown"))
        }
        let verdict = session.receive(update, size: facts.size)
        return sessionVerdict(verdict, discarding: discarding, torrent: &torrent, dropped: announcedDropped)
    }

    private var violationCodes: [String] { session.lastViolations.map(\.rawValue) }

    private mutating func sessionVerdict(
        _ verdict: PexVerdict, discarding: Reaction?, torrent: inout TorrentState, dropped announced: [PeerAddress]
    ) -> Reaction {
        switch verdict {
        case .disconnect(let reason):
            return close(Reaction(.disconnect, reason: .session(reason), source: source(of: reason.rawValue)))
        case .ignored(let reason):
            let rule = reason == .privateTorrent ? profile.privateTorrents?.source : source(of: "peer_caps")
            return Reaction(.ignore, reason: .ignored(reason), learned: 0, violations: violationCodes, source: rule)
        case .accepted(let learned, let dropped, _):
            var forgotten = dropped.count
            for address in dropped { torrent.candidates.remove(address) }
            if profile.droppedEvictsAnyCandidate {
                // A dropped entry evicts a candidate whichever connection it came from.
                for address in announced where !dropped.contains(address) && torrent.candidates.remove(address) != nil { forgotten += 1 }
            }
            torrent.candidates.formUnion(learned.map(\.address))
            if !learned.isEmpty { torrent.lastAcceptedWithPeers = clock.now() }
            let forgot = profile.readsDropped == nil ? nil : forgotten
            if var discarding {
                discarding.learned = 0
                discarding.forgot = forgot
                discarding.violations = violationCodes
                return discarding
            }
            return Reaction(
                .accept, learned: profile.knowsPeerCaps ? learned.count : nil, forgot: forgot, violations: violationCodes, source: source(of: "peer_caps"))
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
