import PeerWire
import WireCore

extension FuzzTargets {
    /// `FuzzPeerWireStream`: the incremental BitTorrent stream decoder (``PeerStreamDecoder``:
    /// the handshake, then ``PeerFrameDecoder``'s frames), fed in chunks the input chooses (see
    /// ``ChunkPlan``; its mode bit says whether the stream starts with the 68-byte handshake).
    ///
    /// Invariants:
    /// - fed in chunks, draining ``PeerStreamDecoder/next()`` after each, the decoder yields the
    ///   same events, the same error and the same end state as fed the stream whole;
    /// - after draining, it holds no more than `max(maxFrameSize + 4, 68)` bytes plus the last chunk;
    /// - once failed it stays failed: the same error again, new bytes ignored;
    /// - without an error, the handshake's bytes and the messages' frames are the consumed bytes,
    ///   byte for byte;
    /// - each message decodes again from its own id and payload (``PeerMessage/decode(id:payload:offset:)``);
    /// - an extended message's payload decodes as an extended handshake (id 0) or ut_pex (other
    ///   ids) without trapping, with offsets inside the payload.
    public static func peerWireStream(_ bytes: UnsafeRawBufferPointer) {
        let plan = ChunkPlan(bytes)
        let expectsHandshake = plan.startsWithHandshake
        let maxFrameSize = plan.maxFrameSize ?? PeerFrameDecoder.defaultMaxFrameSize
        let make = { PeerStreamDecoder(maxFrameSize: maxFrameSize, expectsHandshake: expectsHandshake) }

        var whole = make()
        whole.append(plan.stream)
        let expected = drain(&whole)

        var chunked = make()
        var events: [PeerStreamDecoder<PeerFrameDecoder>.Event] = []
        var failure: ParseError?
        for chunk in plan.chunks {
            chunked.append(plan.stream[chunk])
            let got = drain(&chunked)
            events += got.events
            if let error = got.error { failure = error; break }
            invariant(chunked.bufferedByteCount <= max(maxFrameSize + 4, Handshake.length) + chunk.count, "the decoder's buffer stays bounded",
                      "\(chunked.bufferedByteCount) bytes held")
        }
        invariant(events == expected.events, "chunked and whole decoding yield the same events")
        invariant(failure == expected.error, "chunked and whole decoding fail alike", "\(String(describing: failure)) vs \(String(describing: expected.error))")
        invariant(chunked.error == whole.error && chunked.hasPartialFrame == whole.hasPartialFrame, "chunked and whole decoding end alike")
        invariant(!expectsHandshake || events.isEmpty || events.first.map(isHandshake) == true, "a stream with a handshake starts with it")
        invariant(events.dropFirst(expectsHandshake ? 1 : 0).allSatisfy { !isHandshake($0) }, "only the first event is a handshake")

        if let error = failure {
            chunked.append([0, 0, 0, 0])
            invariant(outcome { () throws(ParseError) in try chunked.next() } == .failure(error), "a failed decoder stays failed")
            invariant(chunked.bufferedByteCount == 0, "a failed decoder ignores new bytes")
            invariant(error.offset >= 0 && error.offset <= plan.stream.count, "stream error offsets lie in the stream")
        } else {
            invariant(whole.streamOffset + whole.bufferedByteCount == plan.stream.count, "the decoder accounts for every byte")
            let written = events.flatMap { event -> [UInt8] in
                switch event {
                case .handshake(let handshake): handshake.encoded
                case .frame(let message): message.encoded
                }
            }
            invariant(written.elementsEqual(plan.stream.prefix(whole.streamOffset)), "the events' bytes are the consumed bytes")
        }

        let messages = expected.events.compactMap { event -> PeerMessage? in
            if case .frame(let message) = event { return message }
            return nil
        }
        for message in messages {
            guard let id = message.id else { continue }
            let again = outcome { () throws(ParseError) in try PeerMessage.decode(id: id, payload: message.payload) }
            invariant(again == .success(message), "a message decodes from its own id and payload", message.typeName)
        }
        invariant(messages.allSatisfy { ($0.id == nil) == ($0.typeName == "keep_alive") }, "only keep-alive has no message id")

        for case .extended(let id, let payload) in messages {
            if id == 0 {
                if case .failure(let error) = outcome({ () throws(ParseError) in try ExtendedHandshake.decode(payload) }) {
                    invariant((0...payload.count).contains(error.offset), "extended handshake error offsets lie in the payload")
                }
            } else if case .failure(let error) = outcome({ () throws(ParseError) in try UTPexMessage.decode(payload) }) {
                invariant((0...payload.count).contains(error.offset), "ut_pex error offsets lie in the payload")
            }
        }
    }

    private static func isHandshake(_ event: PeerStreamDecoder<PeerFrameDecoder>.Event) -> Bool {
        if case .handshake = event { return true }
        return false
    }

    /// Takes every event the decoder has, up to its first error.
    private static func drain(
        _ decoder: inout PeerStreamDecoder<PeerFrameDecoder>
    ) -> (events: [PeerStreamDecoder<PeerFrameDecoder>.Event], error: ParseError?) {
        var events: [PeerStreamDecoder<PeerFrameDecoder>.Event] = []
        while true {
            switch outcome({ () throws(ParseError) in try decoder.next() }) {
            case .success(let event?): events.append(event)
            case .success(nil): return (events, nil)
            case .failure(let error): return (events, error)
            }
        }
    }
}
