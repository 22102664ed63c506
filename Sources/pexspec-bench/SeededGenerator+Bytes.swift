import WireCore

extension SeededGenerator {
    /// `count` bytes from the generator: peer addresses, hashes, flags.
    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
