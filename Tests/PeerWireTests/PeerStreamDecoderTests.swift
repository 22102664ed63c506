import PeerWire
import Testing
import WireCore

@Suite struct PeerStreamDecoderTests {
    static let handshake = try! HandshakeTests.sample()
    static let frames: [UInt8] = PeerMessage.interested.encoded + PeerMessage.have(pieceIndex: 7).encoded + PeerMessage.keepAlive.encoded
    static let stream = handshake.encoded + frames

    @Test func handshakeFirstThenFramesInEveryChunking() {
        let bytes = Self.stream[...]
        let whole = StreamRun([bytes])
        #expect(whole.outputs == [.handshake(Self.handshake), .frame(.interested), .frame(.have(pieceIndex: 7)), .frame(.keepAlive)])
        #expect(whole.error == nil && !whole.partial && whole.buffered == 0)
        for split in 0...bytes.count {
            #expect(StreamRun([bytes[..<split], bytes[split...]]) == whole, "split at \(split)")
        }
        #expect(StreamRun(bytes.indices.map { bytes[$0...$0] }) == whole, "byte at a time")
    }

    @Test func aCutHandshakeIsAPartialFrame() {
        let run = StreamRun([Self.stream[..<30]])
        #expect(run.outputs.isEmpty && run.error == nil && run.partial && run.buffered == 30)
    }

    @Test func aBadProtocolFailsAsSoonAsItsByteIsIn() {
        var bytes = Self.stream
        bytes[3] = UInt8(ascii: "x")
        // Only 4 bytes in: the fourth is already wrong.
        let early = StreamRun([bytes[..<4]])
        #expect(early.error?.code == .badProtocol && early.error?.offset == 3)
        #expect(StreamRun([bytes[...]]) == early)
    }

    /// Frame errors are reported at stream offsets: the handshake's 68 bytes are counted.
    @Test func frameErrorsCountTheHandshake() {
        let bytes = Self.handshake.encoded + [0, 0, 0, 3, 4, 0, 0]
        let run = StreamRun([bytes[...]])
        #expect(run.outputs == [.handshake(Self.handshake)])
        #expect(run.error?.code == .badPayloadLength && run.error?.offset == 68 + 5)
        let tooLarge = StreamRun([(Self.handshake.encoded + [0, 0, 1, 0])[...]], maxFrameSize: 16)
        #expect(tooLarge.error?.code == .frameTooLarge && tooLarge.error?.offset == 68)
    }

    @Test func aFailedDecoderStaysFailed() throws {
        var decoder = PeerStreamDecoder()
        decoder.append([18])
        #expect(throws: ParseError(.badProtocol, at: 0, "pstrlen is 18, expected 19")) { try decoder.next() }
        decoder.append(Self.stream)
        #expect(decoder.bufferedByteCount == 0 && !decoder.hasPartialFrame)
        #expect(throws: decoder.error!) { try decoder.next() }
    }

    @Test func withoutAHandshakeItIsTheFramer() throws {
        var decoder = PeerStreamDecoder(expectsHandshake: false)
        decoder.append(Self.frames)
        #expect(decoder.isPastHandshake)
        #expect(try decoder.next() == .frame(.interested))
        #expect(decoder.streamOffset == 5)
    }
}
