import AzureusWire
import PeerWire
import Testing
import WireCore

@Suite struct AzureusMessageTests {
    /// Every message Azureus framing carries as BT_*: the same values the standard framer decodes.
    static let btMessages: [(AzureusMessageID, PeerMessage)] = [
        (.btKeepAlive, .keepAlive),
        (.btChoke, .choke),
        (.btUnchoke, .unchoke),
        (.btInterested, .interested),
        (.btUninterested, .notInterested),
        (.btHave, .have(pieceIndex: 0x0102_0304)),
        (.btBitfield, .bitfield([0xff, 0x01])),
        (.btRequest, .request(index: 1, begin: 2, length: 16384)),
        (.btPiece, .piece(index: 3, begin: 4, block: [9, 8, 7])),
        (.btCancel, .cancel(index: 5, begin: 6, length: 16384)),
    ]

    @Test(arguments: btMessages.indices)
    func btMessageRoundTrip(_ index: Int) throws {
        let (id, message) = Self.btMessages[index]
        let frame = try #require(AzureusMessage.bt(message).frame())
        #expect(frame.messageID == id)
        #expect(frame.version == 1)
        // The payload is the standard message's, without its length and id byte.
        let standard = message.encoded
        #expect(frame.payload == Array(standard.dropFirst(message == .keepAlive ? 4 : 5)))

        var decoder = AzureusFrameDecoder(mode: .strict)
        decoder.append(frame.encoded)
        let decoded = try #require(try decoder.nextMessage())
        #expect(decoded.value == .bt(message))
        #expect(decoded.warnings.isEmpty)
    }

    /// An empty BT_BITFIELD and a BT_PIECE with no block: warnings in lenient mode, errors in
    /// strict mode, at the payload's first byte and the block's place in the stream.
    @Test func emptyBitfieldAndBlocklessPieceAreStrictErrors() throws {
        for (message, code, at) in [(PeerMessage.bitfield([]), ParseError.Code.emptyBitfield, 0), (.piece(index: 3, begin: 4, block: []), .emptyBlock, 8)] {
            let frame = try #require(AzureusMessage.bt(message).frame())
            let payloadStart = frame.encoded.count - frame.payload.count
            var lenient = AzureusFrameDecoder(mode: .lenient)
            lenient.append(frame.encoded)
            let decoded = try #require(try lenient.nextMessage())
            #expect(decoded.value == .bt(message))
            #expect(decoded.warnings.map(\.code) == [code] && decoded.warnings.first?.offset == payloadStart + at)
            var strict = AzureusFrameDecoder(mode: .strict)
            strict.append(frame.encoded)
            let error = #expect(throws: ParseError.self) { try strict.nextMessage() }
            #expect(error?.code == code && error?.offset == payloadStart + at)
        }
    }

    @Test(arguments: [AzureusMessageID.btChoke, .btUnchoke, .btInterested, .btUninterested])
    func emptyMessagesRejectAPayload(_ id: AzureusMessageID) {
        let bytes = AzureusFrame(messageID: id, payload: [0]).encoded
        var decoder = AzureusFrameDecoder()
        decoder.append(bytes)
        let error = parseError { () throws(ParseError) in try decoder.nextMessage() }
        #expect(error?.code == .badPayloadLength)
        #expect(error?.offset == 8 + id.encoded.count + 1)
    }

    @Test(arguments: [(AzureusMessageID.btHave, 3), (.btHave, 5), (.btRequest, 11), (.btCancel, 13), (.btPiece, 7), (.btKeepAlive, 1)])
    func wrongPayloadLengths(_ id: AzureusMessageID, _ length: Int) {
        for mode in ParseMode.allCases {
            let frame = AzureusFrame(messageID: id, payload: Array(repeating: 0, count: length))
            let error = parseError { () throws(ParseError) in try AzureusMessage.decode(frame, mode: mode, payloadOffset: 100) }
            #expect(error?.code == .badPayloadLength)
            #expect(error?.offset == 100)
        }
    }

    @Test func standardMessagesWithoutAnAzureusID() {
        #expect(AzureusMessage.bt(.port(6881)).frame() == nil)
        #expect(AzureusMessage.bt(.extended(id: 1, payload: [])).frame() == nil)
        #expect(AzureusMessage.bt(.unknown(id: 3, payload: [])).frame() == nil)
    }

    @Test func everyKnownIDRoundTripsByName() {
        #expect(AzureusMessageID.known.count == 14)
        for id in AzureusMessageID.known {
            #expect(AzureusMessageID(name: id.name) == id)
            #expect(AzureusMessageID(bytes: id.encoded) == id)
            #expect(id.isKnown)
        }
        #expect(Set(AzureusMessageID.known.map(\.name)) == [
            "AZ_HANDSHAKE", "AZ_PEER_EXCHANGE", "BT_KEEP_ALIVE", "BT_CHOKE", "BT_UNCHOKE", "BT_INTERESTED", "BT_UNINTERESTED",
            "BT_HAVE", "BT_BITFIELD", "BT_REQUEST", "BT_PIECE", "BT_CANCEL", "JPC_HELLO", "JPC_REPLY",
        ])
        #expect(AzureusMessageID.known.compactMap(\.standardMessageID) == Array(0...8))
        #expect(!AzureusMessageID(name: "bt_choke").isKnown)
    }

    @Test func handshakeAndPeerExchangeFramesRoundTrip() throws {
        let handshake = AzureusMessage.handshake(AZHandshakeTests.full)
        let exchange = AzureusMessage.peerExchange(AZPeerExchangeTests.full)
        let others: [AzureusMessage] = [.jpcHello([1, 2]), .jpcReply([]), .unknown(id: Array("AZ_HAVE".utf8), payload: [0, 0, 0, 1])]
        var decoder = AzureusFrameDecoder()
        let messages = [handshake, exchange] + others
        for message in messages { decoder.append(try #require(message.frame()).encoded) }
        var out: [AzureusMessage] = []
        while let message = try decoder.nextMessage() { out.append(message.value) }
        #expect(out == messages)
    }

    @Test func payloadWarningsCarryStreamOffsets() throws {
        let payload = AZPeerExchange(infohash: [1, 2, 3], added: [AZPeerExchange.Peer(address: address("1.1.1.1:1"))]).encoded
        let prefix = AzureusFrame(messageID: .btChoke).encoded
        var decoder = AzureusFrameDecoder()
        decoder.append(prefix + AzureusFrame(messageID: .azPeerExchange, payload: payload).encoded)
        _ = try decoder.nextMessage()
        let message = try #require(try decoder.nextMessage())
        let infohashOffset = try #require(valueOffset(of: "infohash", in: payload))
        #expect(message.warnings.map(\.code) == [.badInfohashLength])
        #expect(message.warnings.map(\.offset) == [prefix.count + 8 + "AZ_PEER_EXCHANGE".utf8.count + 1 + infohashOffset])
    }
}
