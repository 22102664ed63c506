import AzureusWire
import PexModel
import Testing

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
