import PeerWire
import WireCore

extension FuzzTargets {
    /// `FuzzPeerWireStream`: the incremental BitTorrent framer, fed in chunks the input chooses
    /// (see ``ChunkPlan``).
    ///
    /// Invariants:
    /// - fed in chunks, draining ``PeerFrameDecoder/next()`` after each, the framer yields the
    ///   same messages, the same error and the same end state as fed the stream whole;
    /// - after draining, it holds no more than `maxFrameSize + 4` bytes plus the last chunk;
    /// - once failed it stays failed: the same error again, new bytes ignored;
    /// - without an error, the messages' frames are the consumed bytes, byte for byte;
    /// - each message decodes again from its own id and payload (``PeerMessage/decode(id:payload:offset:)``);
    /// - an extended message's payload decodes as an extended handshake (id 0) or ut_pex (other
    ///   ids) without trapping, with offsets inside the payload.
    public static func peerWireStream(_ bytes: UnsafeRawBufferPointer) {
        let plan = ChunkPlan(bytes)
        let make = { plan.maxFrameSize.map { PeerFrameDecoder(maxFrameSize: $0) } ?? PeerFrameDecoder() }

        var whole = make()
        whole.append(plan.stream)
        let expected = drain(&whole)

        var chunked = make()
        var messages: [PeerMessage] = []
        var failure: ParseError?
        for chunk in plan.chunks {
            chunked.append(plan.stream[chunk])
            let got = drain(&chunked)
            messages += got.messages
            if let error = got.error { failure = error; break }
            invariant(chunked.bufferedByteCount <= chunked.maxFrameSize + 4 + chunk.count, "the framer's buffer stays bounded",
                      "\(chunked.bufferedByteCount) bytes held")
        }
        invariant(messages == expected.messages, "chunked and whole framing yield the same messages")
        invariant(failure == expected.error, "chunked and whole framing fail alike", "\(String(describing: failure)) vs \(String(describing: expected.error))")
        invariant(chunked.error == whole.error && chunked.hasPartialFrame == whole.hasPartialFrame, "chunked and whole framing end alike")

        if let error = failure {
            chunked.append([0, 0, 0, 0])
            invariant(outcome { () throws(ParseError) in try chunked.next() } == .failure(error), "a failed framer stays failed")
            invariant(chunked.bufferedByteCount == 0, "a failed framer ignores new bytes")
            invariant(error.offset >= 0 && error.offset <= plan.stream.count, "framer error offsets lie in the stream")
        } else {
            invariant(whole.streamOffset + whole.bufferedByteCount == plan.stream.count, "the framer accounts for every byte")
            let frames = messages.flatMap { $0.frame }
            invariant(frames.elementsEqual(plan.stream.prefix(whole.streamOffset)), "the messages' frames are the consumed bytes")
        }

        for message in expected.messages {
            guard let id = message.id else { continue }
            let again = outcome { () throws(ParseError) in try PeerMessage.decode(id: id, payload: message.payload) }
            invariant(again == .success(message), "a message decodes from its own id and payload", message.typeName)
        }
        invariant(expected.messages.allSatisfy { ($0.id == nil) == ($0.typeName == "keep_alive") }, "only keep-alive has no message id")

        for case .extended(let id, let payload) in expected.messages {
            if id == 0 {
                if case .failure(let error) = outcome({ () throws(ParseError) in try ExtendedHandshake.decode(payload) }) {
                    invariant((0...payload.count).contains(error.offset), "extended handshake error offsets lie in the payload")
                }
            } else if case .failure(let error) = outcome({ () throws(ParseError) in try UTPexMessage.decode(payload) }) {
                invariant((0...payload.count).contains(error.offset), "ut_pex error offsets lie in the payload")
            }
        }
    }

    /// Takes every message the framer has, up to its first error.
    private static func drain(_ decoder: inout PeerFrameDecoder) -> (messages: [PeerMessage], error: ParseError?) {
        var messages: [PeerMessage] = []
        while true {
            switch outcome({ () throws(ParseError) in try decoder.next() }) {
            case .success(let message?): messages.append(message)
            case .success(nil): return (messages, nil)
            case .failure(let error): return (messages, error)
            }
        }
    }
}
