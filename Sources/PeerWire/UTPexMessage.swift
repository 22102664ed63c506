import Bencode
import PexModel
import WireCore

/// The payload of a ut_pex message: peers added and dropped since the previous message, in
/// compact form, IPv4 and IPv6 apart, with one flag byte per added peer.
///
/// | key | holds |
/// |---|---|
/// | `added` / `added6` | compact IPv4 (6-byte) / IPv6 (18-byte) peers |
/// | `added.f` / `added6.f` | one ``PeerFlags`` byte per peer of `added` / `added6` |
/// | `dropped` / `dropped6` | compact peers no longer connected |
///
/// Decoding (see docs/peerwire.md for why):
/// - A missing key is an empty list.
/// - Errors in both modes: bencode errors; a payload that is not a dictionary (`not_a_dictionary` at 0).
/// - Errors in strict mode, warnings in lenient mode:
///   - `bad_compact_length`, at the first byte after the last whole entry: a list whose length is
///     not a multiple of 6 (18). Lenient keeps the whole entries and ignores the trailing bytes,
///     as libtorrent and Transmission do.
///   - `flags_length_mismatch`: `added.f` whose length is not the number of whole entries of
///     `added` (likewise `added6.f`), at the first flag byte without a peer or where the first
///     missing flag would be; when the flags key is absent but peers are present, at the peer
///     list's value. Lenient keeps every peer; the first min(peers, flags) get their flags and
///     the rest get 0, as Transmission does (libtorrent drops all the added peers instead).
///   - `too_many_peers`, at the first entry past ``PexLimits/maxPeersPerList``: lenient keeps
///     the first ones.
///   - `wrong_type` at the value, for a known key that is not a byte string: read as empty.
///   - the bencode decoder's deviations.
public struct UTPexMessage: BencodedMessage, Hashable, Sendable {
    /// `added` with `added.f`: IPv4 peers and their flags.
    public var added: [PexPeer]
    /// `added6` with `added6.f`: IPv6 peers and their flags.
    public var added6: [PexPeer]
    /// `dropped`: IPv4 peers.
    public var dropped: [PeerAddress]
    /// `dropped6`: IPv6 peers.
    public var dropped6: [PeerAddress]

    public init(added: [PexPeer] = [], added6: [PexPeer] = [], dropped: [PeerAddress] = [], dropped6: [PeerAddress] = []) {
        self.added = added
        self.added6 = added6
        self.dropped = dropped
        self.dropped6 = dropped6
    }

    /// True when the message names no peer at all: the message uTorrent 1.8.1 disconnects on,
    /// which the builder refuses to write.
    public var isEmpty: Bool { added.isEmpty && added6.isEmpty && dropped.isEmpty && dropped6.isEmpty }

    // MARK: PexUpdate

    /// The message's peers sorted into ut_pex's lists by address family, each added peer with
    /// its ``PexPeer/flags`` and, for a peer that came from AZ_PEER_EXCHANGE, the 0x01 flag when
    /// its handshake type is crypto (``PexPeer/prefersEncryption``). The other AZ_PEER_EXCHANGE
    /// extras (a plain handshake type, the UDP port) have no place in ut_pex.
    public init(_ update: PexUpdate) {
        let added = update.added.map { peer in
            PexPeer(address: peer.address, flags: peer.prefersEncryption ? peer.flags.union(.prefersEncryption) : peer.flags)
        }
        self.init(
            added: added.filter { $0.address.family == .ipv4 }, added6: added.filter { $0.address.family == .ipv6 },
            dropped: update.droppedAddresses.filter { $0.family == .ipv4 }, dropped6: update.droppedAddresses.filter { $0.family == .ipv6 })
    }

    /// The dialect-neutral update: IPv4 peers first, then IPv6.
    public var update: PexUpdate {
        PexUpdate(added: added + added6, dropped: (dropped + dropped6).map { PexPeer(address: $0) })
    }

    // MARK: Decoding

    public static var defaultLimits: PexLimits { .default }

