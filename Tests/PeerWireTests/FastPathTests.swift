import Bencode
import PeerWire
import PexModel
import Testing
import WireCore

/// The typed decoders read a canonical payload of the keys they know on a fast path, and
/// anything else on the general path: both must give the same value.
@Suite struct FastPathTests {
    /// `payload` (a canonical dictionary) with one more entry, `zz` (after every known key),
    /// which sends it to the general path.
    static func withUnknownKey(_ payload: [UInt8]) -> [UInt8] {
        Array(payload.dropLast()) + Array("2:zz1:xe".utf8)
    }

    static let pex = UTPexMessage(
        added: [PexPeer(address: PeerAddress("1.2.3.4:5")!, flags: [.seed]), PexPeer(address: PeerAddress("10.0.0.1:6881")!)],
        added6: [PexPeer(address: PeerAddress("[2001:db8::1]:7")!, flags: [.prefersEncryption])],
        dropped: [PeerAddress("5.6.7.8:3")!], dropped6: [PeerAddress("[::1]:9")!])

    @Test(arguments: [UTPexMessage.KeyStyle.allKeys, .nonEmpty])
    func utPexPathsAgree(_ style: UTPexMessage.KeyStyle) throws {
        let payload = try Self.pex.encoded(style: style)
        for mode in [ParseMode.lenient, .strict] {
            let fast = try UTPexMessage.decode(payload, mode: mode)
            #expect(fast.value == Self.pex)
            #expect(fast.warnings.isEmpty)
            let general = try UTPexMessage.decode(Self.withUnknownKey(payload), mode: mode)
            #expect(general.value == fast.value)
            #expect(general.warnings.isEmpty)
        }
    }

    /// What the fast path must leave to the general path, which reports it.
    @Test func utPexDeviationsAreReported() throws {
        let payload = try Self.pex.encoded(style: .allKeys)
        // One peer too many for the limit.
        let limited = try UTPexMessage.decode(payload, limits: PexLimits(maxPeersPerList: 1))
        #expect(limited.warnings.map(\.code) == [.tooManyPeers])
        #expect(limited.value.added == [Self.pex.added[0]])
        // `added.f` one byte short.
        let text = "d5:added12:" + String(repeating: "a", count: 12) + "7:added.f1:\u{2}e"
        let short = try UTPexMessage.decode(Array(text.utf8))
        #expect(short.warnings.map(\.code) == [.flagsLengthMismatch])
        #expect(short.value.added.map(\.flags) == [.seed, []])
    }

    static let handshake = ExtendedHandshake(
        messages: [.init(name: "lt_donthave", id: 7), .init(name: "off", id: 0), .init(name: "ut_metadata", id: 2), .init(name: "ut_pex", id: 1)],
        listenPort: 6881, clientVersion: "libtorrent/2.0.8", yourIP: IPAddress("127.0.0.1"), ipv4: IPAddress("10.0.0.2"),
        ipv6: IPAddress("2001:db8::2"), requestQueueSize: 2000, encryption: 1, metadataSize: 31_235, uploadOnly: 0, completeAgo: -1)

    @Test func extendedHandshakePathsAgree() throws {
        let payload = Self.handshake.encoded
        for mode in [ParseMode.lenient, .strict] {
            let fast = try ExtendedHandshake.decode(payload, mode: mode)
            #expect(fast.value == Self.handshake)
            #expect(fast.warnings.isEmpty)
            var general = try ExtendedHandshake.decode(Self.withUnknownKey(payload), mode: mode).value
            #expect(general.extra == ["zz": .string(Array("x".utf8))])
            general.extra = [:]
            #expect(general == fast.value)
        }
        // A shared id is the general path's to report.
        var shared = Self.handshake
        shared.messages?[2].id = 1
        let decoded = try ExtendedHandshake.decode(shared.encoded)
        #expect(decoded.warnings.map(\.code) == [.duplicateExtensionID])
        #expect(decoded.value == shared)
    }
}
