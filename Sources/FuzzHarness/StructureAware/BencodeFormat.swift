/// The dictionary keys a bencode-based target understands, and the shape of each key's value, so
/// ``BencodeTreeMutator`` can insert a key the decoder will actually read.
public struct BencodeFormat: Sendable {
    /// The shape of a known key's value, as the protocol document gives it.
    public enum Shape: Sendable, Hashable {
        /// A compact peer list: 6 bytes per IPv4 peer or 18 per IPv6 peer.
        case compactPeers(entrySize: Int)
        /// One flags byte per peer of the compact list under `peersKey` (ut_pex `added.f`).
        case peerFlags(peersKey: String)
        /// An integer.
        case integer
        /// A UTF-8 string such as a client name.
        case text
        /// An address: 4 or 16 bytes.
        case address
        /// BEP 10's `m`: extension names to message ids.
        case extensionMessages
        /// A 20-byte info-hash.
        case infohash
        /// Azureus' `added` / `dropped`: a list of compact peers, one string each.
        case peerEntries
        /// Azureus' `_HST` / `_UDP`: `width` bytes for each entry of the list under `peersKey`.
        case perPeerBytes(peersKey: String, width: Int)
        /// AZ_HANDSHAKE's `messages`: a list of `{id: <message id>, ver: <1 byte>}`.
        case azureusMessages
    }

    /// A key and the shape of its value.
    public struct Key: Sendable, Hashable {
        public let name: String
        public let shape: Shape
        public init(_ name: String, _ shape: Shape) {
            self.name = name
            self.shape = shape
        }
    }

    public let name: String
    public let keys: [Key]

    public init(name: String, keys: [Key]) {
        self.name = name
        self.keys = keys
    }

    /// ut_pex (BEP 11): `added`, `added.f`, `added6`, `added6.f`, `dropped`, `dropped6`.
    public static let utPex = BencodeFormat(name: "ut_pex", keys: [
        Key("added", .compactPeers(entrySize: 6)),
        Key("added.f", .peerFlags(peersKey: "added")),
        Key("added6", .compactPeers(entrySize: 18)),
        Key("added6.f", .peerFlags(peersKey: "added6")),
        Key("dropped", .compactPeers(entrySize: 6)),
        Key("dropped6", .compactPeers(entrySize: 18)),
    ])

    /// The BEP 10 extended handshake.
    public static let extendedHandshake = BencodeFormat(name: "extended_handshake", keys: [
        Key("m", .extensionMessages),
        Key("p", .integer),
        Key("v", .text),
        Key("yourip", .address),
        Key("ipv4", .address),
        Key("ipv6", .address),
        Key("reqq", .integer),
        Key("e", .integer),
        Key("metadata_size", .integer),
        Key("upload_only", .integer),
        Key("complete_ago", .integer),
        Key("ut_pex", .integer),
        Key("ut_metadata", .integer),
    ])

    /// Azureus' AZ_PEER_EXCHANGE payload.
    public static let azureusPeerExchange = BencodeFormat(name: "az_peer_exchange", keys: [
        Key("infohash", .infohash),
        Key("added", .peerEntries),
        Key("added_HST", .perPeerBytes(peersKey: "added", width: 1)),
        Key("added_UDP", .perPeerBytes(peersKey: "added", width: 2)),
        Key("dropped", .peerEntries),
        Key("dropped_HST", .perPeerBytes(peersKey: "dropped", width: 1)),
        Key("dropped_UDP", .perPeerBytes(peersKey: "dropped", width: 2)),
    ])

    /// Azureus' AZ_HANDSHAKE payload.
    public static let azureusHandshake = BencodeFormat(name: "az_handshake", keys: [
        Key("identity", .infohash),
        Key("client", .text),
        Key("version", .text),
        Key("tcp_port", .integer),
        Key("udp_port", .integer),
        Key("udp2_port", .integer),
        Key("handshake_type", .integer),
        Key("messages", .azureusMessages),
    ])

    /// Both Azureus payloads, for the Azureus stream target.
    public static let azureus = BencodeFormat(name: "azureus", keys: azureusHandshake.keys + azureusPeerExchange.keys)

    /// Every key above, for targets that read any bencode (a key name shared by two formats
    /// keeps the first format's shape).
    public static let any = BencodeFormat(name: "bencode", keys: {
        var seen = Set<String>()
        return (utPex.keys + extendedHandshake.keys + azureusPeerExchange.keys + azureusHandshake.keys).filter { seen.insert($0.name).inserted }
    }())
}
