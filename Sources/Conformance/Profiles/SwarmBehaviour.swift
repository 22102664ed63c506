/// What a client *does* as a member of a swarm, as opposed to how it reacts to one message
/// (``ClientProfile/rules``): whom it dials after PEX, what it relays, when it stops sending,
/// how it treats a private torrent. `pexspec probe`'s swarm cases compare what they see with
/// these predictions.
///
/// Each rule carries its public source. A rule no source gives is nil: the probe then reports
/// its verdict as `observed` and names the missing rule (``Rule/name``), never a guess.
public struct SwarmBehaviour: Sendable {
    /// One predicted behaviour and where it was read.
    public typealias Rule<Value: Sendable & Equatable> = SourcedRule<Value>

    /// Dials a loopback peer another loopback peer announced in `added`.
    public var dialsPexPeers: Rule<Bool>?
    /// Dials a peer that appeared only in `dropped` (aria2 does).
    public var dialsDroppedPeers: Rule<Bool>?
    /// The most peers it takes from one PEX source, all messages of that connection together.
    public var peersTakenFromOneSource: Rule<Int>?
    /// A peer both added and dropped in one message ends up added (it is dialled).
    public var addedAndDroppedEndsAdded: Rule<Bool>?
    /// Its `added` lists only peers it is connected to.
    public var relaysOnlyConnected: Rule<Bool>?
    /// Its PEX lists the recipient itself.
    public var listsRecipient: Rule<Bool>?
    /// A peer is listed under its `p` (listen port); false: under its connection's source port.
    public var announcesListenPort: Rule<Bool>?
    /// After a listed peer disconnects, a later message names it in `dropped`.
    public var sendsDroppedOnDisconnect: Rule<Bool>?
    /// The most peers in `added` (v4 and v6) of a message after the first.
    public var maxAddedAfterFirst: Rule<Int>?
    /// Seconds between two PEX messages on one connection: ``ClientProfile/pexInterval``.
    public var sendInterval: Rule<Double>?
    /// Sends messages that add and drop nothing.
    public var sendsEmptyMessages: Rule<Bool>?
    /// A re-sent extended handshake with `m.ut_pex` = 0 stops its PEX to that peer.
    public var zeroIDDisablesPex: Rule<Bool>?
    /// After a re-sent extended handshake that leaves ut_pex out, a ut_pex from that peer is a
    /// disconnect (libtorrent's `m` is not additive).
    public var pexAfterHandshakeWithoutPexDisconnects: Rule<Bool>?
    /// An extended message under an id it never assigned is a disconnect.
    public var unassignedIDDisconnects: Rule<Bool>?
    /// PEX is off for a private torrent: not in `m`, never sent, never used (BEP 27).
    public var privateTorrentPexOff: Rule<Bool>?

    public init() {}

    /// The behaviours of `profile`: its own swarm rules, and what ``ClientProfile`` already says
    /// (``ClientProfile/pexInterval``, the `unassigned_extension` and `pex_not_advertised`
    /// rules, ``ClientProfile/privateTorrents``, ``ClientProfile/sending``,
    /// ``ClientProfile/extensionTable``), so that no rule is kept twice.
    public static func of(_ profile: ClientProfile) -> SwarmBehaviour {
        var behaviour: SwarmBehaviour
        switch profile.id {
        case ClientProfile.libtorrent20.id: behaviour = .libtorrent20
        case ClientProfile.transmission300.id: behaviour = .transmission300
        case ClientProfile.rtorrent098.id: behaviour = .rtorrent098
        case ClientProfile.aria2136.id: behaviour = .aria2136
        case ClientProfile.anacrolix.id: behaviour = .anacrolix
        default: behaviour = SwarmBehaviour()
        }
        if let interval = profile.pexInterval {
            let source = profile.pexSources.first { $0.setting == "interval" }?.source ?? "profile \(profile.id), pexInterval"
            behaviour.sendInterval = Rule(interval, source)
        }
        if let rule = profile.rules[.unassignedExtension] {
            behaviour.unassignedIDDisconnects = Rule(rule.reaction == .disconnect, rule.source)
        }
        if let rule = profile.privateTorrents {
            // The probe's clients load the private torrent from its metainfo: no metadata fetch.
            behaviour.privateTorrentPexOff = Rule(!rule.exchanges(fetchingMetadata: false), rule.source)
        }
        if let sending = profile.sending, let unchanged = sending.whenUnchanged {
            behaviour.sendsEmptyMessages = Rule(unchanged != .nothing, sending.source)
        }
        if let table = profile.extensionTable, let pex = profile.rules[.pexNotAdvertised] {
            // A table each handshake replaces loses ut_pex; then a ut_pex from that peer meets the
            // client's rule for PEX from a peer that does not offer it.
            let lost = table.value == .replacedByEachHandshake
            behaviour.pexAfterHandshakeWithoutPexDisconnects = Rule(lost && pex.reaction == .disconnect, table.source + "; " + pex.source)
        }
        return behaviour
    }
}

extension ClientProfile {
    /// What this client does in a swarm (see ``SwarmBehaviour``).
    public var swarm: SwarmBehaviour { SwarmBehaviour.of(self) }
}
