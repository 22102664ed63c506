import Bencode
import PeerWire
import PexModel
import Testing
import TestSupport
import WireCore

@Suite struct UTPexMessageTests {
    static let fixtures = DecodeVector.load(.utPex)

    static func raw(_ name: String) throws -> [UInt8] {
        try #require(fixtures.first { $0.id == name }).raw
    }

    static func peer(_ text: String, _ flags: PeerFlags = []) -> PexPeer {
        PexPeer(address: PeerAddress(text)!, flags: flags)
    }

    /// The two loopback peers both clients listed.
    static let observed = UTPexMessage(added: [peer("127.0.0.2:7000"), peer("127.0.0.3:7001")])

    /// Flags read as the reserved bits do: names in order, then the unnamed bits in hex.
    /// RFC 5952 section 5: a v4-mapped address ends in dotted quad; other IPv6 addresses do not.
    @Test func v4MappedAddressesPrintInTheMixedForm() throws {
        let mapped = try #require(IPAddress("::ffff:127.0.0.1"))
        #expect(mapped.description == "::ffff:127.0.0.1")
        #expect(IPAddress("::ffff:7f00:1")?.description == "::ffff:127.0.0.1")
        #expect(IPAddress("::7f00:1")?.description == "::7f00:1")
        #expect(IPAddress("64:ff9b::7f00:1")?.description == "64:ff9b::7f00:1")
        #expect(PeerAddress("[::ffff:10.0.0.1]:6881")?.description == "[::ffff:10.0.0.1]:6881")
    }

    @Test func peerFlagsDescription() {
        #expect(PeerFlags(rawValue: 0x1f).description == "[encryption, seed, utp, holepunch, reachable]")
        #expect(PeerFlags(rawValue: 0xc3).description == "[encryption, seed, 0xc0]")
        #expect(PeerFlags().description == "[]")
    }

    @Test func buildsWhatLibtorrentSends() throws {
        #expect(try Self.observed.encoded(style: .allKeys) == Self.raw("ut-pex/observed/libtorrent-2.0.8"))
    }

    @Test func buildsWhatTransmissionSends() throws {
        #expect(try Self.observed.encoded(style: .nonEmpty) == Self.raw("ut-pex/observed/transmission-3.00"))
    }

    @Test func decodesObservedMessages() throws {
        for name in ["ut-pex/observed/libtorrent-2.0.8", "ut-pex/observed/transmission-3.00"] {
            let decoded = try UTPexMessage.decode(try Self.raw(name), mode: .strict)
            #expect(decoded.value == Self.observed, "\(name)")
            #expect(decoded.warnings.isEmpty)
        }
    }

    @Test(arguments: [UTPexMessage.KeyStyle.allKeys, .nonEmpty])
    func refusesToBuildAnEmptyMessage(_ style: UTPexMessage.KeyStyle) {
        #expect(throws: UTPexMessage.BuildError.noPeers) { try UTPexMessage().encoded(style: style) }
        #expect(throws: UTPexMessage.BuildError.noPeers) { try UTPexMessage().message(extendedID: 1, style: style) }
    }

