/// An IPv4 or IPv6 address, stored by value.
public enum IPAddress: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Network byte order packed into an integer: 1.2.3.4 is 0x01020304.
    case v4(UInt32)
    /// The 16 bytes as two big-endian halves.
    case v6(high: UInt64, low: UInt64)

    /// The address from 4 or 16 bytes in network order; nil for any other length.
    @inlinable
    public init?(bytes: some Collection<UInt8>) {
        // Contiguous bytes are read in one non-generic loop.
        if let read = bytes.withContiguousStorageIfAvailable({ buffer -> IPAddress? in
            switch buffer.count {
            case 4: return .v4(CompactPeerList.bigEndian(buffer, 0, 4))
            case 16: return .v6(high: CompactPeerList.bigEndian(buffer, 0, 8), low: CompactPeerList.bigEndian(buffer, 8, 8))
            default: return nil
            }
        }) {
            guard let address = read else { return nil }
            self = address
            return
        }
        switch bytes.count {
        case 4:
            self = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            var high: UInt64 = 0, low: UInt64 = 0
            for (n, b) in bytes.enumerated() {
                if n < 8 { high = high << 8 | UInt64(b) } else { low = low << 8 | UInt64(b) }
            }
            self = .v6(high: high, low: low)
        default:
            return nil
        }
    }

    /// The address in network byte order: 4 or 16 bytes.
    public var bytes: [UInt8] {
        switch self {
        case .v4(let a):
            return [UInt8(a >> 24), UInt8(a >> 16 & 0xff), UInt8(a >> 8 & 0xff), UInt8(a & 0xff)]
        case .v6(let high, let low):
            return (0..<8).map { UInt8(high >> (56 - 8 * UInt64($0)) & 0xff) } + (0..<8).map { UInt8(low >> (56 - 8 * UInt64($0)) & 0xff) }
        }
    }

    public var isIPv6: Bool { if case .v6 = self { return true } else { return false } }

    /// 127.0.0.0/8 or `::1` (a v4-mapped `::ffff:127.x.y.z` is not: see ``unmappedIPv4``).
    public var isLoopback: Bool {
        switch self {
        case .v4(let a): return a >> 24 == 127
        case .v6(let high, let low): return high == 0 && low == 1
        }
    }

    /// For a v4-mapped IPv6 address (`::ffff:a.b.c.d`), the IPv4 address it carries.
    public var unmappedIPv4: IPAddress? {
        if case .v6(let high, let low) = self, high == 0, low >> 32 == 0xffff { return .v4(UInt32(low & 0xffff_ffff)) }
        return nil
    }

    /// Loopback, private, link-local or unspecified: the addresses libtorrent ignores in PEX from a non-local peer.
    public var isLocal: Bool {
        switch self {
        case .v4(let a):
            let first = a >> 24
            return first == 127 || first == 10 || first == 0 || (a >> 20) == 0xac1 || (a >> 16) == 0xc0a8 || (a >> 16) == 0xa9fe
        case .v6(let high, let low):
            if let v4 = unmappedIPv4 { return v4.isLocal }
            return (high == 0 && (low == 1 || low == 0)) || (high >> 54) == 0x3fa || (high >> 57) == 0x7e
        }
    }

    /// Dotted quad for IPv4, RFC 5952 text (longest zero run compressed) for IPv6, and for a
    /// v4-mapped IPv6 address the mixed form of RFC 5952 section 5, `::ffff:127.0.0.1`.
    public var description: String {
        switch self {
        case .v4(let a):
            return "\(a >> 24).\(a >> 16 & 0xff).\(a >> 8 & 0xff).\(a & 0xff)"
        case .v6(let high, let low):
            if let v4 = unmappedIPv4 { return "::ffff:\(v4)" }
            let groups = (0..<4).map { UInt16(truncatingIfNeeded: high >> (48 - 16 * UInt64($0))) }
                + (0..<4).map { UInt16(truncatingIfNeeded: low >> (48 - 16 * UInt64($0))) }
            var bestStart = -1, bestLength = 0, runStart = -1
            for i in 0...8 {
                if i < 8 && groups[i] == 0 {
                    if runStart < 0 { runStart = i }
                } else if runStart >= 0 {
                    if i - runStart > bestLength && i - runStart > 1 { bestStart = runStart; bestLength = i - runStart }
                    runStart = -1
                }
            }
            func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
            if bestStart < 0 { return hex(0..<8) }
            return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
        }
    }

    /// Parses dotted-quad IPv4 or IPv6 text (with `::` and an optional trailing dotted quad).
    public init?(_ text: some StringProtocol) {
        if !text.contains(":") {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var value: UInt32 = 0
            for part in parts {
                guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let octet = UInt8(part) else { return nil }
                value = value << 8 | UInt32(octet)
            }
            self = .v4(value)
            return
        }
        var head: [UInt16] = [], tail: [UInt16] = []
        var text = Substring(text)
        var embedded: [UInt16] = []
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard case .v4(let v4)? = IPAddress(text[text.index(after: lastColon)...]) else { return nil }
            embedded = [UInt16(v4 >> 16), UInt16(v4 & 0xffff)]
            text = text[...lastColon]
            if text.hasSuffix("::") == false { text = text.dropLast() }
        }
        func groups(_ s: Substring) -> [UInt16]? {
            if s.isEmpty { return [] }
            var out: [UInt16] = []
            for g in s.split(separator: ":", omittingEmptySubsequences: false) {
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        if let range = Self.doubleColon(in: text) {
            guard let h = groups(text[..<range.lowerBound]), let t = groups(text[range.upperBound...]),
                Self.doubleColon(in: text[range.upperBound...]) == nil
            else { return nil }
            head = h
            tail = t + embedded
            guard head.count + tail.count <= 7 else { return nil }
        } else {
            guard let h = groups(text) else { return nil }
            head = h + embedded
            guard head.count == 8 else { return nil }
        }
        let all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        let high = all[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = all[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        self = .v6(high: high, low: low)
    }

    private static func doubleColon(in text: Substring) -> Range<Substring.Index>? {
        var i = text.startIndex
        while i < text.endIndex {
            let next = text.index(after: i)
            if next < text.endIndex, text[i] == ":", text[next] == ":" { return i..<text.index(after: next) }
            i = next
        }
        return nil
    }

    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case (.v4(let a), .v4(let b)): return a < b
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        case (.v6(let ah, let al), .v6(let bh, let bl)): return (ah, al) < (bh, bl)
        }
    }
}
