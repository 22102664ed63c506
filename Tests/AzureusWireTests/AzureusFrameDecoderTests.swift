import AzureusWire
import PeerWire
import Testing
import WireCore

@Suite struct AzureusFrameDecoderTests {
    /// A stream of frames of every shape: known ids, an unknown id, versions 0–2, payloads of 0 to 300 bytes.
    static let frames: [AzureusFrame] = [
        AzureusFrame(messageID: .btKeepAlive),
        AzureusFrame(messageID: .btHave, payload: [0, 0, 0, 9]),
        AzureusFrame(messageID: .azPeerExchange, version: 2, payload: Array(repeating: 0x61, count: 300)),
        AzureusFrame(messageID: .unknown(Array("AZ_HAVE".utf8)), version: 0, payload: [1, 2, 3]),
        AzureusFrame(messageID: .btChoke),
    ]
    static let stream = frames.flatMap(\.encoded)

    private static func drain(_ decoder: inout AzureusFrameDecoder) throws(ParseError) -> [AzureusFrame] {
        var out: [AzureusFrame] = []
        while let frame = try decoder.next() { out.append(frame.value) }
        return out
    }

    @Test func encodedLayout() {
        let frame = AzureusFrame(messageID: .btHave, payload: [0, 0, 0, 9])
        // length 4 + 7 + 1 + 4 = 16, id length 7, "BT_HAVE", version 1, payload.
        #expect(frame.encoded == [0, 0, 0, 16, 0, 0, 0, 7] + Array("BT_HAVE".utf8) + [1, 0, 0, 0, 9])
    }

    @Test func wholeStreamInOneChunk() throws {
        var decoder = AzureusFrameDecoder()
        decoder.append(Self.stream)
        #expect(try Self.drain(&decoder) == Self.frames)
        #expect(decoder.streamOffset == Self.stream.count)
        #expect(!decoder.hasPartialFrame)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func byteAtATime() throws {
        var decoder = AzureusFrameDecoder()
        var out: [AzureusFrame] = []
        for byte in Self.stream {
            decoder.append(CollectionOfOne(byte))
            out += try Self.drain(&decoder)
            #expect(decoder.bufferedByteCount <= 4 + 8 + 16 + 1 + 300)
        }
        #expect(out == Self.frames)
    }

    /// Every split of the stream into two chunks decodes the same frames.
    @Test func splitAtEveryPosition() throws {
        for split in 0...Self.stream.count {
            var decoder = AzureusFrameDecoder()
            decoder.append(Self.stream[..<split])
            var out = try Self.drain(&decoder)
            #expect(decoder.hasPartialFrame == !Self.frameBoundaries.contains(split), "split \(split)")
            decoder.append(Self.stream[split...])
            out += try Self.drain(&decoder)
            #expect(out == Self.frames, "split \(split)")
        }
    }

    /// Every split of the stream into three chunks.
    @Test func splitAtEveryPairOfPositions() throws {
        let n = Self.stream.count
        for first in stride(from: 0, through: n, by: 7) {
            for second in first...n {
                var decoder = AzureusFrameDecoder()
                decoder.append(Self.stream[..<first])
                var out = try Self.drain(&decoder)
                decoder.append(Self.stream[first..<second])
                out += try Self.drain(&decoder)
                decoder.append(Self.stream[second...])
                out += try Self.drain(&decoder)
                #expect(out == Self.frames, "splits \(first), \(second)")
            }
        }
    }

    static let frameBoundaries: Set<Int> = {
        var offsets: Set<Int> = [0]
        var total = 0
        for frame in frames {
            total += frame.encoded.count
            offsets.insert(total)
        }
        return offsets
    }()

    @Test func manyFramesPerChunkDrainedSlowly() throws {
        var decoder = AzureusFrameDecoder()
        let count = 2_000
        for _ in 0..<count { decoder.append(Self.stream) }
        var taken = 0
        while let frame = try decoder.next() {
            #expect(frame.value == Self.frames[taken % Self.frames.count])
            taken += 1
            if taken % 3 == 0 { decoder.append([UInt8]()) }
        }
        #expect(taken == count * Self.frames.count)
        #expect(decoder.streamOffset == count * Self.stream.count)
    }

    @Test func frameTooLargeAsSoonAsTheLengthArrives() {
        var decoder = AzureusFrameDecoder(maxFrameSize: 100)
        decoder.append(Self.frames[1].encoded)
        decoder.append([0, 0, 0])
        #expect(decoder.hasPartialFrame)
        decoder.append([101])
        // Nothing of the body was needed: the error is known from the 4 length bytes.
        #expect(decoder.bufferedByteCount == Self.frames[1].encoded.count)
        decoder.append(Array(repeating: 0, count: 10_000))
        #expect(decoder.bufferedByteCount == Self.frames[1].encoded.count)
        #expect((try? decoder.next())??.value == Self.frames[1])
        let error = parseError { () throws(ParseError) in try decoder.next() }
        #expect(error?.code == .frameTooLarge)
        #expect(error?.offset == Self.frames[1].encoded.count)
    }