    @Test func keyStyles() throws {
        let message = UTPexMessage(dropped6: [PeerAddress("[2001:db8::1]:6883")!])
        let nonEmpty = try message.encoded(style: .nonEmpty)
        #expect(nonEmpty == Array("d8:dropped618:".utf8) + IPAddress("2001:db8::1")!.bytes + [0x1a, 0xe3, UInt8(ascii: "e")])
        let all = try BencodeDecoder(mode: .strict).decode(message.encoded(style: .allKeys)).value
        #expect(all.dictionary?.entries.map { String(decoding: $0.key, as: UTF8.self) } == [
            "added", "added.f", "added6", "added6.f", "dropped", "dropped6",
        ])
        #expect(try message.message(extendedID: 3) == .extended(id: 3, payload: nonEmpty))
    }

    /// Each peer lands under the key of its family whichever array holds it.
    @Test func peersGoUnderTheirFamilysKey() throws {
        let message = UTPexMessage(
            added: [Self.peer("[2001:db8::1]:1", .supportsUTP), Self.peer("1.2.3.4:2", .seed)],
            dropped6: [PeerAddress("5.6.7.8:3")!])
        let decoded = try UTPexMessage.decode(try message.encoded(), mode: .strict).value
        #expect(decoded.added == [Self.peer("1.2.3.4:2", .seed)])
        #expect(decoded.added6 == [Self.peer("[2001:db8::1]:1", .supportsUTP)])
        #expect(decoded.dropped == [PeerAddress("5.6.7.8:3")!])
        #expect(decoded.dropped6.isEmpty)
    }

    @Test(arguments: [UTPexMessage.KeyStyle.allKeys, .nonEmpty])
    func roundTrip(_ style: UTPexMessage.KeyStyle) throws {
        let message = UTPexMessage(
            added: (0..<60).map { PexPeer(address: PeerAddress(ip: .v4(0x0a00_0000 + UInt32($0)), port: UInt16(6000 + $0)), flags: PeerFlags(rawValue: UInt8($0))) },
            added6: [Self.peer("[::ffff:1.2.3.4]:1", [.prefersEncryption, .reachable]), Self.peer("[fe80::1]:65535", .supportsHolepunch)],
            dropped: [PeerAddress("9.9.9.9:0")!], dropped6: [PeerAddress("[::1]:1")!])
        let decoded = try UTPexMessage.decode(try message.encoded(style: style), mode: .strict)
        #expect(decoded.value == message)
        #expect(decoded.warnings.isEmpty)
    }

    @Test func pexUpdateConversion() {
        let update = PexUpdate(
            added: [Self.peer("[2001:db8::2]:2", .seed), PexPeer(address: PeerAddress("1.1.1.1:1")!, flags: .prefersEncryption, handshakeType: .crypto, udpPort: 9)],
            dropped: [PexPeer(address: PeerAddress("[::2]:3")!), PexPeer(address: PeerAddress("2.2.2.2:4")!)])
        let message = UTPexMessage(update)
        #expect(message.added == [Self.peer("1.1.1.1:1", .prefersEncryption)])
        #expect(message.added6 == [Self.peer("[2001:db8::2]:2", .seed)])
        #expect(message.dropped == [PeerAddress("2.2.2.2:4")!] && message.dropped6 == [PeerAddress("[::2]:3")!])
        #expect(message.update.addressesOnly == PexUpdate(
            added: [PexPeer(address: PeerAddress("1.1.1.1:1")!), PexPeer(address: PeerAddress("[2001:db8::2]:2")!)],
            dropped: [PexPeer(address: PeerAddress("2.2.2.2:4")!), PexPeer(address: PeerAddress("[::2]:3")!)]))
        #expect(message.update.added.map(\.flags) == [.prefersEncryption, .seed])
        #expect(UTPexMessage(PexUpdate()).isEmpty)
    }

    @Test func maxPeersPerList() throws {
        let message = UTPexMessage(
            added: (1...3).map { Self.peer("10.0.0.\($0):1", PeerFlags(rawValue: UInt8($0))) },
            dropped6: (1...5).map { PeerAddress("[::\($0)]:2")! })
        let bytes = try message.encoded()
        let limits = PexLimits(maxPeersPerList: 2)
        let decoded = try UTPexMessage.decode(bytes, mode: .lenient, limits: limits)
        #expect(decoded.value.added == Array(message.added.prefix(2)))
        #expect(decoded.value.dropped6 == Array(message.dropped6.prefix(2)))
        let addedStart = try #require(indexAfter("5:added18:", in: bytes))
        let droppedStart = try #require(indexAfter("8:dropped690:", in: bytes))
        #expect(decoded.warnings.map(\.diagnostic) == [
            .init(.tooManyPeers, offset: addedStart + 12), .init(.tooManyPeers, offset: droppedStart + 36),
        ])
        expectParseError(.tooManyPeers, at: addedStart + 12) { try UTPexMessage.decode(bytes, mode: .strict, limits: limits) }
        #expect(try UTPexMessage.decode(bytes, mode: .strict, limits: PexLimits(maxPeersPerList: 5)).value == message)
        let none = try UTPexMessage.decode(bytes, limits: PexLimits(maxPeersPerList: 0))
        #expect(none.value.isEmpty && none.warnings.count == 2)
        #expect(PexLimits.default.maxPeersPerList == 1000)
    }

    /// A 1 MiB `added` whose length is one byte short of whole entries: nothing traps, the
    /// limit bounds what is kept.
    @Test func largeListIsBounded() throws {
        let count = (1 << 20) / 6
        var bytes = Array("d5:added\((count * 6) - 1):".utf8)
        bytes += Array(repeating: 0x7f, count: count * 6 - 1)
        bytes += Array("e".utf8)
        let decoded = try UTPexMessage.decode(bytes, limits: PexLimits(maxPeersPerList: 50))
        #expect(decoded.value.added.count == 50)
        #expect(decoded.warnings.map(\.code) == [.tooManyPeers, .badCompactLength, .flagsLengthMismatch])
    }

    /// Offsets count from the start of the payload handed in.
    @Test func sliceOffsets() {
        let frame: [UInt8] = [0, 0, 0, 15, 20, 1] + Array("d5:added3:abce".utf8)
        expectParseError(.badCompactLength, at: 10) { try UTPexMessage.decode(frame[6...], mode: .strict) }
    }
}

private func indexAfter(_ marker: String, in bytes: [UInt8]) -> Int? {
    let needle = Array(marker.utf8)
    guard bytes.count >= needle.count else { return nil }
    for start in 0...(bytes.count - needle.count) where bytes[start..<(start + needle.count)].elementsEqual(needle) {
        return start + needle.count
    }
    return nil
}
