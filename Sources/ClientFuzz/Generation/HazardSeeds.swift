import AzureusWire
import Bencode
import PeerWire
import PexModel
import WireCore

/// Built-in seeds for the inputs deployed clients are known to get wrong: each is sent as it is
/// now and then and mutated like a corpus file otherwise.
///
/// Extended handshakes: `metadata_size` at the limits where libtorrent (4 MiB), aria2 (8 MiB,
/// negative aborts), rtorrent (64 MiB) and Transmission (> 0, then allocates) differ, and 2^40,
/// which a 32-bit truncation makes 0 (anacrolix/torrent `torrent.go`); `v` that is not UTF-8
/// (transmission/transmission#7667); `yourip` v4-mapped (libtorrent unwraps it) and of odd
/// lengths; `reqq` 0, negative and over 2^32; `m` ids 0 and out of range, and an `m` without
/// ut_pex (BEP 21's upload-only re-handshake). ut_pex: peer counts at the caps (50 per
/// message, libtorrent `max_pex_peers`; 200, Transmission; 500, BiglyBT), duplicates, one peer
/// added and dropped at once (BEP 11 forbids it), IPv6 edge addresses, ports 0 and 65535,
/// unspecified, broadcast and multicast addresses, every flag bit. Every address is loopback or
/// one no TCP connect takes off the machine (see ``LoopbackPeers``).
public enum HazardSeeds {
    public static let extendedHandshakes: [SeedPayload] = {
        func seed(_ name: String, _ entries: [(String, BencodeValue)]) -> SeedPayload {
            var dict: BencodeDictionary = ["m": ["ut_pex": 6]]
            for (key, value) in entries { dict[key] = value }
            return SeedPayload(name: "hazard:\(name)", bytes: BencodeEncoder.encode(.dictionary(dict)))
        }
        return [
            seed("metadata-size-2^40", [("metadata_size", .integer(1 << 40))]),
            seed("metadata-size-negative", [("metadata_size", -1)]),
            seed("metadata-size-4MiB+1", [("metadata_size", .integer((4 << 20) + 1))]),
            seed("metadata-size-8MiB+1", [("metadata_size", .integer((8 << 20) + 1))]),
            seed("metadata-size-64MiB+1", [("metadata_size", .integer((64 << 20) + 1))]),
            seed("metadata-size-int64-max", [("metadata_size", .integer(.max))]),
            seed("v-not-utf8", [("v", .string([0x54, 0x72, 0xC3, 0x28, 0xFF, 0xFE, 0x80]))]),
            seed("v-long", [("v", .string([UInt8](repeating: 0x41, count: 4096)))]),
            seed("yourip-v4-mapped", [("yourip", .string([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1]))]),
            seed("yourip-5-bytes", [("yourip", .string([127, 0, 0, 1, 0]))]),
            seed("yourip-empty", [("yourip", .string([]))]),
            seed("reqq-zero", [("reqq", 0)]),
            seed("reqq-negative", [("reqq", -1)]),
            seed("reqq-over-2^32", [("reqq", .integer(1 << 33))]),
            seed("p-65536", [("p", 65536)]),
            seed("p-negative", [("p", -1)]),
            SeedPayload(name: "hazard:m-ut-pex-0", bytes: BencodeEncoder.encode(["m": ["ut_pex": 0]])),
            SeedPayload(name: "hazard:m-id-256", bytes: BencodeEncoder.encode(["m": ["ut_pex": 256]])),
            SeedPayload(name: "hazard:m-id-negative", bytes: BencodeEncoder.encode(["m": ["ut_pex": -1]])),
            SeedPayload(name: "hazard:m-not-dict", bytes: BencodeEncoder.encode(["m": "ut_pex"])),
            SeedPayload(name: "hazard:upload-only-without-ut-pex", bytes: BencodeEncoder.encode(["m": ["ut_metadata": 3], "upload_only": 1])),
            SeedPayload(name: "hazard:same-id-twice", bytes: BencodeEncoder.encode(["m": ["ut_metadata": 6, "ut_pex": 6]])),
        ]
    }()

