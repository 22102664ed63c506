import AzureusWire
import Bencode
import PeerWire
import PexModel
import Testing
import WireCore

/// One PEX model across dialects: AZ_PEER_EXCHANGE and ut_pex both decode to and build from ``PexUpdate``.
@Suite struct PexDialectTests {
    @Test func peerExchangeToUpdate() {
        let update = AZPeerExchangeTests.full.update
        #expect(update.added == [
            PexPeer(address: address("10.0.0.1:6881"), handshakeType: .plain, udpPort: 6881),
            PexPeer(address: address("1.2.3.4:51413"), handshakeType: .crypto, udpPort: 0),
        ])
        #expect(update.dropped == [PexPeer(address: address("5.6.7.8:80"), handshakeType: .crypto)])
        #expect(update.added.allSatisfy { $0.flags.isEmpty })
    }

    @Test func updateToPeerExchangeAndBack() throws {
        let update = AZPeerExchangeTests.full.update
        let exchange = AZPeerExchange(infohash: infohash, update: update)
        #expect(exchange == AZPeerExchangeTests.full)
        let decoded = try AZPeerExchange.decode(exchange.encoded, mode: .strict)
        #expect(decoded.value.update == update)
    }

    /// What a ut_pex message says (flags, no handshake type, no UDP port), built as AZ_PEER_EXCHANGE.
    @Test func utPexShapedUpdateBuildsAnEquivalentPeerExchange() throws {
        let utPexUpdate = PexUpdate(
            added: [
                PexPeer(address: address("10.0.0.1:6881"), flags: [.prefersEncryption, .seed]),
                PexPeer(address: address("10.0.0.2:6882"), flags: [.supportsUTP]),
            ],
            dropped: [PexPeer(address: address("10.0.0.3:6883"))])
        let exchange = AZPeerExchange(infohash: infohash, update: utPexUpdate)
        #expect(exchange.added.map(\.handshakeType) == [.crypto, .plain])
        #expect(exchange.added.map(\.udpPort) == [nil, nil])

        let decoded = try AZPeerExchange.decode(exchange.encoded, mode: .strict).value.update
        #expect(decoded.addressesOnly == utPexUpdate.addressesOnly)
        #expect(decoded.added.map(\.prefersEncryption) == utPexUpdate.added.map(\.prefersEncryption))
    }

    @Test func prefersEncryptionFromEitherDialect() {
        #expect(PexPeer(address: address("1.1.1.1:1"), flags: .prefersEncryption).prefersEncryption)
        #expect(PexPeer(address: address("1.1.1.1:1"), handshakeType: .crypto).prefersEncryption)
        #expect(!PexPeer(address: address("1.1.1.1:1"), flags: .seed, handshakeType: .plain).prefersEncryption)
    }
}

/// The real ut_pex codec beside AZ_PEER_EXCHANGE: the same peers give the same ``PexUpdate``.
@Suite struct UTPexCrossDialectTests {
    static let v4 = [address("10.0.0.1:6881"), address("10.0.0.2:51413"), address("1.2.3.4:80")]
    static let dropped = [address("5.6.7.8:9")]

    /// The same announcement in both dialects, each as its wire bytes.
    static let utPexPayload = Array("d5:added18:".utf8) + v4.flatMap { compact($0.description) } + Array("7:added.f3:".utf8)
        + [0x01, 0x02, 0x00] + Array("7:dropped6:".utf8) + compact(dropped[0].description) + Array("e".utf8)
    static let azPayload = BencodeEncoder.encode([
        "infohash": .string(infohash), "added": .list(v4.map { .string(compact($0.description)) }),
        "added_HST": .string([1, 0, 0]), "added_UDP": .string([0, 1, 0, 2, 0, 3]),
        "dropped": [.string(compact(dropped[0].description))], "dropped_HST": .string([0]),
    ])

    @Test func sameAnnouncementGivesEqualAddressesOnlyUpdates() throws {
        let ut = try UTPexMessage.decode(Self.utPexPayload, mode: .strict)
        let az = try AZPeerExchange.decode(Self.azPayload, mode: .strict)
        #expect(ut.warnings.isEmpty && az.warnings.isEmpty)
        #expect(ut.value.update.addressesOnly == az.value.update.addressesOnly)
        #expect(az.value.update.addedAddresses == Self.v4)
        #expect(az.value.update.droppedAddresses == Self.dropped)
        // What only one dialect carries stays apart; the encryption preference is the same fact.
        #expect(ut.value.update.added.map(\.prefersEncryption) == az.value.update.added.map(\.prefersEncryption))
        #expect(az.value.update.added.map(\.udpPort) == [1, 2, 3])
        #expect(ut.value.update.added.map(\.flags.rawValue) == [1, 2, 0])
    }

    @Test func azPeerExchangeBuiltFromAUTPexUpdate() throws {
        let ut = try UTPexMessage.decode(Self.utPexPayload, mode: .strict).value
        let az = AZPeerExchange(infohash: infohash, update: ut.update)
        let reread = try AZPeerExchange.decode(az.encoded, mode: .strict).value
        #expect(reread.update.addressesOnly == ut.update.addressesOnly)
        #expect(reread.added.map(\.handshakeType) == [.crypto, .plain, .plain])
    }

    @Test func utPexBuiltFromAnAZPeerExchangeUpdate() throws {
        let az = try AZPeerExchange.decode(Self.azPayload, mode: .strict).value
        let ut = UTPexMessage(az.update)
        let reread = try UTPexMessage.decode(try ut.encoded(), mode: .strict).value
        #expect(reread.update.addressesOnly == az.update.addressesOnly)
    }

