import AzureusWire
import WireCore

extension FuzzTargets {
    /// `FuzzAzureusStream`: the incremental Azureus framer and its message decoding, fed in
    /// chunks the input chooses (see ``ChunkPlan``, which also picks the mode).
    ///
    /// Invariants:
    /// - fed in chunks, draining ``AzureusFrameDecoder/nextMessage()`` after each, the framer
    ///   yields the same messages and warnings, the same error and the same end state as fed the
    ///   stream whole;
    /// - after draining, it holds no more than `maxFrameSize + 4` bytes plus the last chunk;
    /// - once failed it stays failed: the same error again, new bytes ignored;
    /// - framing only (``AzureusFrameDecoder/next()``), the frames written again
    ///   (``AzureusFrame/encoded``) are the consumed bytes, byte for byte;
    /// - each frame decodes alike on its own (``AzureusFrame/decode(_:mode:maxFrameSize:)``), which
    ///   also reads the stream's first frame and reports the bytes after it as `trailing_data`;
    /// - every warning and error offset lies in the stream;
    /// - each decoded message built again and decoded on its own gives the same message.
    public static func azureusStream(_ bytes: UnsafeRawBufferPointer) {
        let plan = ChunkPlan(bytes)
        let make = {
            plan.maxFrameSize.map { AzureusFrameDecoder(mode: plan.mode, maxFrameSize: $0) } ?? AzureusFrameDecoder(mode: plan.mode)
        }

        var whole = make()
        whole.append(plan.stream)
        let expected = drainMessages(&whole)

        var chunked = make()
        var messages: [Decoded<AzureusMessage>] = []
        var failure: ParseError?
        for chunk in plan.chunks {
            chunked.append(plan.stream[chunk])
            let got = drainMessages(&chunked)
            messages += got.messages
            if let error = got.error { failure = error; break }
            invariant(chunked.bufferedByteCount <= chunked.maxFrameSize + 4 + chunk.count, "the Azureus framer's buffer stays bounded",
                      "\(chunked.bufferedByteCount) bytes held")
        }
        invariant(messages == expected.messages, "chunked and whole Azureus framing yield the same messages")
        invariant(failure == expected.error, "chunked and whole Azureus framing fail alike",
                  "\(String(describing: failure)) vs \(String(describing: expected.error))")
        invariant(chunked.error == whole.error && chunked.hasPartialFrame == whole.hasPartialFrame, "chunked and whole Azureus framing end alike")
        // A warning names where its item starts; an empty payload at the stream's end (an empty
        // BT_BITFIELD as the last frame) starts at the stream's length, as error offsets may.
        for warning in messages.flatMap({ $0.warnings }) {
            invariant(warning.offset >= 0 && warning.offset <= plan.stream.count, "Azureus warning offsets lie in the stream", "\(warning)")
        }
        if let error = failure {
            invariant(error.offset >= 0 && error.offset <= plan.stream.count, "Azureus error offsets lie in the stream", "\(error)")
            chunked.append([0, 0, 0, 5, 0, 0, 0, 0, 1])
            invariant(outcome { () throws(ParseError) in try chunked.nextMessage() } == .failure(error), "a failed Azureus framer stays failed")
            invariant(chunked.bufferedByteCount == 0, "a failed Azureus framer ignores new bytes")
        }

        // Framing alone: the frames written again are the bytes they came from.
        var framer = make()
        framer.append(plan.stream)
        var frames: [UInt8] = []
        var consumed = 0
        var first: Decoded<AzureusFrame>?
        while case .success(let frame?) = outcome({ () throws(ParseError) in try framer.next() }) {
            let encoded = frame.value.encoded
            frames += encoded
            consumed = framer.streamOffset
            first = first ?? frame
            // One frame on its own decodes alike (its warnings then count from its own start).
            let alone = outcome { () throws(ParseError) in try AzureusFrame.decode(encoded, mode: plan.mode) }
            invariant(alone.map { $0.value } == .success(frame.value), "an Azureus frame decodes alike on its own")
            let version = frame.value.versionNumber
            invariant(frame.value.hasVersionFlags ? version == frame.value.version & 0x0f : version == frame.value.version, "versionNumber reads the version byte")
            if frame.value.messageID.isKnown {
                invariant(AzureusMessageID(name: frame.value.messageID.name) == frame.value.messageID, "a known message id reads back from its name")
            }
        }
        invariant(frames.elementsEqual(plan.stream.prefix(consumed)), "Azureus frames written again are the consumed bytes")

        // The single-frame decoder reads the stream's first frame and reports what follows it.
        let single = outcome { () throws(ParseError) in try AzureusFrame.decode(plan.stream, mode: plan.mode, maxFrameSize: framer.maxFrameSize) }
        if let first {
            let trailing = plan.stream.count > first.value.encoded.count
            switch single {
            case .success(let decoded):
                invariant(decoded.value == first.value && decoded.warnings.contains { $0.code == .trailingData } == trailing,
                          "AzureusFrame.decode reads the first frame and warns about the rest")
            case .failure(let error):
                invariant(plan.mode == .strict && trailing && error.code == .trailingData, "AzureusFrame.decode rejects only trailing bytes, in strict mode")
            }
        } else {
            invariant(single.failure != nil, "AzureusFrame.decode fails where the framer finds no frame")
        }

        for message in expected.messages {
            guard let frame = message.value.frame() else { continue }
            let again = outcome { () throws(ParseError) in try AzureusMessage.decode(frame, mode: .lenient, limits: .init(maxPeersPerList: .max)) }
            if case .success(let decoded) = again {
                invariant(decoded.value.rebuiltForm == message.value.rebuiltForm, "an Azureus message built again decodes to itself")
            } else {
                invariant(false, "an Azureus message built again decodes", "\(again)")
            }
        }
    }

    /// Takes every message the framer has, up to its first error.
    private static func drainMessages(_ decoder: inout AzureusFrameDecoder) -> (messages: [Decoded<AzureusMessage>], error: ParseError?) {
        var messages: [Decoded<AzureusMessage>] = []
        while true {
            switch outcome({ () throws(ParseError) in try decoder.nextMessage() }) {
            case .success(let message?): messages.append(message)
            case .success(nil): return (messages, nil)
            case .failure(let error): return (messages, error)
            }
        }
    }
}

extension AzureusMessage {
    /// The message as its builder writes it: payload dictionaries in canonical form.
    var rebuiltForm: AzureusMessage {
        switch self {
        case .handshake(let handshake): return .handshake(handshake.inCanonicalOrder)
        case .peerExchange(let exchange): return .peerExchange(exchange.asBuilt)
        default: return self
        }
    }
}
