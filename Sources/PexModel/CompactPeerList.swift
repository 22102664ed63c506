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

        @usableFromInline
        init(peers: [PeerAddress], trailingByteCount: Int) {
            self.peers = peers
            self.trailingByteCount = trailingByteCount
        }
    }

    /// Reads whole entries from `bytes`; a partial entry at the end is counted, not read.
    /// Nothing is allocated beyond the whole entries actually present, at most `maxPeers` of them.
    @inlinable
    public static func parse(_ bytes: some RandomAccessCollection<UInt8>, family: AddressFamily, maxPeers: Int = .max) -> Parsed {
        let size = family.compactEntrySize
        let whole = bytes.count / size
        let taken = max(0, min(whole, maxPeers))
        // Contiguous input (arrays, slices, buffers: every caller on the hot path) is read in one
        // non-generic loop; through the generic interface each entry would cost several
        // unspecialised collection calls and a type-metadata lookup.
        let peers = bytes.withContiguousStorageIfAvailable { Self.peers(in: $0, family: family, count: taken) }
            ?? genericPeers(bytes, family: family, count: taken)
        return Parsed(peers: peers, trailingByteCount: bytes.count - whole * size)
    }

    /// The first `count` entries of `buffer`, which holds at least that many whole entries.
    @usableFromInline
    static func peers(in buffer: UnsafeBufferPointer<UInt8>, family: AddressFamily, count: Int) -> [PeerAddress] {
        let size = family.compactEntrySize
        precondition(count >= 0 && count <= buffer.count / size, "more entries than bytes")
        var peers: [PeerAddress] = []
        peers.reserveCapacity(count)
        for i in 0..<count { peers.append(address(in: buffer, at: i * size, family: family)) }
        return peers
    }

    /// The entry of `family` at `offset` in `buffer`: the decoders' way to build peers straight
    /// from the bytes of a compact list, with no list of addresses in between.
    @inlinable @inline(__always)
    public static func address(in buffer: UnsafeBufferPointer<UInt8>, at offset: Int, family: AddressFamily) -> PeerAddress {
        let size = family.compactEntrySize
        precondition(offset >= 0 && offset <= buffer.count - size, "compact entry outside the buffer")
        // Whole big-endian words, unaligned: a load and a byte swap each.
        let raw = UnsafeRawBufferPointer(buffer)
        let ip: IPAddress
        switch family {
        case .ipv4:
            ip = .v4(UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        case .ipv6:
            ip = .v6(
                high: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)),
                low: UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)))
        }
        return PeerAddress(ip: ip, port: UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: offset + size - 2, as: UInt16.self)))
    }

    @inlinable @inline(__always)
    static func bigEndian<T: FixedWidthInteger & UnsignedInteger>(_ buffer: UnsafeBufferPointer<UInt8>, _ offset: Int, _ byteCount: Int) -> T {
        var value: T = 0
        for i in offset..<(offset + byteCount) { value = value << 8 | T(buffer[i]) }
        return value
    }

    @usableFromInline
    static func genericPeers(_ bytes: some RandomAccessCollection<UInt8>, family: AddressFamily, count: Int) -> [PeerAddress] {
        let size = family.compactEntrySize
        var peers: [PeerAddress] = []
        peers.reserveCapacity(count)
        var index = bytes.startIndex
        for _ in 0..<count {
            let next = bytes.index(index, offsetBy: size)
            peers.append(entry(bytes[index..<next], family: family))
            index = next
        }
        return peers
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
