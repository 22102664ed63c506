import Bencode
import WireCore

extension BencodeFormat {
    /// Integers at the edges decoders get wrong: zero, signs, byte and port limits, the Int32 and
    /// Int64 limits.
    public static let boundaryIntegers: [Int64] = [
        0, -1, 1, 127, 128, 255, 256, 65535, 65536, Int64(Int32.max), Int64(Int32.min), Int64(UInt32.max),
        Int64(UInt32.max) + 1, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
    ]

    /// A value of `key`'s shape for a dictionary holding `siblings`; now and then one byte or one
    /// entry too few or too many, so both the accepting and the rejecting branch are reached.
    func value(for key: Key, siblings: BencodeDictionary, using generator: inout SeededGenerator) -> BencodeValue {
        let skew = Int.random(in: 0..<5, using: &generator) == 0 ? (Bool.random(using: &generator) ? 1 : -1) : 0
        switch key.shape {
        case .compactPeers(let entrySize):
            let peers = Int.random(in: 0...4, using: &generator)
            return .string(Self.randomBytes(max(0, peers * entrySize + skew), using: &generator))
        case .peerFlags(let peersKey):
            let entrySize = keys.first { $0.name == peersKey }.flatMap {
                if case .compactPeers(let size) = $0.shape { return size } else { return nil }
            } ?? 6
            let peers = (siblings[peersKey]?.bytes?.count ?? 0) / entrySize
            let flags: [UInt8] = [0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1f, 0x80, 0xff]
            return .string((0..<max(0, peers + skew)).map { _ in flags.randomElement(using: &generator) ?? 0 })
        case .integer:
            return .integer(Self.randomInteger(using: &generator))
        case .text:
            let names = ["µTorrent 3.5.5", "libtorrent/2.0.9", "Transmission 4.0.5", "qBittorrent/4.6", "BiglyBT 3.5", ""]
            return .string(Array((names.randomElement(using: &generator) ?? "").utf8))
        case .address:
            let sizes = [4, 16, 4, 16, 0, 6, 18]
            return .string(Self.randomBytes(sizes.randomElement(using: &generator) ?? 4, using: &generator))
        case .extensionMessages:
            let names = ["ut_pex", "ut_metadata", "lt_donthave", "ut_holepunch", "upload_only", "LT_metadata"]
            let ids: [Int64] = [0, 1, 2, 3, 20, 255, 256, -1, Int64.max]
            var messages = BencodeDictionary()
            for name in names where Bool.random(using: &generator) {
                messages[name] = .integer(ids.randomElement(using: &generator) ?? 1)
            }
            return .dictionary(messages)
        case .infohash:
            return .string(Self.randomBytes(20 + skew, using: &generator))
        case .peerEntries:
            let sizes = [6, 6, 6, 18, 0, 5, 7]
            return .list((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                .string(Self.randomBytes(sizes.randomElement(using: &generator) ?? 6, using: &generator))
            })
        case .azureusMessages:
            let names = ["AZ_HANDSHAKE", "AZ_PEER_EXCHANGE", "BT_HAVE", "JPC_HELLO", "AZ_UNKNOWN", ""]
            let versions: [UInt8] = [0, 1, 2, 0xff]
            return .list((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                ["id": .string(Array((names.randomElement(using: &generator) ?? "").utf8)),
                 "ver": .string([versions.randomElement(using: &generator) ?? 1])]
            })
        case .perPeerBytes(let peersKey, let width):
            let peers = siblings[peersKey]?.list?.count ?? 0
            return .string(Self.randomBytes(max(0, peers * width + skew), using: &generator))
        }
    }

    /// A dictionary of some of the format's keys, each with a value of its shape, in the format's
    /// order (so per-peer keys follow the peers they count).
    package func randomDictionary(using generator: inout SeededGenerator) -> BencodeValue {
        var dict = BencodeDictionary()
        for key in keys where Bool.random(using: &generator) {
            dict.entries.append(.init(key: Array(key.name.utf8), value: value(for: key, siblings: dict, using: &generator)))
        }
        return .dictionary(dict)
    }

    /// A boundary integer half of the time, else a small one.
    static func randomInteger(using generator: inout SeededGenerator) -> Int64 {
        Bool.random(using: &generator)
            ? (boundaryIntegers.randomElement(using: &generator) ?? 0)
            : Int64.random(in: -2...64, using: &generator)
    }

    static func randomBytes(_ count: Int, using generator: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
