import Bencode
import PeerWire
import PexModel
import WireCore

/// The AZ_PEER_EXCHANGE payload: a bencoded dictionary naming the peers added and dropped since
/// the last exchange (the Azureus messaging document, lines 39–60).
///
/// Decoding, in the document's order, for `added` and then `dropped`:
/// - `infohash` (required, 20 bytes): absent is `missing_key`, another length
///   `bad_infohash_length`; lenient mode keeps whatever bytes came.
/// - `added` (a list of 6-byte strings): an 18-byte entry is `ipv6_peer_entry` and kept as an
///   IPv6 peer in lenient mode; any other length is `bad_peer_entry_length` and the entry is
///   dropped in lenient mode. An absent list is empty. More entries than
///   ``PexLimits/maxPeersPerList`` is `too_many_peers`; lenient mode keeps the first ones.
/// - `added_HST` (one byte per entry, 0 plain, 1 crypto): a length other than the number of
///   entries is `handshake_types_length_mismatch`; lenient mode ignores the whole string (every
///   peer's ``Peer/handshakeType`` nil), as BiglyBT does. A byte other than 0 or 1 is
///   `value_out_of_range` at that byte, and that peer's type is nil in lenient mode. Absent: nil
///   for every peer (Azureus sends it from 2.3.0.7 on).
/// - `added_UDP` (two big-endian bytes per entry): a length other than twice the number of
///   entries is `udp_ports_length_mismatch`; lenient mode ignores the whole string. Absent: nil.
///
/// HST and UDP bytes belong to entries by position in the wire list, so a dropped bad entry does
/// not shift the others' values. A message with no peer at all is `empty_peer_exchange`, a
/// warning in every mode (BiglyBT rejects it). Keys of the wrong bencode type are `wrong_type`
/// (ignored in lenient mode); strict mode throws on the first deviation.
public struct AZPeerExchange: BencodedMessage, Hashable, Sendable {
    /// One peer of `added` or `dropped`.
    public struct Peer: Hashable, Sendable {
        public var address: PeerAddress
        /// From `*_HST`; nil when the message carries none (or a mismatched one).
        public var handshakeType: HandshakeType?
        /// From `*_UDP`, 0 included (BiglyBT writes 0 for a peer without one); nil when the
        /// message carries none (or a mismatched one).
        public var udpPort: UInt16?

        public init(address: PeerAddress, handshakeType: HandshakeType? = nil, udpPort: UInt16? = nil) {
            self.address = address
            self.handshakeType = handshakeType
            self.udpPort = udpPort
        }

        /// The peer at `position` in its list, with its byte of `types` (`*_HST`) and its two of
        /// `ports` (`*_UDP`) when the message has them.
        @inline(__always)
        init(address: PeerAddress, position: Int, types: UnsafeBufferPointer<UInt8>?, ports: UnsafeBufferPointer<UInt8>?) {
            self.init(
                address: address, handshakeType: types.flatMap { HandshakeType(rawValue: $0[position]) },
                udpPort: ports.map { UInt16($0[2 * position]) << 8 | UInt16($0[2 * position + 1]) })
        }
    }

    public var infohash: [UInt8]
    public var added: [Peer]
    public var dropped: [Peer]

    public init(infohash: [UInt8], added: [Peer] = [], dropped: [Peer] = []) {
        self.infohash = infohash
        self.added = added
        self.dropped = dropped
    }

    public static var defaultLimits: PexLimits { .default }

    /// The decoder behind ``BencodedMessage/decode(_:mode:limits:)``: the bencoded payload
    /// (offsets count from its first byte).
    public static func decodeBody(
        _ payload: UnsafeBufferPointer<UInt8>, mode: ParseMode, limits: PexLimits
    ) throws(ParseError) -> Decoded<AZPeerExchange> {
        if let message = decodeCanonical(payload, limits: limits) { return Decoded(message, warnings: []) }
        return try BencodedPayload.read(payload, what: "AZ_PEER_EXCHANGE", mode: mode, limits: limits.bencode) { (dict) throws(ParseError) in
            let keys = dict.firstValues(Key.names)
            let infohash = try dict.bytes(keys[Key.infohash.rawValue], "infohash", length: 20, code: .badInfohashLength)
            let added = try peers(
                keys[Key.added.rawValue], "added", types: keys[Key.addedTypes.rawValue], "added_HST",
                ports: keys[Key.addedPorts.rawValue], "added_UDP", &dict, limits)
            let dropped = try peers(
                keys[Key.dropped.rawValue], "dropped", types: keys[Key.droppedTypes.rawValue], "dropped_HST",
                ports: keys[Key.droppedPorts.rawValue], "dropped_UDP", &dict, limits)
            if added.isEmpty && dropped.isEmpty {
                dict.diagnostics.note(.emptyPeerExchange, at: dict.root.offset, "the message names no peer")
            }
            return Decoded(AZPeerExchange(infohash: infohash, added: added, dropped: dropped), warnings: dict.diagnostics.warnings)
        }
    }

