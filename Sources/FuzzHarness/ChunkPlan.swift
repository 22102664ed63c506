import WireCore

/// How a stream target feeds its input to an incremental decoder, read from the input itself so
/// that libFuzzer mutates the chunking along with the bytes.
///
/// Layout: one header byte `h`, then `h & 7` chunk sizes (one byte each), then the stream.
/// - `h & 8`: strict mode (lenient when clear), for decoders that have modes; for the peer wire
///   stream, which has none, a stream that starts with the 68-byte handshake;
/// - `h >> 4`: the decoder's maximum frame size, 0 for its default, `k` for `2^k` bytes;
/// - chunk sizes are used in turn until the stream is consumed; a 0 appends an empty chunk. No
///   size, or only zeros, means one byte at a time.
struct ChunkPlan {
    let mode: ParseMode
    /// nil for the decoder's default.
    let maxFrameSize: Int?
    /// The bytes to decode.
    let stream: Slice<UnsafeRawBufferPointer>
    /// Consecutive ranges of `stream`'s indices covering it, empty ones included.
    let chunks: [Range<Int>]

    /// `h & 8` read by a decoder without modes (the peer wire stream): the stream starts with the
    /// 68-byte handshake.
    var startsWithHandshake: Bool { mode == .strict }

    init(_ input: UnsafeRawBufferPointer) {
        guard let header = input.first else {
            mode = .lenient
            maxFrameSize = nil
            stream = input[0..<0]
            chunks = []
            return
        }
        let sizeCount = min(Int(header & 7), input.count - 1)
        mode = header & 8 != 0 ? .strict : .lenient
        maxFrameSize = header >> 4 == 0 ? nil : 1 << Int(header >> 4)
        var sizes = input[1..<(1 + sizeCount)].map(Int.init)
        if sizes.allSatisfy({ $0 == 0 }) { sizes = [1] }
        stream = input[(1 + sizeCount)...]
        var chunks: [Range<Int>] = []
        var start = stream.startIndex
        var turn = 0
        while start < stream.endIndex {
            let end = min(start + sizes[turn % sizes.count], stream.endIndex)
            chunks.append(start..<end)
            start = end
            turn += 1
        }
        self.chunks = chunks
    }
}