    /// AZ_PEER_EXCHANGE `added_HST` crypto becomes ut_pex `added.f` 0x01 on the wire; plain and
    /// absent types set no flag.
    @Test func cryptoHandshakeTypeBecomesTheEncryptionFlag() throws {
        let az = try AZPeerExchange.decode(Self.azPayload, mode: .strict).value
        #expect(az.added.map(\.handshakeType) == [.crypto, .plain, .plain])
        let payload = try UTPexMessage(az.update).encoded()
        let reread = try UTPexMessage.decode(payload, mode: .strict).value
        #expect(reread.added.map(\.flags) == [.prefersEncryption, [], []])
        #expect(reread.update.added.map(\.prefersEncryption) == az.update.added.map(\.prefersEncryption))

        let untyped = PexUpdate(added: [PexPeer(address: address("10.0.0.9:9"), udpPort: 7)])
        #expect(UTPexMessage(untyped).added.map(\.flags) == [[]])
        // A peer with both the flag and the type keeps its other flags and gets 0x01 once.
        let both = PexUpdate(added: [PexPeer(address: address("10.0.0.8:8"), flags: [.seed, .prefersEncryption], handshakeType: .crypto)])
        #expect(UTPexMessage(both).added.map(\.flags) == [[.seed, .prefersEncryption]])
    }

    /// ut_pex `added.f` 0x01 becomes AZ_PEER_EXCHANGE `added_HST` crypto on the wire, no flag plain.
    @Test func encryptionFlagBecomesTheCryptoHandshakeType() throws {
        let ut = try UTPexMessage.decode(Self.utPexPayload, mode: .strict).value
        #expect(ut.added.map(\.flags.rawValue) == [0x01, 0x02, 0x00])
        let exchange = AZPeerExchange(infohash: infohash, update: ut.update)
        let hst = try #require(try BencodeDecoder().decode(exchange.encoded).value["added_HST"])
        #expect(hst == .string([1, 0, 0]))
        let reread = try AZPeerExchange.decode(exchange.encoded, mode: .strict).value
        #expect(reread.added.map(\.handshakeType) == [.crypto, .plain, .plain])
        #expect(reread.update.added.map(\.prefersEncryption) == ut.update.added.map(\.prefersEncryption))
    }

    @Test func ipv6PeersCrossToo() throws {
        let update = PexUpdate(added: [PexPeer(address: address("[2001:db8::1]:6881"), flags: .prefersEncryption)])
        let az = try AZPeerExchange.decode(AZPeerExchange(infohash: infohash, update: update).encoded).value
        let ut = try UTPexMessage.decode(try UTPexMessage(update).encoded(), mode: .strict).value
        #expect(az.update.addressesOnly == ut.update.addressesOnly)
    }
}

/// A fault both dialects can have gives one code, at the same kind of offset, from either codec.
@Suite struct SharedCodeTests {
    static func code(_ decode: () throws(ParseError) -> Void) -> (code: ParseError.Code, offset: Int)? {
        do throws(ParseError) {
            try decode()
            return nil
        } catch {
            return (error.code, error.offset)
        }
    }

    @Test func notADictionaryInEveryPayload() {
        let list = Array("li1ee".utf8)
        let results = [
            Self.code { () throws(ParseError) in _ = try ExtendedHandshake.decode(list) },
            Self.code { () throws(ParseError) in _ = try UTPexMessage.decode(list) },
            Self.code { () throws(ParseError) in _ = try AZHandshake.decode(list) },
            Self.code { () throws(ParseError) in _ = try AZPeerExchange.decode(list) },
        ]
        #expect(results.map { $0?.code } == Array(repeating: .notADictionary, count: 4))
        #expect(results.map { $0?.offset } == [0, 0, 0, 0])
    }

    /// A port key holding a string: `wrong_type` at the value in strict mode, from either dialect.
    @Test func wrongTypeInEveryPayload() {
        let ext = Array("d1:p4:6881e".utf8)
        let az = BencodeEncoder.encode([
            "identity": .string(infohash), "client": "c", "version": "v", "messages": [], "tcp_port": "6881",
        ])
        let fromExt = Self.code { () throws(ParseError) in _ = try ExtendedHandshake.decode(ext, mode: .strict) }
        let fromAZ = Self.code { () throws(ParseError) in _ = try AZHandshake.decode(az, mode: .strict) }
        #expect(fromExt?.code == .wrongType && fromExt?.offset == valueOffset(of: "p", in: ext))
        #expect(fromAZ?.code == .wrongType && fromAZ?.offset == valueOffset(of: "tcp_port", in: az))
    }

    /// A length prefix over the limit: `frame_too_large` at the prefix, from either framer, and
    /// each framer stays failed with it.
    @Test func frameTooLargeFromEitherFramer() {
        let stream: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 1, 0xff]
        var peer = PeerFrameDecoder(maxFrameSize: 0x1_0000)
        peer.append(stream)
        var azureus = AzureusFrameDecoder(maxFrameSize: 0x1_0000)
        azureus.append(stream.dropFirst(4))
        // The peer wire reads a keep-alive first; Azureus starts at the over-long prefix.
        #expect(Self.code { () throws(ParseError) in _ = try peer.next() } == nil)
        let results = [
            Self.code { () throws(ParseError) in _ = try peer.next() },
            Self.code { () throws(ParseError) in _ = try azureus.next() },
        ]
        #expect(results.map { $0?.code } == [.frameTooLarge, .frameTooLarge])
        #expect(results.map { $0?.offset } == [4, 0])
        #expect(peer.error?.code == .frameTooLarge && azureus.error?.code == .frameTooLarge)
        #expect(peer.bufferedByteCount == 0 && azureus.bufferedByteCount == 0)
    }
}