    /// The keys the decoder reads, by their slot in ``KeySlots``.
    private enum Key: Int {
        case added, addedTypes, addedPorts, dropped, droppedTypes, droppedPorts, infohash

        /// The keys' names, in the order of the cases (their slots), which is their sorted order.
        static let names: [StaticString] = ["added", "added_HST", "added_UDP", "dropped", "dropped_HST", "dropped_UDP", "infohash"]
    }

    /// The bytes of one list entry in canonical bencode: `6:` and a compact IPv4 peer.
    private static let entryBytes = 2 + AddressFamily.ipv4.compactEntrySize

    /// The fast path: a payload in canonical bencode holding only the seven keys, `infohash` of
    /// 20 bytes, lists of 6-byte strings within the limit, `*_HST` of 0s and 1s and `*_UDP` of
    /// the right lengths beside a list, and at least one peer, read in one pass over its bytes
    /// with no token array. Nil for anything else, which the general path decodes and reports
    /// on; it would give this message and no warning.
    @inline(__always)
    private static func decodeCanonical(_ payload: UnsafeBufferPointer<UInt8>, limits: PexLimits) -> AZPeerExchange? {
        // A list's value: its entries' bytes, `entryBytes` each.
        var values = KeySlots<UnsafeBufferPointer<UInt8>>()
        var next = 0
        let read = BencodeCanonicalScanner.readDictionary(payload, limits: limits.bencode) { key, scanner in
            guard let slot = BencodedPayload.slot(of: key, among: Key.names, from: next) else { return false }
            next = slot + 1
            guard slot == Key.added.rawValue || slot == Key.dropped.rawValue else {
                values[slot] = scanner.string()
                return values[slot] != nil
            }
            let start = scanner.position + 1
            var entries = 0
            guard scanner.list({ item in
                entries += 1
                return item.string(length: AddressFamily.ipv4.compactEntrySize)
            }), entries <= limits.maxPeersPerList else { return false }
            values[slot] = UnsafeBufferPointer(rebasing: payload[start..<start + entries * entryBytes])
            return true
        }
        guard read, let infohash = values[Key.infohash.rawValue], infohash.count == 20,
            let added = canonicalPeers(values, list: .added, types: .addedTypes, ports: .addedPorts),
            let dropped = canonicalPeers(values, list: .dropped, types: .droppedTypes, ports: .droppedPorts),
            !(added.isEmpty && dropped.isEmpty)
        else { return nil }
        return AZPeerExchange(infohash: Array(infohash), added: added, dropped: dropped)
    }

    /// The peers of a list the fast path read, nil when its `*_HST` or `*_UDP` would be reported.
    @inline(__always)
    private static func canonicalPeers(_ values: KeySlots<UnsafeBufferPointer<UInt8>>, list: Key, types: Key, ports: Key) -> [Peer]? {
        let typeBytes = values[types.rawValue], portBytes = values[ports.rawValue]
        guard let entries = values[list.rawValue] else { return typeBytes == nil && portBytes == nil ? [] : nil }
        let count = entries.count / entryBytes
        if let typeBytes {
            guard typeBytes.count == count else { return nil }
            for byte in typeBytes where HandshakeType(rawValue: byte) == nil { return nil }
        }
        if let portBytes, portBytes.count != 2 * count { return nil }
        guard count > 0 else { return [] }
        var peers: [Peer] = []
        peers.reserveCapacity(count)
        for position in 0..<count {
            let address = CompactPeerList.address(in: entries, at: position * entryBytes + 2, family: .ipv4)
            peers.append(Peer(address: address, position: position, types: typeBytes, ports: portBytes))
        }
        return peers
    }