    /// The decoder behind ``BencodedMessage/decode(_:mode:limits:)``: a ut_pex payload (after the
    /// extended id byte). Offsets count from the start of `payload`.
    public static func decodeBody(
        _ payload: UnsafeBufferPointer<UInt8>, mode: ParseMode, limits: PexLimits
    ) throws(ParseError) -> Decoded<UTPexMessage> {
        try BencodedPayload.read(payload, what: "ut_pex", mode: mode, limits: limits.bencode) { (reader) throws(ParseError) in
            let keys = Keys(reader.root)
            var message = UTPexMessage()
            message.added = try readAdded(
                keys.addedNode, keys.addedFlagsNode, peersKey: "added", flagsKey: "added.f", family: .ipv4, reader: &reader, limits: limits)
            message.added6 = try readAdded(
                keys.added6Node, keys.added6FlagsNode, peersKey: "added6", flagsKey: "added6.f", family: .ipv6, reader: &reader, limits: limits)
            message.dropped = try readDropped(keys.droppedNode, "dropped", family: .ipv4, reader: &reader, limits: limits)
            message.dropped6 = try readDropped(keys.dropped6Node, "dropped6", family: .ipv6, reader: &reader, limits: limits)
            return Decoded(message, warnings: reader.diagnostics.warnings)
        }
    }

    /// The first value of each key, found in one pass over the root's entries.
    private struct Keys {
        // Token indices (-1: absent), which are cheaper to keep than nodes.
        private var added = -1, addedFlags = -1, added6 = -1, added6Flags = -1, dropped = -1, dropped6 = -1
        private let root: BencodedPayload.Node

        init(_ root: BencodedPayload.Node) {
            self.root = root
            root.forEachEntry { key, value in
                func matches(_ name: StaticString) -> Bool { BencodedPayload.key(key, is: name) }
                func first(_ slot: inout Int) { if slot < 0 { slot = value.index } }
                switch key.count {
                case 5 where matches("added"): first(&added)
                case 6 where matches("added6"): first(&added6)
                case 7 where matches("added.f"): first(&addedFlags)
                case 7 where matches("dropped"): first(&dropped)
                case 8 where matches("added6.f"): first(&added6Flags)
                case 8 where matches("dropped6"): first(&dropped6)
                default: break
                }
            }
        }

        private func node(_ index: Int) -> BencodedPayload.Node? { index < 0 ? nil : root.document.node(at: index) }
        var addedNode: BencodedPayload.Node? { node(added) }
        var addedFlagsNode: BencodedPayload.Node? { node(addedFlags) }
        var added6Node: BencodedPayload.Node? { node(added6) }
        var added6FlagsNode: BencodedPayload.Node? { node(added6Flags) }
        var droppedNode: BencodedPayload.Node? { node(dropped) }
        var dropped6Node: BencodedPayload.Node? { node(dropped6) }
    }

    /// A compact list's content and how many entries to read from it.
    private struct CompactList {
        var bytes: UnsafeBufferPointer<UInt8>?
        /// Whole entries in the list, counted before ``PexLimits/maxPeersPerList`` applies.
        var wholeEntries = 0
        /// The entries to read: at most ``PexLimits/maxPeersPerList``.
        var taken = 0
    }

    /// The compact list `node` (the root's value of `key`), its deviations tolerated.
    private static func readCompact(
        _ node: BencodedPayload.Node?, _ key: StaticString, family: AddressFamily, reader: inout BencodedPayload, limits: PexLimits
    ) throws(ParseError) -> CompactList {
        guard let node else { return CompactList() }
        guard let bytes = try reader.string(node, key: key), let contentStart = node.stringRange?.lowerBound else {
            return CompactList()
        }
        let size = family.compactEntrySize
        let whole = bytes.count / size
        if whole > limits.maxPeersPerList {
            try reader.diagnostics.tolerate(
                .tooManyPeers, at: contentStart + limits.maxPeersPerList * size,
                "'\(key)' holds \(whole) peers, more than the limit of \(limits.maxPeersPerList)")
        }
        let trailing = bytes.count - whole * size
        if trailing > 0 {
            try reader.diagnostics.tolerate(
                .badCompactLength, at: contentStart + whole * size,
                "'\(key)' is \(bytes.count) bytes, not a multiple of \(size); \(trailing) trailing bytes ignored")
        }
        return CompactList(bytes: bytes, wholeEntries: whole, taken: max(0, min(whole, limits.maxPeersPerList)))
    }

