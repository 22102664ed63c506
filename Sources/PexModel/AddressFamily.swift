/// The address family of a compact peer list: it fixes the entry size.
public enum AddressFamily: Sendable, Hashable, CaseIterable {
    case ipv4
    case ipv6

    /// Bytes of one compact peer entry: address then big-endian port (6 for IPv4, 18 for IPv6).
    @inlinable public var compactEntrySize: Int { self == .ipv4 ? 6 : 18 }
    /// Bytes of the address alone.
    @inlinable public var addressSize: Int { self == .ipv4 ? 4 : 16 }
}
