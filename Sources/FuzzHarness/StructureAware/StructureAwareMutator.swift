import WireCore

/// A mutator that understands its target's input format. The libFuzzer hooks
/// (``LibFuzzerHooks``) call it and fall back to libFuzzer's own byte mutation whenever it
/// returns nil.
public protocol StructureAwareMutator: Sendable {
    /// A mutation of `input` of at most `maxSize` bytes, or nil when the input has no structure the
    /// mutator understands (or nothing small enough came out).
    func mutate(_ input: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> [UInt8]?

    /// A mix of two inputs of at most `maxSize` bytes, or nil.
    func crossOver(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, maxSize: Int, using generator: inout SeededGenerator) -> [UInt8]?
}