    public static let utPex: [SeedPayload] = {
        func v4(_ n: Int, port: UInt16 = 1) -> PeerAddress { PeerAddress(ip: .v4(0x7F00_00C8 &+ UInt32(truncatingIfNeeded: n)), port: port) }
        func compact(_ peers: [PeerAddress]) -> BencodeValue { .string(CompactPeerList.encode(peers)) }
        func flags(_ count: Int, _ byte: UInt8 = 0) -> BencodeValue { .string([UInt8](repeating: byte, count: count)) }
        func seed(_ name: String, _ dict: BencodeDictionary) -> SeedPayload {
            SeedPayload(name: "hazard:\(name)", bytes: BencodeEncoder.encode(.dictionary(dict)))
        }
        let v6: [IPAddress] = ["::1", "::", "fe80::1", "::ffff:127.0.0.200", "ff02::1"].compactMap { IPAddress($0) }
        var seeds: [SeedPayload] = []
        for count in [50, 51, 200, 201, 500, 501] {
            let peers = (0..<count).map { v4($0) }
            seeds.append(seed("added-\(count)", ["added": compact(peers), "added.f": flags(count)]))
        }
        seeds += [
            seed("added-duplicates", ["added": compact(Array(repeating: v4(1), count: 8)), "added.f": flags(8)]),
            seed("same-ip-many-ports", ["added": compact((2...41).map { v4(2, port: UInt16($0)) }), "added.f": flags(40)]),
            seed("added-and-dropped", ["added": compact([v4(3)]), "added.f": flags(1), "dropped": compact([v4(3)])]),
            seed("dropped-never-added", ["dropped": compact((0..<20).map { v4(100 + $0) })]),
            seed("added6-edges", ["added6": compact(v6.map { PeerAddress(ip: $0, port: 1) }), "added6.f": flags(v6.count)]),
            seed("ipv6-in-added", ["added": .string(CompactPeerList.encode([PeerAddress(ip: v6[0], port: 1)])), "added.f": flags(1)]),
            seed("ports-0-and-65535", ["added": compact([v4(4, port: 0), v4(5, port: 65535)]), "added.f": flags(2)]),
            seed("unspecified-broadcast-multicast", ["added": compact([
                PeerAddress(ip: .v4(0), port: 1), PeerAddress(ip: .v4(0xFFFF_FFFF), port: 1), PeerAddress(ip: .v4(0xE000_0001), port: 1),
            ]), "added.f": flags(3)]),
            seed("every-flag-bit", ["added": compact((0..<8).map { v4(10 + $0) }), "added.f": .string((0..<8).map { UInt8(1) << UInt8($0) })]),
            seed("flags-0xff", ["added": compact([v4(20)]), "added.f": flags(1, 0xFF)]),
            seed("all-six-keys-empty", ["added": "", "added.f": "", "added6": "", "added6.f": "", "dropped": "", "dropped6": ""]),
            SeedPayload(name: "hazard:empty-dictionary", bytes: Array("de".utf8)),
        ]
        return seeds
    }()

    /// Whole Azureus frames: AZ_PEER_EXCHANGE and AZ_HANDSHAKE with plausible payloads.
    public static let azureus: [SeedPayload] = {
        let pex = BencodeEncoder.encode([
            "infohash": .string([UInt8](repeating: 0, count: 20)),
            "added": .list([.string(CompactPeerList.encode([PeerAddress(ip: .v4(0x7F00_00C8), port: 1)]))]),
            "added_HST": .string([0]),
        ])
        let handshake = BencodeEncoder.encode([
            "identity": .string([UInt8](repeating: 0x41, count: 20)), "client": "pexspec", "version": "0.1", "tcp_port": 1,
            "messages": .list([["id": "AZ_PEER_EXCHANGE", "ver": .string([1])]]),
        ])
        return [
            SeedPayload(name: "hazard:az-peer-exchange", bytes: AzureusFrame(messageID: .azPeerExchange, payload: pex).encoded),
            SeedPayload(name: "hazard:az-handshake", bytes: AzureusFrame(messageID: .azHandshake, payload: handshake).encoded),
        ]
    }()
}
