import AzureusWire
import PeerWire
import PexSession
import WireCore

/// How one deployed client reacts to incoming peer-wire and PEX traffic, rule by rule, each rule
/// with the source it was read from.
///
/// The stateful rules (flood detection, size and peer caps, the empty message) are a
/// ``PexSessionConfiguration``, run by a ``PexSession`` per connection (see
/// ``ProfileConnection``); the rest are ``Situation``s with a reaction. A situation a profile has
/// no rule for is unknown: its prediction is nil, never a guess.
public struct ClientProfile: Sendable, Identifiable {
    /// The profile id transcripts name (`libtorrent-2.0`).
    public var id: String
    public var client: String
    public var versions: String
    /// The PEX rules this client runs on receipt.
    public var pex: PexSessionConfiguration
    /// Where each of ``pex``'s settings comes from: setting name to source.
    public var pexSources: [(setting: String, source: String)]
    /// Whether this client's per-message and per-peer caps are known, so that a prediction may
    /// say how many peers it learns.
    public var knowsPeerCaps: Bool
    /// Whether it reads `dropped` (Transmission never does); nil when no source says.
    public var readsDropped: Bool?
    /// Frames longer than this are a disconnect (`frame_too_large`); nil when unknown or unlimited.
    public var maxFrameSize: Int?
    /// Reactions to situations that are not a matter of state.
    public var rules: [Situation: Rule]
    /// How it sends PEX, where a source says; nil when unknown. The replay checks every PEX message
    /// a peer of this profile sends against it.
    public var sending: Sending?
    /// What it does with PEX on a private torrent (BEP 27); nil when no source says.
    public var privateTorrents: PrivateTorrentRule?
    /// How it keeps the remote peer's `m` table across re-sent extended handshakes; nil when unknown.
    public var extensionTable: ExtensionTableRule?
    /// Whether it reads `added6`; nil when unknown (rtorrent reads only `added`).
    public var readsIPv6: Bool?
    /// Seconds after it accepts a PEX message with peers during which PEX from every connection of the
    /// torrent is discarded (anacrolix/torrent 3e79365, `pexconn.go:139-159`); nil when it has no such
    /// rule. Its source is ``pexSources``' `torrent_cooldown`.
    public var torrentWideCooldown: Double?
    /// The probe's send checks this client is known to fail, case id (`ut_pex/send/not-empty`) to
    /// the public source that shows it does. The probe's verdict stays `fail`, marked known
    /// (docs/reports.md), and `pexspec probe` exits 0 on it unless `--strict`; when the client
    /// does not deviate this time, the case passes unmarked.
    public var knownDeviations: [String: String] = [:]
    /// Whether a `dropped` entry removes the peer from its candidates whichever connection announced it
    /// (webtorrent/ut_pex `index.js:158-176` with webtorrent `lib/torrent.js:1363-1371`); its source is
    /// ``pexSources``' `dropped_evicts`.
    public var droppedEvictsAnyCandidate = false

    /// How a client sends ut_pex.
    public struct Sending: Sendable, Hashable {
        /// What it sends when nothing changed since its previous message.
        public enum WhenUnchanged: String, Sendable, Hashable {
            /// Nothing (BEP 11: "Messages must contain at least one of the following fields").
            case nothing
            /// An empty dictionary, `de`.
            case emptyDictionary = "de"
            /// All six keys, each an empty string.
            case allKeysEmpty = "all_keys_empty"
        }
        /// Whether it sends PEX at all.
        public var sendsPex: Bool
        public var whenUnchanged: WhenUnchanged?
        public var source: String

        public init(sendsPex: Bool = true, whenUnchanged: WhenUnchanged? = nil, source: String) {
            self.sendsPex = sendsPex
            self.whenUnchanged = whenUnchanged
            self.source = source
        }
    }

    /// What a client does with PEX on a private torrent.
    public typealias PrivateTorrentRule = SourcedRule<PrivateTorrentPolicy>
    public enum PrivateTorrentPolicy: String, Sendable, Hashable {
        /// BEP 27: no `ut_pex` in its `m`, no PEX sent, none taken.
        case disablesPex = "disables_pex"
        /// Offers, sends and takes PEX as on a public torrent (anacrolix/torrent before PR #1053).
        case exchangesPex = "exchanges_pex"
        /// Exchanges PEX while it fetches a magnet link's metadata, before it can know the torrent
        /// is private (aria2 `PeerInteractionCommand.cc:232`), and turns it off after.
        case exchangesWhileFetchingMetadata = "exchanges_while_fetching_metadata"
    }

    /// How a client keeps the remote peer's extension ids when it re-sends its extended handshake.
    public typealias ExtensionTableRule = SourcedRule<ExtensionTablePolicy>
    public enum ExtensionTablePolicy: String, Sendable, Hashable {
        /// BEP 10: "the m dictionary [...] is additive": names left out keep their ids.
        case additive
        /// Each handshake replaces the whole table: libtorrent (`bt_peer_connection.cpp:2037-2044`).
        case replacedByEachHandshake = "replaced"
        /// The first handshake fixes which extensions are on: rtorrent (`extensions.cc:283`).
        case fixedByFirstHandshake = "first_only"
    }
    /// Seconds between the ut_pex messages this client sends on one connection; nil when no
    /// source says. Its source is the ``pexSources`` entry `interval`. The live probe watches
    /// two intervals by default.
    public var pexInterval: Double?
    /// How many connections of one torrent this client enables ut_pex on (the others get
    /// `m.ut_pex` = 0); nil when it has no such cap or none is known. Its source is the
    /// ``pexSources`` entry `pex_connections`. The live probe plans its connections around it.
    public var pexConnectionCap: Int?