    @Test func defaultMaxFrameSizeIsOneMiB() {
        #expect(AzureusFrameDecoder().maxFrameSize == 1 << 20)
        var decoder = AzureusFrameDecoder()
        decoder.append([0, 0x10, 0, 0, 0, 0, 0, 0])
        #expect(parseError { () throws(ParseError) in try decoder.next() } == nil)
        var over = AzureusFrameDecoder()
        over.append([0, 0x10, 0, 1])
        #expect(parseError { () throws(ParseError) in try over.next() }?.code == .frameTooLarge)
    }

    @Test(arguments: [0, 1, 4] as [UInt8])
    func frameTooShort(length: UInt8) {
        var decoder = AzureusFrameDecoder()
        decoder.append(Self.frames[0].encoded + [0, 0, 0, length])
        #expect((try? decoder.next())??.value == Self.frames[0])
        let error = parseError { () throws(ParseError) in try decoder.next() }
        #expect(error?.code == .frameTooShort)
        #expect(error?.offset == Self.frames[0].encoded.count)
    }

    @Test func idLengthTooLargeAsSoonAsItArrives() {
        var decoder = AzureusFrameDecoder()
        // Length 20 leaves 15 bytes for the id; id length 16 is one too many.
        decoder.append([0, 0, 0, 20, 0, 0, 0, 16])
        let error = parseError { () throws(ParseError) in try decoder.next() }
        #expect(error?.code == .idLengthTooLarge)
        #expect(error?.offset == 4)
    }

    @Test func idLengthFillingTheWholeFrameIsAccepted() throws {
        // Length 20: 4 bytes of id length, a 15-byte id, the version byte, no payload.
        var decoder = AzureusFrameDecoder()
        decoder.append([0, 0, 0, 20, 0, 0, 0, 15] + Array("ABCDEFGHIJKLMNO".utf8) + [1])
        let frame = try #require(try decoder.next())
        #expect(frame.value == AzureusFrame(messageID: .unknown(Array("ABCDEFGHIJKLMNO".utf8)), payload: []))
    }

    @Test func idLengthNearUInt32MaxDoesNotTrap() {
        var decoder = AzureusFrameDecoder()
        decoder.append([0, 0, 0, 9, 0xff, 0xff, 0xff, 0xff, 0])
        #expect(parseError { () throws(ParseError) in try decoder.next() }?.code == .idLengthTooLarge)
    }

    @Test(arguments: ParseMode.allCases)
    func unknownIDIsAWarningInEveryMode(mode: ParseMode) throws {
        var decoder = AzureusFrameDecoder(mode: mode)
        decoder.append(Self.frames[0].encoded + wire("AZ_HAVE", [1]))
        _ = try decoder.next()
        let frame = try #require(try decoder.next())
        #expect(frame.value.messageID == .unknown(Array("AZ_HAVE".utf8)))
        #expect(frame.warnings.map(\.code) == [.unknownMessageID])
        #expect(frame.warnings.first?.offset == Self.frames[0].encoded.count + 8)
    }

    @Test(arguments: [0, 1, 2] as [UInt8])
    func supportedVersions(version: UInt8) throws {
        var decoder = AzureusFrameDecoder(mode: .strict)
        decoder.append(wire("BT_CHOKE", version: version))
        let frame = try #require(try decoder.next())
        #expect(frame.value.version == version)
        #expect(frame.warnings.isEmpty)
    }

