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
        var dict = try BencodedPayload(payload, what: "AZ_PEER_EXCHANGE", mode: mode, limits: limits.bencode)
        let infohash = try dict.bytes("infohash", length: 20, code: .badInfohashLength)
        let added = try peers("added", &dict, limits)
        let dropped = try peers("dropped", &dict, limits)
        if added.isEmpty && dropped.isEmpty {
            dict.diagnostics.note(.emptyPeerExchange, at: dict.root.offset, "the message names no peer")
        }
        return Decoded(AZPeerExchange(infohash: infohash, added: added, dropped: dropped), warnings: dict.diagnostics.warnings)
    }

    /// The peers of `name`, with their `name_HST` and `name_UDP` values.
    private static func peers<Bytes>(_ name: String, _ dict: inout BencodedPayload<Bytes>, _ limits: PexLimits) throws(ParseError) -> [Peer] {
        guard let list = try dict.value(name, .list) else { return [] }
        let entries = Array(list.children)
        let types = try perPeerBytes(name + "_HST", width: 1, count: entries.count, code: .handshakeTypesLengthMismatch, &dict)
        let ports = try perPeerBytes(name + "_UDP", width: 2, count: entries.count, code: .udpPortsLengthMismatch, &dict)

        var peers: [Peer] = []
        peers.reserveCapacity(min(entries.count, limits.maxPeersPerList))
        for (position, entry) in entries.enumerated() {
            guard position < limits.maxPeersPerList else {
                try dict.diagnostics.tolerate(
                    .tooManyPeers, at: entry.offset, "'\(name)' has \(entries.count) entries, more than \(limits.maxPeersPerList)")
                break
            }
            guard let node = try dict.expect(entry, .string, "an '\(name)' entry"),
                let bytes = node.stringBytes
            else { continue }
            switch bytes.count {
            case AddressFamily.ipv4.compactEntrySize:
                break
            case AddressFamily.ipv6.compactEntrySize:
                try dict.diagnostics.tolerate(.ipv6PeerEntry, at: node.offset, "an '\(name)' entry of 18 bytes (IPv6), expected 6")
            default:
                try dict.diagnostics.tolerate(.badPeerEntryLength, at: node.offset, "an '\(name)' entry of \(bytes.count) bytes, expected 6")
                continue
            }
            guard let address = CompactPeerList.entry(bytes) else { continue }
            var handshakeType: HandshakeType?
            if let types {
                handshakeType = HandshakeType(rawValue: types.bytes[position])
                if handshakeType == nil {
                    try dict.diagnostics.tolerate(
                        .valueOutOfRange, at: types.offset + position,
                        "'\(name)_HST' byte \(types.bytes[position]) is neither 0 (plain) nor 1 (crypto)")
                }
            }
            let udpPort = ports.map { BigEndian.uint16($0.bytes, at: 2 * position) }
            peers.append(Peer(address: address, handshakeType: handshakeType, udpPort: udpPort))
        }
        return peers
    }

    /// The content of `key` and the offset of its first byte, when present with exactly `width`
    /// bytes per entry; nil when absent or (tolerated) mismatched.
    private static func perPeerBytes<Bytes>(
        _ key: String, width: Int, count: Int, code: ParseError.Code, _ dict: inout BencodedPayload<Bytes>
    ) throws(ParseError) -> (bytes: [UInt8], offset: Int)? {
        guard let node = try dict.value(key, .string), let bytes = node.stringBytes, let range = node.stringRange else { return nil }
        guard bytes.count == width * count else {
            try dict.diagnostics.tolerate(code, at: node.offset, "'\(key)' has \(bytes.count) bytes for \(count) entries, expected \(width * count)")
            return nil
        }
        return (Array(bytes), range.lowerBound)
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
