/// The compact peer format of trackers, ut_pex and AZ_PEER_EXCHANGE: each peer is its address in
/// network order followed by its port, big-endian (6 bytes for IPv4, 18 for IPv6).
///
/// One codec serves every format that carries compact peers, so they cannot drift apart.
public enum CompactPeerList {
    /// The peers of a compact list and what was left over.
    public struct Parsed: Sendable, Hashable {
        public var peers: [PeerAddress]
        /// Bytes after the last whole entry (a list whose length is not a multiple of the entry size).
        public var trailingByteCount: Int
    }

    /// Reads whole entries from `bytes`; a partial entry at the end is counted, not read.
    /// Nothing is allocated beyond the whole entries actually present, at most `maxPeers` of them.
    public static func parse(_ bytes: some RandomAccessCollection<UInt8>, family: AddressFamily, maxPeers: Int = .max) -> Parsed {
        let size = family.compactEntrySize
        let whole = bytes.count / size
        var peers: [PeerAddress] = []
        peers.reserveCapacity(min(whole, maxPeers))
        var index = bytes.startIndex
        for _ in 0..<min(whole, maxPeers) {
            let next = bytes.index(index, offsetBy: size)
            peers.append(entry(bytes[index..<next], family: family))
            index = next
        }
        return Parsed(peers: peers, trailingByteCount: bytes.count - whole * size)
    }

    /// One entry of exactly `family.compactEntrySize` bytes.
    public static func entry(_ bytes: some RandomAccessCollection<UInt8>, family: AddressFamily) -> PeerAddress {
        let portIndex = bytes.index(bytes.startIndex, offsetBy: family.addressSize)
        let ip = IPAddress(bytes: bytes[bytes.startIndex..<portIndex])!
        let port = UInt16(bytes[portIndex]) << 8 | UInt16(bytes[bytes.index(after: portIndex)])
        return PeerAddress(ip: ip, port: port)
    }

    /// Parses one entry of any length, nil unless it is exactly 6 or 18 bytes.
    public static func entry(_ bytes: some RandomAccessCollection<UInt8>) -> PeerAddress? {
        switch bytes.count {
        case 6: return entry(bytes, family: .ipv4)
        case 18: return entry(bytes, family: .ipv6)
        default: return nil
        }
    }

    /// Appends one peer in compact form.
    public static func append(_ peer: PeerAddress, to out: inout [UInt8]) {
        out.append(contentsOf: peer.ip.bytes)
        out.append(UInt8(peer.port >> 8))
        out.append(UInt8(peer.port & 0xff))
    }

    /// The compact form of `peers`, which must all be of one family.
    public static func encode(_ peers: some Sequence<PeerAddress>) -> [UInt8] {
        var out: [UInt8] = []
        for peer in peers { append(peer, to: &out) }
        return out
    }
}
