import PeerWire
import Testing
import TestSupport
import WireCore

@Suite struct PeerFrameDecoderTests {
    static let streams = DecodeVector.load(.frames)

    /// The stream fed in one chunk is what the fixture test checks through the JSON; every other
    /// chunking must give the same messages and the same error at the same stream offset.
    @Test(arguments: streams)
    func splitAtEveryPosition(_ fixture: DecodeVector) {
        let bytes = fixture.raw[...]
        let whole = FrameRun([bytes])
        #expect(whole.error?.diagnostic == (!whole.partial ? fixture.lenientError : nil), "\(fixture.id)")
        for split in 0...bytes.count {
            let run = FrameRun([bytes[..<split], bytes[split...]])
            #expect(run == whole, "\(fixture.id): split at \(split)")
        }
    }

    @Test(arguments: streams)
    func oneByteAtATime(_ fixture: DecodeVector) {
        let bytes = fixture.raw[...]
        let whole = FrameRun([bytes])
        let run = FrameRun(bytes.indices.map { bytes[$0...$0] })
        #expect(run == whole, "\(fixture.id)")
    }

    /// Every pair of split points of the stream of all message types: three chunks.
    @Test func splitAtEveryPairOfPositions() throws {
        let fixture = try #require(Self.streams.first { $0.id == "frames/all/1" })
        let bytes = fixture.raw[...]
        let whole = FrameRun([bytes])
        #expect(whole.outputs.count == 14)
        for first in 0...bytes.count {
            for second in first...bytes.count {
                let run = FrameRun([bytes[..<first], bytes[first..<second], bytes[second...]])
                if run != whole {
                    Issue.record("splits at \(first) and \(second)")
                    return
                }
            }
        }
    }

    @Test func manyFramesPerChunk() {
        let messages: [PeerMessage] = (0..<500).map { n in
            switch n % 5 {
            case 0: return .keepAlive
            case 1: return .have(pieceIndex: UInt32(n))
            case 2: return .extended(id: UInt8(n % 7), payload: Array(repeating: UInt8(n % 251), count: n % 40))
            case 3: return .request(index: UInt32(n), begin: 16384, length: 16384)
            default: return .piece(index: UInt32(n), begin: 0, block: Array(repeating: 7, count: n % 300))
            }
        }
        let stream = messages.flatMap(\.encoded)
        for chunkSize in [1, 2, 3, 7, 64, 1000, stream.count] {
            let chunks = stride(from: 0, to: stream.count, by: chunkSize).map { stream[$0..<min($0 + chunkSize, stream.count)] }
            let run = FrameRun(chunks)
            #expect(run.outputs == messages, "chunk size \(chunkSize)")
            #expect(run.error == nil && !run.partial)
        }
    }

    /// The length prefix is judged as soon as its 4 bytes are in: nil is never returned for an
    /// oversized frame, and no byte of its body is kept.
    @Test func oversizedFrameRejectedBeforeBody() throws {
        var decoder = PeerFrameDecoder(maxFrameSize: 16)
        decoder.append([0, 0, 0, 0])
        #expect(try decoder.next() == .keepAlive)
        decoder.append([0, 0, 0])
        #expect(try decoder.next() == nil)
        decoder.append([17] + Array(repeating: 0xaa, count: 1000))
        #expect(decoder.bufferedByteCount == 0)
        expectParseError(.frameTooLarge, at: 4) { try decoder.next() }
    }

    @Test func maxFrameSizeIsInclusive() throws {
        var decoder = PeerFrameDecoder(maxFrameSize: 16)
        decoder.append(PeerMessage.bitfield(Array(repeating: 0xff, count: 15)).encoded)
        #expect(try decoder.next() == .bitfield(Array(repeating: 0xff, count: 15)))
        decoder.append(PeerMessage.bitfield(Array(repeating: 0xff, count: 16)).encoded)
        expectParseError(.frameTooLarge, at: 20) { try decoder.next() }
    }

    @Test func defaultMaxFrameSizeIsOneMiB() throws {
        var decoder = PeerFrameDecoder()
        #expect(decoder.maxFrameSize == 1 << 20)
        let block = Array(repeating: UInt8(1), count: (1 << 20) - 9)
        decoder.append(PeerMessage.piece(index: 0, begin: 0, block: block).encoded)
        #expect(try decoder.next() == .piece(index: 0, begin: 0, block: block))
    }

    /// Fed one byte at a time and drained, the buffer never holds more than a frame and its prefix.
    @Test func bufferStaysBounded() throws {
        let maxFrameSize = 300
        var decoder = PeerFrameDecoder(maxFrameSize: maxFrameSize)
        var stream: [UInt8] = []
        for n in 0..<50 {
            stream += PeerMessage.bitfield(Array(repeating: UInt8(n), count: maxFrameSize - 1)).encoded
            stream += PeerMessage.keepAlive.encoded
        }
        var count = 0
        var largest = 0
        for byte in stream {
            decoder.append(CollectionOfOne(byte))
            while try decoder.next() != nil { count += 1 }
            largest = max(largest, decoder.bufferedByteCount)
        }
        #expect(count == 100)
        #expect(largest == maxFrameSize + 4 - 1)
        #expect(decoder.bufferedByteCount == 0)
        #expect(decoder.streamOffset == stream.count)
    }

    @Test func staysFailed() {
        var decoder = PeerFrameDecoder()
        decoder.append([0, 0, 0, 1, 20])
        expectParseError(.extendedTooShort, at: 5) { try decoder.next() }
        decoder.append(PeerMessage.keepAlive.encoded)
        expectParseError(.extendedTooShort, at: 5) { try decoder.next() }
        #expect(decoder.error?.code == .extendedTooShort)
        #expect(!decoder.hasPartialFrame)
    }

    @Test func errorOffsetsAreStreamOffsets() {
        var decoder = PeerFrameDecoder()
        for _ in 0..<1000 { decoder.append(PeerMessage.keepAlive.encoded) }
        decoder.append([0, 0, 0, 3, 4, 0, 0])
        var keepAlives = 0
        expectParseError(.badPayloadLength, at: 4005) {
            while try decoder.next() != nil { keepAlives += 1 }
        }
        #expect(keepAlives == 1000)
    }

    @Test func negativeMaxFrameSizeAcceptsKeepAlivesOnly() throws {
        var decoder = PeerFrameDecoder(maxFrameSize: -5)
        decoder.append([0, 0, 0, 0, 0, 0, 0, 1, 0])
        #expect(try decoder.next() == .keepAlive)
        expectParseError(.frameTooLarge, at: 4) { try decoder.next() }
    }
}
