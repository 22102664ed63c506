import WireCore

/// The 8 reserved bytes of the BitTorrent handshake as a set of feature bits.
///
/// ``rawValue`` holds the bytes big-endian, `reserved[0]` in the top byte, so the hex of the raw
/// value reads like the bytes on the wire (`0x0000000000100005` is `00 00 00 00 00 10 00 05`).
/// Bits this type does not name are kept, and written back unchanged.
public struct ReservedBits: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The reserved bytes in wire order; any length other than 8 gives nil.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 8 else { return nil }
        self.init(rawValue: bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// BEP 10 extension protocol: `reserved[5] & 0x10` (bit 20 from the right).
    public static let extensionProtocol = ReservedBits(byte: 5, mask: 0x10)
    /// BEP 5 DHT: `reserved[7] & 0x01`.
    public static let dht = ReservedBits(byte: 7, mask: 0x01)
    /// BEP 6 Fast extension: `reserved[7] & 0x04`.
    public static let fast = ReservedBits(byte: 7, mask: 0x04)
    /// Azureus Messaging Protocol: `reserved[0] & 0x80`.
    public static let azureusMessaging = ReservedBits(byte: 0, mask: 0x80)

    /// The bits this type names.
    public static let knownBits: ReservedBits = [.extensionProtocol, .dht, .fast, .azureusMessaging]

    /// The bit `mask` of `reserved[byte]`; `byte` outside 0...7 gives the empty set.
    public init(byte: Int, mask: UInt8) {
        guard (0..<8).contains(byte) else {
            self.init(rawValue: 0)
            return
        }
        self.init(rawValue: UInt64(mask) << UInt64(8 * (7 - byte)))
    }

    /// The 8 bytes in wire order.
    public var encoded: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: rawValue >> UInt64(8 * (7 - $0))) }
    }

    /// What libtorrent 2.0.8 sends: extension protocol, Fast and DHT (`0000000000100005`).
    public static let libtorrent: ReservedBits = [.extensionProtocol, .fast, .dht]
    /// What Transmission 3.00 sends: extension protocol and Fast (`0000000000100004`).
    public static let transmission: ReservedBits = [.extensionProtocol, .fast]

    public var description: String {
        description(naming: [.azureusMessaging: "azureus_messaging", .extensionProtocol: "extension_protocol", .fast: "fast", .dht: "dht"])
    }
}
