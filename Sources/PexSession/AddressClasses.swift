import PexModel

/// Kinds of addresses a receiver may refuse to learn from PEX, whatever the sender.
///
/// Transmission drops 0/8, `::`, loopback, IPv4 and IPv6 multicast, IPv6 link-local and v4-mapped
/// IPv6 (transmission/transmission 85fc9d9, `libtransmission/net.cc:283-289,552-558`); libtorrent
/// drops unspecified and IPv6 link-local addresses (arvidn/libtorrent 069017e,
/// `src/peer_list.cpp:1203-1209`).
public struct AddressClasses: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `0.0.0.0` and `::`.
    public static let unspecified = AddressClasses(rawValue: 1 << 0)
    /// IPv4 0.0.0.0/8 ("this network").
    public static let thisNetwork = AddressClasses(rawValue: 1 << 1)
    /// 127.0.0.0/8 and `::1`.
    public static let loopback = AddressClasses(rawValue: 1 << 2)
    /// 224.0.0.0/4 and ff00::/8.
    public static let multicast = AddressClasses(rawValue: 1 << 3)
    /// IPv6 fe80::/10.
    public static let linkLocalIPv6 = AddressClasses(rawValue: 1 << 4)
    /// `::ffff:a.b.c.d`.
    public static let v4MappedIPv6 = AddressClasses(rawValue: 1 << 5)

    /// The classes `ip` belongs to.
    public static func of(_ ip: IPAddress) -> AddressClasses {
        var classes: AddressClasses = ip.isLoopback ? [.loopback] : []
        switch ip {
        case .v4(let a):
            if a == 0 { classes.insert(.unspecified) }
            if a >> 24 == 0 { classes.insert(.thisNetwork) }
            if a >> 28 == 0xe { classes.insert(.multicast) }
        case .v6(let high, let low):
            if high == 0 && low == 0 { classes.insert(.unspecified) }
            if high >> 56 == 0xff { classes.insert(.multicast) }
            if high >> 54 == 0x3fa { classes.insert(.linkLocalIPv6) }
            if ip.unmappedIPv4 != nil { classes.insert(.v4MappedIPv6) }
        }
        return classes
    }
}
