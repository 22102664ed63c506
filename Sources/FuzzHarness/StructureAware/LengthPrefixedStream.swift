import WireCore

/// A byte stream cut into frames that start with a 4-byte big-endian length, as BitTorrent's and
/// Azureus' framing both are, after a preamble the mutators leave alone (a stream target's
/// ``ChunkPlan`` header) and an optional 68-byte BitTorrent handshake.
///
/// Cutting stops at the first length prefix that runs past the end; the rest is kept as
/// ``trailing`` so that writing the stream back gives the input unchanged.
package struct LengthPrefixedStream: Hashable {
    /// The preamble, then the BitTorrent handshake when one follows it.
    var header: [UInt8]
    /// Each frame whole, its length prefix included.
    var frames: [[UInt8]]
    var trailing: [UInt8]

    init(header: [UInt8] = [], frames: [[UInt8]] = [], trailing: [UInt8] = []) {
        self.header = header
        self.frames = frames
        self.trailing = trailing
    }

    /// Cuts `bytes` after its first `preambleLength` bytes into frames; nil when no frame and no
    /// handshake is found (no structure to mutate).
    init?(_ bytes: UnsafeRawBufferPointer, preambleLength: Int = 0) {
        var offset = min(max(0, preambleLength), bytes.count)
        let protocolPrefix: [UInt8] = [19] + Array("BitTorrent protocol".utf8)
        let hasHandshake = bytes.count - offset >= 68 && bytes[offset...].prefix(20).elementsEqual(protocolPrefix)
        if hasHandshake { offset += 68 }
        header = Array(bytes[0..<offset])
        frames = []
        while bytes.count - offset >= 4 {
            let length = Int(BigEndian.uint32(bytes, at: offset))
            guard length <= bytes.count - offset - 4 else { break }
            frames.append(Array(bytes[offset..<(offset + 4 + length)]))
            offset += 4 + length
        }
        trailing = Array(bytes[offset...])
        if frames.isEmpty && !hasHandshake { return nil }
    }

    var bytes: [UInt8] { header + frames.joined() + trailing }

    var byteCount: Int { header.count + frames.reduce(0) { $0 + $1.count } + trailing.count }

    /// A frame around `body`.
    static func frame(_ body: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 + body.count)
        BigEndian.append(UInt32(truncatingIfNeeded: body.count), to: &out)
        out += body
        return out
    }

    /// Applies a mutation that works on any length-prefixed framing; false when it does not apply
    /// (too few frames) or is not one of those.
    mutating func apply(_ mutation: FrameMutation, keepAlive: [UInt8], using generator: inout SeededGenerator) -> Bool {
        switch mutation {
        case .lengthOffByOne:
            guard let i = frames.indices.randomElement(using: &generator) else { return false }
            let length = BigEndian.uint32(frames[i], at: 0)
            let skewed = Bool.random(using: &generator) ? length &+ 1 : length &- 1
            frames[i].replaceSubrange(0..<4, with: Self.bigEndian(skewed))
        case .splitFrame:
            guard let i = frames.indices.filter({ frames[$0].count >= 6 }).randomElement(using: &generator) else { return false }
            let body = frames[i].dropFirst(4)
            let cut = body.startIndex + Int.random(in: 1..<body.count, using: &generator)
            frames.replaceSubrange(i...i, with: [Self.frame(body[..<cut]), Self.frame(body[cut...])])
        case .joinFrames:
            guard frames.count >= 2 else { return false }
            let i = Int.random(in: 0..<(frames.count - 1), using: &generator)
            frames.replaceSubrange(i...(i + 1), with: [Self.frame(frames[i].dropFirst(4) + frames[i + 1].dropFirst(4))])
        case .insertKeepAlive:
            frames.insert(keepAlive, at: Int.random(in: 0...frames.count, using: &generator))
        case .duplicateFrame:
            guard let i = frames.indices.randomElement(using: &generator) else { return false }
            frames.insert(frames[i], at: Int.random(in: 0...frames.count, using: &generator))
        case .dropFrame:
            guard let i = frames.indices.randomElement(using: &generator) else { return false }
            frames.remove(at: i)
        case .swapFrames:
            guard frames.count >= 2 else { return false }
            let i = Int.random(in: 0..<frames.count, using: &generator)
            var j = Int.random(in: 0..<(frames.count - 1), using: &generator)
            if j >= i { j += 1 }
            frames.swapAt(i, j)
        default:
            return false
        }
        return true
    }

    /// The frames of `self` up to a random point, then those of `other` from a random point; or
    /// one frame of `other` inserted into `self`.
    func crossOver(with other: LengthPrefixedStream, using generator: inout SeededGenerator) -> LengthPrefixedStream {
        var result = self
        if Bool.random(using: &generator), let frame = other.frames.randomElement(using: &generator) {
            result.frames.insert(frame, at: Int.random(in: 0...frames.count, using: &generator))
        } else {
            let keep = Int.random(in: 0...frames.count, using: &generator)
            let from = Int.random(in: 0...other.frames.count, using: &generator)
            result.frames = Array(frames[..<keep]) + other.frames[from...]
            result.trailing = other.trailing
        }
        return result
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        var out: [UInt8] = []
        BigEndian.append(value, to: &out)
        return out
    }
}

extension LengthPrefixedStream {
    /// One mutated stream and how it was made: what both frame mutators return.
    package struct Mutated: Sendable, Hashable {
        package var bytes: [UInt8]
        package var mutation: FrameMutation
    }

    /// The frame mutators' shared loop: up to `attempts` times, try the mutations in random order
    /// until `apply` makes one, and return the first result that fits `maxSize` and differs from
    /// `input`. Nil when `input` has neither a handshake nor a whole frame, or nothing fit.
    static func mutate(
        _ input: UnsafeRawBufferPointer, preambleLength: Int, maxSize: Int, attempts: Int, mutations: [FrameMutation],
        using generator: inout SeededGenerator,
        apply: (FrameMutation, inout LengthPrefixedStream, inout SeededGenerator) -> Bool
    ) -> Mutated? {
        guard let stream = LengthPrefixedStream(input, preambleLength: preambleLength) else { return nil }
        for _ in 0..<attempts {
            var mutated = stream
            var candidates = mutations
            while let index = candidates.indices.randomElement(using: &generator) {
                let mutation = candidates.remove(at: index)
                guard apply(mutation, &mutated, &generator) else { continue }
                let bytes = mutated.bytes
                if bytes.count <= maxSize && !bytes.elementsEqual(input) { return Mutated(bytes: bytes, mutation: mutation) }
                break
            }
        }
        return nil
    }

    /// The frame mutators' crossover: frames of `second` mixed into `first`, nil when either is
    /// not a stream or the result exceeds `maxSize`.
    static func crossOver(
        _ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, preambleLength: (UnsafeRawBufferPointer) -> Int,
        maxSize: Int, using generator: inout SeededGenerator
    ) -> [UInt8]? {
        guard let a = LengthPrefixedStream(first, preambleLength: preambleLength(first)),
            let b = LengthPrefixedStream(second, preambleLength: preambleLength(second))
        else { return nil }
        let mixed = a.crossOver(with: b, using: &generator)
        return mixed.byteCount <= maxSize ? mixed.bytes : nil
    }
}
