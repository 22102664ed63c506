import Bencode
import PeerWire
import PexModel
import Testing
import TestSupport
import WireCore

@Suite struct ExtendedHandshakeTests {
    static let fixtures = DecodeVector.load(.extHandshake)

    static func raw(_ name: String) throws -> [UInt8] {
        try #require(fixtures.first { $0.id == name }).raw
    }

    @Test func bep10Example() throws {
        let handshake = try ExtendedHandshake.decode(try Self.raw("ext-handshake/bep10/example")).value
        #expect(handshake.messages == [.init(name: "LT_metadata", id: 1), .init(name: "ut_pex", id: 2)])
        #expect(handshake.listenPort == 6881)
        #expect(handshake.clientVersionString == "uTorrent 1.2")
        #expect(handshake.id(for: "ut_pex") == 2)
        #expect(handshake.id(for: "ut_metadata") == nil)
        let built = ExtendedHandshake(
            messages: [.init(name: "ut_pex", id: 2), .init(name: "LT_metadata", id: 1)], listenPort: 6881, clientVersion: "uTorrent 1.2")
        #expect(built.encoded == Array("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v12:uTorrent 1.2e".utf8))
        #expect(built.message == .extended(id: 0, payload: built.encoded))
    }

    /// The builder writes byte for byte what libtorrent 2.0.8 and Transmission 3.00 sent on loopback.
    @Test func buildsWhatClientsSend() throws {
        let libtorrent = ExtendedHandshake(
            messages: [
                .init(name: "ut_pex", id: 1), .init(name: "ut_metadata", id: 2), .init(name: "upload_only", id: 3),
                .init(name: "ut_holepunch", id: 4), .init(name: "lt_donthave", id: 7), .init(name: "share_mode", id: 8),
            ],
            clientVersion: "libtorrent/2.0.8.0", yourIP: IPAddress("127.0.0.2"), requestQueueSize: 2000, metadataSize: 146,
            uploadOnly: 1, completeAgo: -1)
        #expect(libtorrent.encoded == (try Self.raw("ext-handshake/observed/libtorrent-2.0.8")))
        let transmission = ExtendedHandshake(
            messages: [.init(name: "ut_pex", id: 1), .init(name: "ut_metadata", id: 3)], listenPort: 51700,
            clientVersion: "Transmission 3.00", requestQueueSize: 512, encryption: 1, metadataSize: 146, uploadOnly: 1)
        #expect(transmission.encoded == (try Self.raw("ext-handshake/observed/transmission-3.00")))
        #expect(try ExtendedHandshake.decode(transmission.encoded).value.encoded == transmission.encoded)
    }

    /// Nothing is lost: decoding then building gives the canonical encoding of the whole input,
    /// unknown keys included, for every fixture decoded without warnings.
    @Test(arguments: fixtures.filter(\.decodesWithoutWarnings))
    func roundTrip(_ fixture: DecodeVector) throws {
        let handshake = try ExtendedHandshake.decode(fixture.raw, mode: .strict).value
        let canonical = BencodeEncoder.encode(try BencodeDecoder().decode(fixture.raw).value)
        #expect(handshake.encoded == canonical, "\(fixture.id)")
    }

    @Test func ignoredValuesAreDroppedOnRebuild() throws {
        let decoded = try ExtendedHandshake.decode(Array("d1:md6:ut_pexi1ee1:pi0e4:reqq3:abce".utf8))
        #expect(decoded.value.listenPort == nil && decoded.value.requestQueueSize == nil)
        #expect(decoded.warnings.map(\.code) == [.portOutOfRange, .wrongType])
        #expect(decoded.value.encoded == Array("d1:md6:ut_pexi1eee".utf8))
    }

    @Test func typedPropertiesWinOverExtra() {
        let handshake = ExtendedHandshake(listenPort: 6881, extra: ["p": 1, "x_y": "z"])
        #expect(handshake.encoded == Array("d1:pi6881e3:x_y1:ze".utf8))
    }

    @Test func typedAccessToObservedHandshake() throws {
        let handshake = try ExtendedHandshake.decode(try Self.raw("ext-handshake/observed/libtorrent-2.0.8"), mode: .strict).value
        #expect(handshake.messages?.count == 6)
        #expect(handshake.id(for: "ut_pex") == 1)
        #expect(handshake.yourIP == IPAddress("127.0.0.2"))
        #expect(handshake.completeAgo == -1)
        #expect(handshake.listenPort == nil)
        #expect(handshake.extra.isEmpty)
    }

    @Test func unknownKeysKeepWireOrder() throws {
        let handshake = try ExtendedHandshake.decode(Array("d1:ai1e1:md6:ut_pexi1ee1:zi2e2:zzle3:zzzdee".utf8)).value
        #expect(handshake.extra.entries.map { String(decoding: $0.key, as: UTF8.self) } == ["a", "z", "zz", "zzz"])
        #expect(handshake.extra["zz"] == .list([]))
    }

    @Test func nonUTF8VersionKeptInLenientMode() throws {
        let decoded = try ExtendedHandshake.decode([UInt8]("d1:v2:".utf8) + [0xff, 0x41] + [UInt8(ascii: "e")])
        #expect(decoded.value.clientVersion == [0xff, 0x41])
        #expect(decoded.value.clientVersionString == nil)
    }

    /// Offsets count from the start of the payload handed in.
    @Test func sliceOffsets() {
        let frame: [UInt8] = [0, 0, 0, 12, 20, 0] + Array("d1:pi70000ee".utf8)
        expectParseError(.portOutOfRange, at: 4) { try ExtendedHandshake.decode(frame[6...], mode: .strict) }
    }
}
