import AzureusWire
import Bencode
import PexModel
import Testing
import WireCore

@Suite struct AZPeerExchangeTests {
    static let full = AZPeerExchange(
        infohash: infohash,
        added: [
            AZPeerExchange.Peer(address: address("10.0.0.1:6881"), handshakeType: .plain, udpPort: 6881),
            AZPeerExchange.Peer(address: address("1.2.3.4:51413"), handshakeType: .crypto, udpPort: 0),
        ],
        dropped: [AZPeerExchange.Peer(address: address("5.6.7.8:80"), handshakeType: .crypto, udpPort: nil)])

    @Test func everyField() throws {
        let bytes = Self.full.encoded
        let tree = try BencodeDecoder(mode: .strict).decode(bytes).value
        #expect(tree["infohash"] == .string(infohash))
        #expect(tree["added"] == [.string(compact("10.0.0.1:6881")), .string(compact("1.2.3.4:51413"))])
        #expect(tree["added_HST"] == .string([0, 1]))
        #expect(tree["added_UDP"] == .string([0x1a, 0xe1, 0, 0]))
        #expect(tree["dropped"] == [.string(compact("5.6.7.8:80"))])
        #expect(tree["dropped_HST"] == .string([1]))
        // No dropped peer has a UDP port: BiglyBT leaves the key out, and so does the builder.
        #expect(tree["dropped_UDP"] == nil)
        #expect(BencodeEncoder.encode(tree) == bytes)

        let decoded = try AZPeerExchange.decode(bytes, mode: .strict)
        #expect(decoded.warnings.isEmpty)
        #expect(decoded.value.infohash == infohash)
        #expect(decoded.value.added == Self.full.added)
        // A list whose `_UDP` is absent decodes to nil ports.
        #expect(decoded.value.dropped == Self.full.dropped)
    }

    @Test func emptyListsAreLeftOut() throws {
        let exchange = AZPeerExchange(infohash: infohash, added: [AZPeerExchange.Peer(address: address("1.1.1.1:1"))])
        let tree = try BencodeDecoder().decode(exchange.encoded).value
        #expect(tree.dictionary?.entries.map { String(decoding: $0.key, as: UTF8.self) } == ["added", "infohash"])
        #expect(try AZPeerExchange.decode(exchange.encoded, mode: .strict).value == exchange)
    }

    @Test func builderWritesZeroForMissingPortsAndPlainForMissingTypes() throws {
        let exchange = AZPeerExchange(infohash: infohash, added: [
            AZPeerExchange.Peer(address: address("1.1.1.1:1"), handshakeType: .crypto),
            AZPeerExchange.Peer(address: address("2.2.2.2:2"), udpPort: 7),
        ])
        let tree = try BencodeDecoder().decode(exchange.encoded).value
        #expect(tree["added_HST"] == .string([1, 0]))
        #expect(tree["added_UDP"] == .string([0, 0, 0, 7]))
    }

