import WireCore

/// Recovers the frames of one direction of a connection from its bytes fed in arbitrary chunks,
/// knowing from the transcript which framing each next frame uses (a connection starts with the
/// 68-byte handshake and goes on with length-prefixed frames).
///
/// This is the chunking hook of the replay engine: it finds frame boundaries only; what a frame
/// means is the decode kind's business. Both standard and Azureus frames begin with a 4-byte
/// big-endian length of the rest. A length over `maxFrameSize` is an error before anything is
/// buffered, as the framers must do.
struct StreamSplitter {
    enum Output: Equatable {
        case frame([UInt8])
        case error(ParseError)
    }

    private let framings: [TranscriptMessage.Framing]
    private let maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var start = 0
    /// Stream offset of `buffer[0]`, for error offsets.
    private var consumed = 0
    private var next = 0
    private var failed = false

    init(framings: [TranscriptMessage.Framing], maxFrameSize: Int) {
        self.framings = framings
        self.maxFrameSize = maxFrameSize
    }

    /// Bytes received but not yet part of a whole frame.
    var pendingByteCount: Int { buffer.count - start }

    mutating func feed(_ chunk: ArraySlice<UInt8>) -> [Output] {
        guard !failed else { return [] }
        buffer.append(contentsOf: chunk)
        var out: [Output] = []
        while next < framings.count {
            let available = buffer.count - start
            let needed: Int
            switch framings[next] {
            case .handshake:
                guard available >= 1 else { return compacted(out) }
                needed = 1 + Int(buffer[start]) + 48
            case .standard, .azureus:
                guard available >= 4 else { return compacted(out) }
                let length = Int(BigEndian.uint32(buffer, at: start))
                guard length <= maxFrameSize else {
                    failed = true
                    out.append(.error(ParseError("frame_too_large", at: consumed + start, "length prefix \(length) exceeds \(maxFrameSize)")))
                    return out
                }
                needed = 4 + length
            }
            guard available >= needed else { return compacted(out) }
            out.append(.frame(Array(buffer[start..<(start + needed)])))
            start += needed
            next += 1
        }
        return compacted(out)
    }

    private mutating func compacted(_ out: [Output]) -> [Output] {
        // Drop what has been read once it is most of the buffer, so one-byte feeding stays linear.
        if start > 4096 && start * 2 > buffer.count {
            consumed += start
            buffer.removeFirst(start)
            start = 0
        }
        return out
    }
}