    /// The peers of the list `listNode` (the root's value of `name`), with their `name_HST` and
    /// `name_UDP` values.
    private static func peers(
        _ listNode: BencodedPayload.Node?, _ name: StaticString, types typesNode: BencodedPayload.Node?, _ typesKey: StaticString,
        ports portsNode: BencodedPayload.Node?, _ portsKey: StaticString, _ dict: inout BencodedPayload, _ limits: PexLimits
    ) throws(ParseError) -> [Peer] {
        guard let list = try dict.value(listNode, name, .list) else { return [] }
        let count = list.count
        let types = try perPeerBytes(typesNode, typesKey, width: 1, count: count, code: .handshakeTypesLengthMismatch, &dict)
        let ports = try perPeerBytes(portsNode, portsKey, width: 2, count: count, code: .udpPortsLengthMismatch, &dict)

        var peers: [Peer] = []
        peers.reserveCapacity(min(count, limits.maxPeersPerList))
        var position = 0
        for entry in list.children {
            defer { position += 1 }
            guard position < limits.maxPeersPerList else {
                try dict.diagnostics.tolerate(
                    .tooManyPeers, at: entry.offset, "'\(name)' has \(count) entries, more than \(limits.maxPeersPerList)")
                break
            }
            if let peer = try peer(entry, at: position, name, types: types, typesKey, ports: ports, &dict) { peers.append(peer) }
        }
        return peers
    }

    /// The peer of `entry`, at `position` in its list, or nil when the entry is dropped.
    @inline(__always)
    private static func peer(
        _ entry: BencodedPayload.Node, at position: Int, _ name: StaticString,
        types: (bytes: UnsafeBufferPointer<UInt8>, offset: Int)?, _ typesKey: StaticString,
        ports: (bytes: UnsafeBufferPointer<UInt8>, offset: Int)?, _ dict: inout BencodedPayload
    ) throws(ParseError) -> Peer? {
        guard let node = try dict.expect(entry, .string, "an '\(name)' entry"),
            let bytes = node.stringBytes
        else { return nil }
        let family: AddressFamily
        switch bytes.count {
        case AddressFamily.ipv4.compactEntrySize:
            family = .ipv4
        case AddressFamily.ipv6.compactEntrySize:
            try dict.diagnostics.tolerate(.ipv6PeerEntry, at: node.offset, "an '\(name)' entry of 18 bytes (IPv6), expected 6")
            family = .ipv6
        default:
            try dict.diagnostics.tolerate(.badPeerEntryLength, at: node.offset, "an '\(name)' entry of \(bytes.count) bytes, expected 6")
            return nil
        }
        let address = CompactPeerList.address(in: bytes, at: 0, family: family)
        if let types, HandshakeType(rawValue: types.bytes[position]) == nil {
            try dict.diagnostics.tolerate(
                .valueOutOfRange, at: types.offset + position,
                "'\(typesKey)' byte \(types.bytes[position]) is neither 0 (plain) nor 1 (crypto)")
        }
        return Peer(address: address, position: position, types: types?.bytes, ports: ports?.bytes)
    }

    /// The content of `node` (the root's value of `key`) and the offset of its first byte, when
    /// present with exactly `width` bytes per entry; nil when absent or (tolerated) mismatched.
    private static func perPeerBytes(
        _ node: BencodedPayload.Node?, _ key: StaticString, width: Int, count: Int, code: ParseError.Code, _ dict: inout BencodedPayload
    ) throws(ParseError) -> (bytes: UnsafeBufferPointer<UInt8>, offset: Int)? {
        guard let node = try dict.value(node, key, .string), let bytes = node.stringBytes, let range = node.stringRange else { return nil }
        guard bytes.count == width * count else {
            try dict.diagnostics.tolerate(code, at: node.offset, "'\(key)' has \(bytes.count) bytes for \(count) entries, expected \(width * count)")
            return nil
        }
        return (bytes, range.lowerBound)
    }

    /// The payload as canonical bencode, as BiglyBT writes it: an empty list is left out with its
    /// `_HST` and `_UDP`; `_HST` is written when any peer of the list has a handshake type (the
    /// others as plain) and `_UDP` when any has a UDP port (the others as 0).
    public var encoded: [UInt8] {
        var dict: BencodeDictionary = ["infohash": .string(infohash)]
        for (name, peers) in [("added", added), ("dropped", dropped)] where !peers.isEmpty {
            var entries: [BencodeValue] = []
            var types: [UInt8] = []
            var ports: [UInt8] = []
            for peer in peers {
                var entry: [UInt8] = []
                CompactPeerList.append(peer.address, to: &entry)
                entries.append(.string(entry))
                types.append(peer.handshakeType?.rawValue ?? HandshakeType.plain.rawValue)
                BigEndian.append(peer.udpPort ?? 0, to: &ports)
            }
            dict[name] = .list(entries)
            if peers.contains(where: { $0.handshakeType != nil }) { dict[name + "_HST"] = .string(types) }
            if peers.contains(where: { $0.udpPort != nil }) { dict[name + "_UDP"] = .string(ports) }
        }
        return BencodeEncoder.encode(.dictionary(dict))
    }
}