    @Test(arguments: [3, 0x0f, 0x11, 0x21] as [UInt8])
    func unsupportedVersion(version: UInt8) throws {
        let bytes = Self.frames[1].encoded + wire("BT_CHOKE", version: version)
        let versionOffset = Self.frames[1].encoded.count + 8 + "BT_CHOKE".utf8.count

        var lenient = AzureusFrameDecoder(mode: .lenient)
        lenient.append(bytes)
        _ = try lenient.next()
        let frame = try #require(try lenient.next())
        #expect(frame.value.version == version)
        #expect(frame.warnings.map(\.code) == [.unsupportedVersion])
        #expect(frame.warnings.map(\.offset) == [versionOffset])

        var strict = AzureusFrameDecoder(mode: .strict)
        strict.append(bytes)
        _ = try strict.next()
        let error = parseError { () throws(ParseError) in try strict.next() }
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.offset == versionOffset)
    }

    @Test func staysFailedAfterAnError() {
        var decoder = AzureusFrameDecoder()
        decoder.append([0, 0, 0, 2])
        let first = parseError { () throws(ParseError) in try decoder.next() }
        #expect(first?.code == .frameTooShort)
        decoder.append(Self.stream)
        #expect(decoder.error == first)
        #expect(parseError { () throws(ParseError) in try decoder.next() } == first)
        #expect(parseError { () throws(ParseError) in try decoder.nextMessage() } == first)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func payloadErrorFailsTheDecoderAtItsStreamOffset() {
        var decoder = AzureusFrameDecoder()
        let first = Self.frames[0].encoded
        decoder.append(first + wire("BT_HAVE", [0, 0, 7]) + Self.stream)
        #expect((try? decoder.nextMessage())??.value == .bt(.keepAlive))
        let error = parseError { () throws(ParseError) in try decoder.nextMessage() }
        #expect(error?.code == .badPayloadLength)
        #expect(error?.offset == first.count + 8 + 7 + 1)
        #expect(parseError { () throws(ParseError) in try decoder.next() } == error)
    }

    @Test func wholeFrameDecodeRejectsTruncationAndWarnsOnTrailingBytes() throws {
        let bytes = wire("BT_CHOKE")
        let truncated = parseError { () throws(ParseError) in try AzureusFrame.decode(bytes.dropLast()) }
        #expect(truncated?.code == .unexpectedEOF)
        #expect(truncated?.offset == bytes.count - 1)
        let lenient = try AzureusFrame.decode(bytes + [0])
        #expect(lenient.value == AzureusFrame(messageID: .btChoke))
        #expect(lenient.warnings.map(\.code) == [.trailingData])
        #expect(parseError { () throws(ParseError) in try AzureusFrame.decode(bytes + [0], mode: .strict) }?.offset == bytes.count)
    }

    /// BiglyBT's version-and-flags byte: version 2, flag 0x01, a padding length and padding.
    @Test func biglyBTPaddingIsSkipped() throws {
        let frame = AzureusFrame(messageID: .btHave, version: 0x12, padding: [0, 0, 0], payload: [0, 0, 0, 5])
        let bytes = frame.encoded
        #expect(bytes == [0, 0, 0, 21, 0, 0, 0, 7] + Array("BT_HAVE".utf8) + [0x12, 0, 3, 0, 0, 0, 0, 0, 0, 5])
        #expect(frame.versionNumber == 2 && frame.flags == 1 && frame.hasPadding && frame.headerSize == 8 + 7 + 1 + 2 + 3)

        var lenient = AzureusFrameDecoder()
        lenient.append(bytes)
        let message = try #require(try lenient.nextMessage())
        #expect(message.value == .bt(.have(pieceIndex: 5)))
        #expect(message.warnings.map(\.code) == [.versionFlags])
        #expect(message.warnings.map(\.offset) == [15])
        #expect(try AzureusFrame.decode(bytes).value == frame)

        var strict = AzureusFrameDecoder(mode: .strict)
        strict.append(bytes)
        let error = parseError { () throws(ParseError) in try strict.next() }
        #expect(error?.code == .versionFlags)
        #expect(error?.offset == 15)
    }

    @Test func flagsWithoutPadding() throws {
        let frame = AzureusFrame(messageID: .btChoke, version: 0x22)
        #expect(frame.encoded.count == 8 + 8 + 1)
        let decoded = try AzureusFrame.decode(frame.encoded)
        #expect(decoded.value == frame)
        #expect(decoded.value.flags == 2 && !decoded.value.hasPadding)
    }

    @Test(arguments: [[], [0], [0, 2, 0]] as [[UInt8]])
    func badPaddingLength(afterVersion: [UInt8]) {
        let body = [0, 0, 0, 8] + Array("BT_CHOKE".utf8) + [0x12] + afterVersion
        var decoder = AzureusFrameDecoder()
        decoder.append([0, 0, 0, UInt8(body.count)] + body)
        let error = parseError { () throws(ParseError) in try decoder.next() }
        #expect(error?.code == .badPaddingLength)
        #expect(error?.offset == 4 + 4 + 8 + 1)
    }

    /// A frame of exactly the default limit, one byte at a time: accepted, and the buffer never
    /// holds more than the frame (a decoder that copied its buffer per byte would not finish).
    @Test func largestFrameByteAtATime() throws {
        let id = AzureusMessageID.btPiece
        let payloadSize = AzureusFrameDecoder.defaultMaxFrameSize - (4 + id.encoded.count + 1)
        let frame = AzureusFrame(messageID: id, payload: [0, 0, 0, 1, 0, 0, 0, 0] + Array(repeating: 7, count: payloadSize - 8))
        let bytes = frame.encoded
        #expect(bytes.count == AzureusFrameDecoder.defaultMaxFrameSize + 4)
        var decoder = AzureusFrameDecoder()
        var out: [AzureusFrame] = []
        for byte in bytes {
            decoder.append(CollectionOfOne(byte))
            if let next = try decoder.next() { out.append(next.value) }
        }
        #expect(out == [frame])
        #expect(decoder.bufferedByteCount == 0)
    }
}
