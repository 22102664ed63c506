import AzureusWire
import Bencode
import PexModel
import Testing
import WireCore

/// AZ_PEER_EXCHANGE is read on a fast path when canonical and of the known keys only, on the
/// general path otherwise: both must give the same value, and the deviations the general path's.
@Suite struct AZFastPathTests {
    static let message = AZPeerExchangeTests.full

    @Test func pathsAgree() throws {
        let payload = Self.message.encoded
        // `zz` sorts after every known key and sends the payload to the general path, which ignores it.
        let unknown = Array(payload.dropLast()) + Array("2:zz1:xe".utf8)
        for mode in [ParseMode.lenient, .strict] {
            let fast = try AZPeerExchange.decode(payload, mode: mode)
            #expect(fast.value == Self.message)
            #expect(fast.warnings.isEmpty)
            let general = try AZPeerExchange.decode(unknown, mode: mode)
            #expect(general.value == fast.value)
            #expect(general.warnings.isEmpty)
        }
    }

    @Test func deviationsAreLeftToTheGeneralPath() throws {
        // A handshake type that is neither 0 nor 1.
        var bad = Self.message.encoded
        let hst = try #require(valueOffset(of: "added_HST", in: bad))
        bad[hst + 3] = 2  // "2:" then the two bytes
        let decoded = try AZPeerExchange.decode(bad)
        #expect(decoded.warnings.map(\.code) == [.valueOutOfRange])
        #expect(decoded.value.added.map(\.handshakeType) == [.plain, nil])
        // More peers than the limit.
        let limited = try AZPeerExchange.decode(Self.message.encoded, limits: PexLimits(maxPeersPerList: 1))
        #expect(limited.warnings.map(\.code) == [.tooManyPeers])
        #expect(limited.value.added == [Self.message.added[0]])
        // No peer at all.
        let empty = try AZPeerExchange.decode(AZPeerExchange(infohash: infohash).encoded)
        #expect(empty.warnings.map(\.code) == [.emptyPeerExchange])
    }
}
