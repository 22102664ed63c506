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
        var reader = try BencodedPayload(payload, what: "ut_pex", mode: mode, limits: limits.bencode)
        var message = UTPexMessage()
        message.added = try readAdded(peersKey: "added", flagsKey: "added.f", family: .ipv4, reader: &reader, limits: limits)
        message.added6 = try readAdded(peersKey: "added6", flagsKey: "added6.f", family: .ipv6, reader: &reader, limits: limits)
        message.dropped = try readPeers("dropped", family: .ipv4, reader: &reader, limits: limits).peers
        message.dropped6 = try readPeers("dropped6", family: .ipv6, reader: &reader, limits: limits).peers
        return Decoded(message, warnings: reader.diagnostics.warnings)
    }

    private struct PeerList<Bytes: RandomAccessCollection<UInt8>> {
        var peers: [PeerAddress] = []
        /// Whole entries in the list, counted before ``PexLimits/maxPeersPerList`` applies.
        var wholeEntries = 0
        var node: BencodeNode<Bytes>?
    }

    private static func readPeers<Bytes>(
        _ key: String, family: AddressFamily, reader: inout BencodedPayload<Bytes>, limits: PexLimits
    ) throws(ParseError) -> PeerList<Bytes> {
        guard let node = reader.root[key] else { return PeerList() }
        guard let bytes = try reader.string(node, key: key), let contentStart = node.stringRange?.lowerBound else {
            return PeerList(node: node)
        }
        let size = family.compactEntrySize
        let parsed = CompactPeerList.parse(bytes, family: family, maxPeers: limits.maxPeersPerList)
        let whole = bytes.count / size
        if whole > limits.maxPeersPerList {
            try reader.diagnostics.tolerate(
                .tooManyPeers, at: contentStart + limits.maxPeersPerList * size,
                "'\(key)' holds \(whole) peers, more than the limit of \(limits.maxPeersPerList)")
        }
        if parsed.trailingByteCount > 0 {
            try reader.diagnostics.tolerate(
                .badCompactLength, at: contentStart + whole * size,
                "'\(key)' is \(bytes.count) bytes, not a multiple of \(size); \(parsed.trailingByteCount) trailing bytes ignored")
        }
        return PeerList(peers: parsed.peers, wholeEntries: whole, node: node)
    }

    private static func readAdded<Bytes>(
        peersKey: String, flagsKey: String, family: AddressFamily, reader: inout BencodedPayload<Bytes>, limits: PexLimits
    ) throws(ParseError) -> [PexPeer] {
        let list = try readPeers(peersKey, family: family, reader: &reader, limits: limits)
        var flags: Bytes.SubSequence?
        let flagsNode = reader.root[flagsKey]
        if let flagsNode { flags = try reader.string(flagsNode, key: flagsKey) }
        let flagCount = flags?.count ?? 0
        if flagCount != list.wholeEntries {
            let offset: Int
            if let start = flagsNode?.stringRange?.lowerBound {
                offset = start + min(flagCount, list.wholeEntries)
            } else {
                offset = list.node?.offset ?? flagsNode?.offset ?? 0
            }
            try reader.diagnostics.tolerate(
                .flagsLengthMismatch, at: offset, "'\(flagsKey)' has \(flagCount) bytes for \(list.wholeEntries) peers in '\(peersKey)'")
        }
        var flagIterator = flags?.makeIterator()
        return list.peers.map { PexPeer(address: $0, flags: PeerFlags(rawValue: flagIterator?.next() ?? 0)) }
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
