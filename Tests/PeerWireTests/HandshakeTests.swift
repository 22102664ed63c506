import PeerWire
import Testing
import WireCore

@Suite struct HandshakeTests {
    static let infoHash = Array(UInt8(100)..<120)
    static let peerID = Array("-PX0001-abcdefghijkl".utf8)

    static func sample(_ reserved: ReservedBits = .transmission) throws -> Handshake {
        try #require(Handshake(reserved: reserved, infoHash: infoHash, peerID: peerID))
    }

    @Test func reservedBitPositions() {
        #expect(ReservedBits.extensionProtocol.encoded == [0, 0, 0, 0, 0, 0x10, 0, 0])
        #expect(ReservedBits.dht.encoded == [0, 0, 0, 0, 0, 0, 0, 0x01])
        #expect(ReservedBits.fast.encoded == [0, 0, 0, 0, 0, 0, 0, 0x04])
        #expect(ReservedBits.azureusMessaging.encoded == [0x80, 0, 0, 0, 0, 0, 0, 0])
        #expect(Hex.encode(ReservedBits.libtorrent.encoded) == "0000000000100005")
        #expect(Hex.encode(ReservedBits.transmission.encoded) == "0000000000100004")
        #expect(ReservedBits(byte: 8, mask: 0xff).isEmpty)
        #expect(ReservedBits(bytes: [1, 2, 3]) == nil)
    }

    @Test func unknownBitsAreKept() throws {
        let bits = try #require(ReservedBits(bytes: [0x01, 0, 0x40, 0, 0, 0x10, 0x02, 0x05]))
        #expect(bits.contains(.extensionProtocol) && bits.contains(.dht) && bits.contains(.fast))
        #expect(!bits.contains(.azureusMessaging))
        let parsed = try Handshake(parsing: try Self.sample(bits).encoded)
        #expect(parsed.reserved.encoded == [0x01, 0, 0x40, 0, 0, 0x10, 0x02, 0x05])
        #expect(bits.description == "[extension_protocol, fast, dht, 0x100400000000200]")
    }

    @Test func buildThenParse() throws {
        let handshake = try Self.sample()
        let bytes = handshake.encoded
        #expect(bytes.count == 68)
        #expect(Array(bytes.prefix(20)) == [19] + Array("BitTorrent protocol".utf8))
        let parsed = try Handshake(parsing: bytes)
        #expect(parsed == handshake)
        #expect(parsed.supportsExtensionProtocol)
        #expect(parsed.infoHash == Self.infoHash && parsed.peerID == Self.peerID)
    }

    @Test func wrongFieldLengthsBuildNothing() {
        #expect(Handshake(reserved: [], infoHash: Self.infoHash.dropLast(), peerID: Self.peerID) == nil)
        #expect(Handshake(reserved: [], infoHash: Self.infoHash, peerID: Self.peerID + [0]) == nil)
    }

    /// A stream reader parses the handshake and leaves the frames after it alone; a standalone
    /// decode reports them as trailing data.
    @Test func followingBytes() throws {
        let bytes = try Self.sample().encoded + [0, 0, 0, 0]
        #expect(try Handshake(parsing: bytes) == Self.sample())
        let decoded = try Handshake.decode(bytes, mode: .lenient)
        #expect(decoded.warnings.map(\.diagnostic) == [.init(.trailingData, offset: 68)])
        expectParseError(.trailingData, at: 68) { try Handshake.decode(bytes, mode: .strict) }
    }

    @Test func everyTruncation() throws {
        let bytes = try Self.sample().encoded
        for length in 0..<68 {
            expectParseError(.unexpectedEOF, at: length) { try Handshake(parsing: bytes.prefix(length)) }
        }
    }

    @Test func everyWrongProtocolByte() throws {
        let bytes = try Self.sample().encoded
        for offset in 0..<20 {
            var wrong = bytes
            wrong[offset] ^= 0x20
            expectParseError(.badProtocol, at: offset) { try Handshake(parsing: wrong) }
            // Reported as soon as the wrong byte is present, before the buffer is long enough.
            expectParseError(.badProtocol, at: offset) { try Handshake(parsing: wrong.prefix(offset + 1)) }
        }
    }

    /// Offsets count from the start of the collection handed in, not from index 0 of its base.
    @Test func sliceOffsets() throws {
        let buffer = Array(repeating: UInt8(0xee), count: 10) + (try Self.sample().encoded)
        let slice = buffer[10..<40]
        expectParseError(.unexpectedEOF, at: 30) { try Handshake(parsing: slice) }
        #expect(try Handshake(parsing: buffer[10...]) == Self.sample())
    }
}