    private static func readDropped(
        _ node: BencodedPayload.Node?, _ key: StaticString, family: AddressFamily, reader: inout BencodedPayload, limits: PexLimits
    ) throws(ParseError) -> [PeerAddress] {
        let list = try readCompact(node, key, family: family, reader: &reader, limits: limits)
        guard let bytes = list.bytes, list.taken > 0 else { return [] }
        let size = family.compactEntrySize
        var peers: [PeerAddress] = []
        peers.reserveCapacity(list.taken)
        for i in 0..<list.taken { peers.append(CompactPeerList.address(in: bytes, at: i * size, family: family)) }
        return peers
    }

    private static func readAdded(
        _ peersNode: BencodedPayload.Node?, _ flagsNode: BencodedPayload.Node?, peersKey: StaticString, flagsKey: StaticString,
        family: AddressFamily, reader: inout BencodedPayload, limits: PexLimits
    ) throws(ParseError) -> [PexPeer] {
        let list = try readCompact(peersNode, peersKey, family: family, reader: &reader, limits: limits)
        var flags: UnsafeBufferPointer<UInt8>?
        if let flagsNode { flags = try reader.string(flagsNode, key: flagsKey) }
        let flagCount = flags?.count ?? 0
        if flagCount != list.wholeEntries {
            let offset: Int
            if let start = flagsNode?.stringRange?.lowerBound {
                offset = start + min(flagCount, list.wholeEntries)
            } else {
                offset = peersNode?.offset ?? flagsNode?.offset ?? 0
            }
            try reader.diagnostics.tolerate(
                .flagsLengthMismatch, at: offset, "'\(flagsKey)' has \(flagCount) bytes for \(list.wholeEntries) peers in '\(peersKey)'")
        }
        guard let bytes = list.bytes, list.taken > 0 else { return [] }
        // The first min(peers, flags) peers get their flags, the rest 0.
        let size = family.compactEntrySize
        let flagged = min(flagCount, list.taken)
        let flagBytes = flags ?? UnsafeBufferPointer(start: nil, count: 0)
        var peers: [PexPeer] = []
        peers.reserveCapacity(list.taken)
        for i in 0..<list.taken {
            let flag = i < flagged ? flagBytes[i] : 0
            peers.append(PexPeer(address: CompactPeerList.address(in: bytes, at: i * size, family: family), flags: PeerFlags(rawValue: flag)))
        }
        return peers
    }

    // MARK: Building

    /// Which keys the builder writes.
    public enum KeyStyle: Sendable, Hashable {
        /// Only the lists that hold peers (and `added.f` / `added6.f` with their lists), as
        /// Transmission 3.00 sends.
        case nonEmpty
        /// All six keys, empty ones included, as libtorrent 2.0 sends.
        case allKeys
    }

    /// Why a message cannot be built.
    public enum BuildError: Error, Hashable, Sendable {
        /// The message names no peer: uTorrent 1.8.1 disconnects on such a message, and the ut_pex
        /// notes say a client sends nothing when its peer set has not changed.
        case noPeers
    }

    /// The payload in canonical bencode. Each peer is written under the key of its address
    /// family (`added` or `added6`, `dropped` or `dropped6`), whichever array holds it, so the
    /// output is always well-formed.
    ///
    /// - Throws: ``BuildError/noPeers`` when the message names no peer at all.
    public func encoded(style: KeyStyle = .nonEmpty) throws(BuildError) -> [UInt8] {
        guard !isEmpty else { throw .noPeers }
        let allAdded = added + added6
        let allDropped = dropped + dropped6
        var dict = BencodeDictionary()
        func put(_ key: String, _ bytes: [UInt8]) {
            if style == .allKeys || !bytes.isEmpty { dict[key] = .string(bytes) }
        }
        for (family, suffix) in [(AddressFamily.ipv4, ""), (.ipv6, "6")] {
            let peers = allAdded.filter { $0.address.family == family }
            put("added" + suffix, CompactPeerList.encode(peers.map(\.address)))
            put("added" + suffix + ".f", peers.map(\.flags.rawValue))
            put("dropped" + suffix, CompactPeerList.encode(allDropped.filter { $0.family == family }))
        }
        return BencodeEncoder.encode(.dictionary(dict))
    }

    /// Extended message `id` (the peer's id for ut_pex) carrying this message.
    public func message(extendedID id: UInt8, style: KeyStyle = .nonEmpty) throws(BuildError) -> PeerMessage {
        .extended(id: id, payload: try encoded(style: style))
    }
}
