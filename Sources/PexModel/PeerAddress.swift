/// A peer's socket address: an IP address and a TCP port.
public struct PeerAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var ip: IPAddress
    public var port: UInt16

    @inlinable
    public init(ip: IPAddress, port: UInt16) {
        self.ip = ip
        self.port = port
    }

    /// The compact peer list this address is written in: ut_pex's `added` or `added6`.
    public var family: AddressFamily { ip.isIPv6 ? .ipv6 : .ipv4 }

    /// `1.2.3.4:6881` or `[2001:db8::1]:6881`.
    public var description: String {
        ip.isIPv6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }

    /// Parses `1.2.3.4:6881` or `[2001:db8::1]:6881`.
    public init?(_ text: some StringProtocol) {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        var host = text[..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = host.dropFirst().dropLast()
        } else if host.contains(":") {
            return nil
        }
        guard let ip = IPAddress(host) else { return nil }
        self.init(ip: ip, port: port)
    }

    public static func < (lhs: PeerAddress, rhs: PeerAddress) -> Bool {
        lhs.ip == rhs.ip ? lhs.port < rhs.port : lhs.ip < rhs.ip
    }
}
