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
        if let message = decodeCanonical(payload, limits: limits) { return Decoded(message, warnings: []) }
        return try BencodedPayload.read(payload, what: "ut_pex", mode: mode, limits: limits.bencode) { (reader) throws(ParseError) in
            let keys = reader.firstValues(Key.names)
            var message = UTPexMessage()
            message.added = try readAdded(
                keys[Key.added.rawValue], keys[Key.addedFlags.rawValue], peersKey: "added", flagsKey: "added.f", family: .ipv4,
                reader: &reader, limits: limits)
            message.added6 = try readAdded(
                keys[Key.added6.rawValue], keys[Key.added6Flags.rawValue], peersKey: "added6", flagsKey: "added6.f", family: .ipv6,
                reader: &reader, limits: limits)
            message.dropped = try readDropped(keys[Key.dropped.rawValue], "dropped", family: .ipv4, reader: &reader, limits: limits)
            message.dropped6 = try readDropped(keys[Key.dropped6.rawValue], "dropped6", family: .ipv6, reader: &reader, limits: limits)
            return Decoded(message, warnings: reader.diagnostics.warnings)
        }
    }

    /// The keys the decoder reads, by their slot in ``KeySlots``.
    private enum Key: Int {
        case added, addedFlags, added6, added6Flags, dropped, dropped6

        /// The keys' names, in the order of the cases (their slots), which is their sorted order.
        static let names: [StaticString] = ["added", "added.f", "added6", "added6.f", "dropped", "dropped6"]
    }

    /// The fast path: a payload in canonical bencode holding only the six keys, each a byte
    /// string, with whole entries, a flag per added peer and no list over the limit, read in one
    /// pass over its bytes with no token array. Nil for anything else, which the general path
    /// decodes and reports on; it would give this message and no warning.
    @inline(__always)
    private static func decodeCanonical(_ payload: UnsafeBufferPointer<UInt8>, limits: PexLimits) -> UTPexMessage? {
        var values = KeySlots<UnsafeBufferPointer<UInt8>>()
        var next = 0
        let read = BencodeCanonicalScanner.readDictionary(payload, limits: limits.bencode) { key, scanner in
            guard let slot = BencodedPayload.slot(of: key, among: Key.names, from: next), let value = scanner.string() else { return false }
            values[slot] = value
            next = slot + 1
            return true
        }
        guard read,
            let added = wholeEntries(values[Key.added.rawValue], family: .ipv4, flags: values[Key.addedFlags.rawValue], limits),
            let added6 = wholeEntries(values[Key.added6.rawValue], family: .ipv6, flags: values[Key.added6Flags.rawValue], limits),
            let dropped = wholeEntries(values[Key.dropped.rawValue], family: .ipv4, limits),
            let dropped6 = wholeEntries(values[Key.dropped6.rawValue], family: .ipv6, limits)
        else { return nil }
        return UTPexMessage(
            added: pexPeers(values[Key.added.rawValue], count: added, flags: values[Key.addedFlags.rawValue], flagged: added, family: .ipv4),
            added6: pexPeers(values[Key.added6.rawValue], count: added6, flags: values[Key.added6Flags.rawValue], flagged: added6, family: .ipv6),
            dropped: addresses(values[Key.dropped.rawValue], count: dropped, family: .ipv4),
            dropped6: addresses(values[Key.dropped6.rawValue], count: dropped6, family: .ipv6))
    }

    /// The number of entries of the compact list `bytes` (absent: 0) when it holds whole entries
    /// only, at most ``PexLimits/maxPeersPerList`` of them, and, when checking `flags`, exactly
    /// as many flags (absent: none); nil otherwise.
    @inline(__always)
    private static func wholeEntries(
        _ bytes: UnsafeBufferPointer<UInt8>?, family: AddressFamily, flags: UnsafeBufferPointer<UInt8>?? = nil, _ limits: PexLimits
    ) -> Int? {
        let size = family.compactEntrySize
        let count = bytes?.count ?? 0
        let whole = count / size
        guard whole * size == count, whole <= limits.maxPeersPerList else { return nil }
        if let flags, (flags?.count ?? 0) != whole { return nil }
        return whole
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
        return addresses(list.bytes, count: list.taken, family: family)
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
        // The first min(peers, flags) peers get their flags, the rest 0.
        return pexPeers(list.bytes, count: list.taken, flags: flags, flagged: min(flagCount, list.taken), family: family)
    }

    /// The first `count` entries of the compact list `bytes`, which holds at least that many.
    @inline(__always)
    private static func addresses(_ bytes: UnsafeBufferPointer<UInt8>?, count: Int, family: AddressFamily) -> [PeerAddress] {
        guard let bytes, count > 0 else { return [] }
        let size = family.compactEntrySize
        var peers: [PeerAddress] = []
        peers.reserveCapacity(count)
        for i in 0..<count { peers.append(CompactPeerList.address(in: bytes, at: i * size, family: family)) }
        return peers
    }

    /// The first `count` entries of the compact list `bytes`, the first `flagged` of them with
    /// their byte of `flags` (which has at least that many), the others with none.
    @inline(__always)
    private static func pexPeers(
        _ bytes: UnsafeBufferPointer<UInt8>?, count: Int, flags: UnsafeBufferPointer<UInt8>?, flagged: Int, family: AddressFamily
    ) -> [PexPeer] {
        guard let bytes, count > 0 else { return [] }
        let size = family.compactEntrySize
        let flagBytes = flags ?? UnsafeBufferPointer(start: nil, count: 0)
        var peers: [PexPeer] = []
        peers.reserveCapacity(count)
        for i in 0..<count {
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