    /// Something in a message that deployed clients disagree about. A situation that is the
    /// receiver's side of a decoder code has that code's name (``decoderCode``).
    public enum Situation: String, Sendable, Hashable, CaseIterable {
        /// A PEX payload that is not bencode.
        case invalidBencode = "invalid_bencode"
        /// A PEX payload whose root is not a dictionary (a list, say).
        case notADictionary = "not_a_dictionary"
        /// A compact list whose length is not a multiple of 6 (18): `accept` means whole entries are used.
        case partialCompactEntry = "bad_compact_length"
        /// Added peers without `added.f` (AZ: `added_HST`): `accept` means they are kept.
        case missingAddedFlags = "missing_flags"
        /// `added.f` whose length is not the number of added peers: `accept` means they are kept.
        case addedFlagsMismatch = "flags_length_mismatch"
        /// A ut_pex message before the bitfield.
        case pexBeforeBitfield = "before_bitfield"
        /// An extended message shorter than 2 bytes.
        case extendedTooShort = "extended_too_short"
        /// An extended handshake that is not a bencoded dictionary.
        case undecodableExtendedHandshake = "undecodable_handshake"
        /// An extended message under an id the receiver never assigned, or disabled.
        case unassignedExtension = "unassigned_extension"
        /// A ut_pex message from a peer whose extended handshake (as the receiver keeps it) does not offer ut_pex.
        case pexNotAdvertised = "pex_not_advertised"
        /// An AZ_PEER_EXCHANGE with no added and no dropped peer.
        case emptyAzureusPex = "empty_peer_exchange"

        /// The decoder code this situation reacts to, whose name it has; nil for a situation no
        /// single code names.
        public var decoderCode: ParseError.Code? {
            switch self {
            case .notADictionary: .notADictionary
            case .partialCompactEntry: .badCompactLength
            case .addedFlagsMismatch: .flagsLengthMismatch
            case .extendedTooShort: .extendedTooShort
            case .emptyAzureusPex: .emptyPeerExchange
            case .invalidBencode, .missingAddedFlags, .pexBeforeBitfield, .undecodableExtendedHandshake, .unassignedExtension, .pexNotAdvertised: nil
            }
        }
    }

    /// A reaction and where it was read.
    public struct Rule: Sendable, Hashable {
        public var reaction: Reaction.Kind
        public var source: String

        public init(_ reaction: Reaction.Kind, _ source: String) {
            self.reaction = reaction
            self.source = source
        }
    }

    public init(
        id: String, client: String, versions: String, pex: PexSessionConfiguration, pexSources: [(setting: String, source: String)],
        knowsPeerCaps: Bool, readsDropped: Bool? = nil, maxFrameSize: Int? = nil, rules: [Situation: Rule], sending: Sending? = nil,
        privateTorrents: PrivateTorrentRule? = nil, extensionTable: ExtensionTableRule? = nil, readsIPv6: Bool? = nil,
        torrentWideCooldown: Double? = nil, droppedEvictsAnyCandidate: Bool = false
    ) {
        self.id = id
        self.client = client
        self.versions = versions
        self.pex = pex
        self.pexSources = pexSources
        self.knowsPeerCaps = knowsPeerCaps
        self.readsDropped = readsDropped
        self.maxFrameSize = maxFrameSize
        self.rules = rules
        self.sending = sending
        self.privateTorrents = privateTorrents
        self.extensionTable = extensionTable
        self.readsIPv6 = readsIPv6
        self.torrentWideCooldown = torrentWideCooldown
        self.droppedEvictsAnyCandidate = droppedEvictsAnyCandidate
    }

    /// The source of one of ``pexSources``' settings (`interval`, `flood`, …), when there is one.
    public func source(of setting: String) -> String? {
        pexSources.first { $0.setting == setting }?.source
    }

    /// This profile under another id and client, for a client built on the engine this profile
    /// describes (qBittorrent and Deluge on libtorrent): every rule kept, `sources` added.
    public func inherited(id: String, client: String, versions: String, adding sources: [(setting: String, source: String)]) -> ClientProfile {
        var profile = self
        profile.id = id
        profile.client = client
        profile.versions = versions
        profile.pexSources += sources
        return profile
    }

    /// The reaction to `situation` with its source, or nil when the profile does not know it.
    public func reaction(to situation: Situation) -> Reaction? {
        guard let rule = rules[situation] else { return nil }
        return Reaction(rule.reaction, reason: rule.reaction == .accept ? nil : .situation(situation), source: rule.source)
    }
}

extension SourcedRule where Value == ClientProfile.PrivateTorrentPolicy {
    /// Whether a peer under this rule exchanges PEX on a private torrent.
    public func exchanges(fetchingMetadata: Bool) -> Bool {
        switch value {
        case .disablesPex: return false
        case .exchangesPex: return true
        case .exchangesWhileFetchingMetadata: return fetchingMetadata
        }
    }
}
