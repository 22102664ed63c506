import WireCore

/// How the replay engine cuts a byte stream before feeding it to a framer: the frames that come
/// out must be the same whatever the cuts.
public enum Chunking: Sendable, Hashable, CustomStringConvertible {
    /// The whole stream at once.
    case whole
    /// One byte at a time.
    case bytewise
    /// Cuts at random places, from a fixed seed so that a failure can be replayed.
    case random(seed: UInt64)

    /// The chunkings every case is replayed with.
    public static let standard: [Chunking] = [.whole, .bytewise, .random(seed: 1), .random(seed: 0x5eed), .random(seed: 20_061_210)]

    /// The chunk boundaries for a stream of `count` bytes, covering it in order.
    public func ranges(count: Int) -> [Range<Int>] {
        guard count > 0 else { return [] }
        switch self {
        case .whole:
            return [0..<count]
        case .bytewise:
            return (0..<count).map { $0..<($0 + 1) }
        case .random(let seed):
            var generator = SeededGenerator(seed: seed)
            var ranges: [Range<Int>] = []
            var start = 0
            while start < count {
                // Mostly short chunks, so that most frames are split, some of them many times.
                let length = 1 + Int(generator.next() % UInt64(min(count - start, 1 + Int(generator.next() % 24))))
                ranges.append(start..<(start + length))
                start += length
            }
            return ranges
        }
    }

    public var description: String {
        switch self {
        case .whole: return "whole"
        case .bytewise: return "one byte at a time"
        case .random(let seed): return "random splits (seed \(seed))"
        }
    }
}