    @Test func hstAndUdpBelongToEntriesByWirePosition() throws {
        let bytes = BencodeEncoder.encode([
            "infohash": .string(infohash), "added": [.string(compact("1.1.1.1:1")), .string([1, 2, 3]), .string(compact("3.3.3.3:3"))],
            "added_HST": .string([1, 0, 0]), "added_UDP": .string([0, 1, 0, 2, 0, 3]),
        ])
        let decoded = try AZPeerExchange.decode(bytes)
        #expect(decoded.value.added == [
            AZPeerExchange.Peer(address: address("1.1.1.1:1"), handshakeType: .crypto, udpPort: 1),
            AZPeerExchange.Peer(address: address("3.3.3.3:3"), handshakeType: .plain, udpPort: 3),
        ])
        #expect(decoded.warnings.map(\.code) == [.badPeerEntryLength])
    }

    @Test(arguments: [0, 1, 5, 7, 17, 19, 100])
    func entryLengthsOtherThan6And18AreDropped(length: Int) throws {
        let bytes = BencodeEncoder.encode(["infohash": .string(infohash), "added": [.string(Array(repeating: 9, count: length))]])
        let entryOffset = try #require(valueOffset(of: "added", in: bytes)) + 1
        let lenient = try AZPeerExchange.decode(bytes)
        #expect(lenient.value.added.isEmpty)
        #expect(lenient.warnings.map(\.code) == [.badPeerEntryLength, .emptyPeerExchange])
        #expect(lenient.warnings.first?.offset == entryOffset)
        let strict = parseError { () throws(ParseError) in try AZPeerExchange.decode(bytes, mode: .strict) }
        #expect(strict?.code == .badPeerEntryLength)
        #expect(strict?.offset == entryOffset)
    }

    @Test func ipv6EntriesRoundTripInLenientMode() throws {
        let v6 = AZPeerExchange.Peer(address: address("[2001:db8::1]:6881"), handshakeType: .plain, udpPort: 9)
        let exchange = AZPeerExchange(infohash: infohash, added: [v6, AZPeerExchange.Peer(address: address("1.2.3.4:5"), handshakeType: .crypto, udpPort: 0)])
        let decoded = try AZPeerExchange.decode(exchange.encoded)
        #expect(decoded.value == exchange)
        #expect(decoded.warnings.map(\.code) == [.ipv6PeerEntry])
        #expect(parseError { () throws(ParseError) in try AZPeerExchange.decode(exchange.encoded, mode: .strict) }?.code == .ipv6PeerEntry)
    }

    @Test(arguments: [0, 1, 10, 50, 51, 200])
    func maxPeersPerListIsConfigurable(limit: Int) throws {
        let peers = (0..<60).map { AZPeerExchange.Peer(address: PeerAddress(ip: .v4(0x0a00_0000 + UInt32($0)), port: 1)) }
        let exchange = AZPeerExchange(infohash: infohash, dropped: peers)
        let limits = PexLimits(maxPeersPerList: limit)
        let lenient = try AZPeerExchange.decode(exchange.encoded, limits: limits)
        #expect(lenient.value.dropped == Array(peers.prefix(limit)))
        let strict = parseError { () throws(ParseError) in try AZPeerExchange.decode(exchange.encoded, mode: .strict, limits: limits) }
        if limit >= peers.count {
            #expect(strict == nil)
        } else {
            #expect(strict?.code == .tooManyPeers)
            let listOffset = try #require(valueOffset(of: "dropped", in: exchange.encoded))
            #expect(strict?.offset == listOffset + 1 + limit * 8)
            #expect(lenient.warnings.map(\.code).contains(.tooManyPeers))
        }
    }

    @Test func entriesOfTheWrongTypeAreSkipped() throws {
        let bytes = BencodeEncoder.encode(["infohash": .string(infohash), "added": [5, .string(compact("1.1.1.1:1"))]])
        let decoded = try AZPeerExchange.decode(bytes)
        #expect(decoded.value.added.map(\.address) == [address("1.1.1.1:1")])
        #expect(decoded.warnings.map(\.code) == [.wrongType])
        #expect(decoded.warnings.first?.offset == (valueOffset(of: "added", in: bytes) ?? -1) + 1)
    }

    @Test func duplicateKeysFirstWinsInLenientMode() throws {
        // Built by hand: canonical encoders never repeat a key.
        let bytes = Array("d5:addedl6:".utf8) + compact("1.1.1.1:1") + Array("e5:addedl6:".utf8) + compact("2.2.2.2:2")
            + Array("e8:infohash20:".utf8) + infohash + Array("e".utf8)
        let decoded = try AZPeerExchange.decode(bytes)
        #expect(decoded.value.added.map(\.address) == [address("1.1.1.1:1")])
        #expect(decoded.warnings.map(\.code) == [.duplicateKey])
    }
}
