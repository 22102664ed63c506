import Bencode
import WireCore

/// Writes the benchmark inputs: the same bytes on every run (fixed seed), so figures from two
/// runs, or from pexspec and libtorrent, are about identical input.
struct InputGenerator {
    static let seed: UInt64 = 0x7065_7873_7065_6321  // "pexspec!"
    static let messageCount = 10_000
    static let documentTarget = 1_000_000

    var random = SeededGenerator(seed: seed)

    mutating func bytes(for input: BenchInput) -> [UInt8] {
        switch input.name {
        case "torrent": return torrent()
        case "ut_pex": return RecordFile.encode((0..<Self.messageCount).map { utPex(index: $0) })
        case "ext_handshake": return RecordFile.encode((0..<Self.messageCount).map { extendedHandshake(index: $0) })
        case "az_peer_exchange": return RecordFile.encode((0..<Self.messageCount).map { azPeerExchange(index: $0) })
        case "nested": return nested()
        case "integers": return integers()
        default: return []
        }
    }

    private mutating func int(_ range: Range<Int>) -> Int { Int.random(in: range, using: &random) }

    /// A torrent file as mktorrent-style tools write it: announce keys, then an info dictionary
    /// with a multi-file list and the SHA-1 `pieces` string.
    mutating func torrent() -> [UInt8] {
        var files: [BencodeValue] = []
        for n in 0..<10_000 {
            let season = "Season \(n / 500 + 1)"
            let name = "Episode \(n) - \(["The Pilot", "Peers", "Exchange", "Swarm", "Seeds"][n % 5]).mkv"
            files.append([
                "length": .integer(Int64(int(1_000_000..<4_000_000_000))),
                "path": .list([.string(Array(season.utf8)), .string(Array(name.utf8))]),
            ])
        }
        let info: BencodeValue = [
            "files": .list(files),
            "name": "pexspec benchmark collection",
            "piece length": 4_194_304,
            "pieces": .string(random.bytes(20 * 20_000)),
        ]
        let torrent: BencodeValue = [
            "announce": "http://tracker.example.org:6969/announce",
            "announce-list": [["http://tracker.example.org:6969/announce"], ["udp://tracker.example.net:1337/announce"]],
            "comment": "deterministic benchmark input",
            "created by": "pexspec-bench",
            "creation date": 1_700_000_000,
            "info": info,
        ]
        return BencodeEncoder.encode(torrent)
    }

    private mutating func compactPeers(_ count: Int, addressSize: Int) -> [UInt8] {
        random.bytes(count * (addressSize + 2))
    }

    private mutating func flags(_ count: Int) -> [UInt8] {
        // The combinations libtorrent sets: encryption, seed, uTP, holepunch, outgoing.
        let common: [UInt8] = [0x00, 0x01, 0x04, 0x05, 0x06, 0x0C, 0x10, 0x11, 0x15]
        return (0..<count).map { _ in common[int(0..<common.count)] }
    }

    /// libtorrent's ut_pex: all six keys, empty ones included; one in twenty is the full list
    /// sent first on a connection (up to 100 peers), the rest are one-minute diffs.
    mutating func utPex(index: Int) -> [UInt8] {
        let full = index % 20 == 0
        let added4 = full ? int(50..<80) : int(0..<9)
        let added6 = full ? int(0..<20) : int(0..<3)
        let dropped4 = full ? 0 : int(0..<7)
        let dropped6 = full ? 0 : int(0..<2)
        let message: BencodeValue = [
            "added": .string(compactPeers(added4, addressSize: 4)),
            "added.f": .string(flags(added4)),
            "added6": .string(compactPeers(added6, addressSize: 16)),
            "added6.f": .string(flags(added6)),
            "dropped": .string(compactPeers(dropped4, addressSize: 4)),
            "dropped6": .string(compactPeers(dropped6, addressSize: 16)),
        ]
        return BencodeEncoder.encode(message)
    }

    /// Alternately libtorrent 2.0.8's and Transmission 3.00's extended handshake, with the keys
    /// each was observed to send.
    mutating func extendedHandshake(index: Int) -> [UInt8] {
        let metadataSize = Int64(int(2_000..<4_000_000))
        let port = Int64(int(1_024..<65_536))
        let handshake: BencodeValue
        if index % 2 == 0 {
            handshake = [
                "complete_ago": .integer(Int64(int(-1..<3_600))),
                "m": ["lt_donthave": 7, "share_mode": 8, "upload_only": 3, "ut_holepunch": 4, "ut_metadata": 2, "ut_pex": 1],
                "metadata_size": .integer(metadataSize),
                "p": .integer(port),
                "reqq": 2000,
                "upload_only": .integer(Int64(int(0..<2))),
                "v": "libtorrent/2.0.8.0",
                "yourip": .string(random.bytes(index % 4 == 0 ? 16 : 4)),
            ]
        } else {
            handshake = [
                "e": .integer(Int64(int(0..<2))),
                "m": ["ut_metadata": 3, "ut_pex": 1],
                "metadata_size": .integer(metadataSize),
                "p": .integer(port),
                "reqq": 512,
                "upload_only": .integer(Int64(int(0..<2))),
                "v": "Transmission 3.00",
            ]
        }
        return BencodeEncoder.encode(handshake)
    }

    /// AZ_PEER_EXCHANGE as Vuze sends it: peers as a list of 6-byte strings, with handshake
    /// types and UDP ports side by side.
    mutating func azPeerExchange(index: Int) -> [UInt8] {
        let full = index % 20 == 0
        let added = full ? int(20..<50) : int(0..<9)
        let dropped = full ? 0 : int(0..<7)
        func hst(_ n: Int, _ g: inout SeededGenerator) -> BencodeValue { .string((0..<n).map { _ in UInt8(g.next() & 1) }) }
        let message: BencodeValue = [
            "added": .list((0..<added).map { _ in .string(compactPeers(1, addressSize: 4)) }),
            "added_HST": hst(added, &random),
            "added_UDP": .string(random.bytes(2 * added)),
            "dropped": .list((0..<dropped).map { _ in .string(compactPeers(1, addressSize: 4)) }),
            "dropped_HST": hst(dropped, &random),
            "dropped_UDP": .string(random.bytes(2 * dropped)),
            "infohash": .string(random.bytes(20)),
        ]
        return BencodeEncoder.encode(message)
    }

    /// One list of deep chunks: each chunk nests dictionaries and lists alternately to depth 98,
    /// so the whole document reaches depth 99, within the default limit of 100.
    mutating func nested() -> [UInt8] {
        var chunk: [UInt8] = []
        let depth = 98
        for level in 0..<depth {
            chunk += level % 2 == 0 ? Array("d1:ai\(level)e1:b".utf8) : Array("l3:abc".utf8)
        }
        chunk += Array("i42e".utf8)
        chunk += [UInt8](repeating: UInt8(ascii: "e"), count: depth)
        var out: [UInt8] = [UInt8(ascii: "l")]
        while out.count + chunk.count < Self.documentTarget { out += chunk }
        out.append(UInt8(ascii: "e"))
        return out
    }

    /// A list of integers from -99 to 999, as a large `have`-like index list would be.
    mutating func integers() -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "l")]
        while out.count < Self.documentTarget {
            out += Array("i\(int(-99..<1_000))e".utf8)
        }
        out.append(UInt8(ascii: "e"))
        return out
    }
}
