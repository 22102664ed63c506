import WireCore

/// libFuzzer's own mutation, `LLVMFuzzerMutate(data, size, maxSize)`: mutates `size` bytes at
/// `data` in place, in a buffer of `maxSize` bytes, and returns the new size.
///
/// Only the fuzz executables can name that symbol (it exists only when libFuzzer is linked), so
/// they pass it in; tests pass a plain function.
public typealias ByteMutation = (_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

/// The bodies of `LLVMFuzzerCustomMutator` and `LLVMFuzzerCustomCrossOver` for a
/// ``StructureAwareMutator``: randomness from libFuzzer's seed (``WireCore/SeededGenerator``), the
/// result copied into libFuzzer's buffer, and libFuzzer's byte mutation as the fallback.
public enum LibFuzzerHooks {
    /// The share, in percent, of calls that go to the byte mutation even when the input has
    /// structure: tree mutation never changes the bytes inside a string, and libFuzzer's
    /// dictionary and comparison tracing feed through the byte mutation only.
    public static let defaultByteMutationPercent = 20

    /// `LLVMFuzzerCustomMutator(data, size, maxSize, seed)`.
    public static func mutate(
        _ mutator: some StructureAwareMutator, data: UnsafeMutablePointer<UInt8>, size: Int, maxSize: Int, seed: UInt32,
        byteMutationPercent: Int = defaultByteMutationPercent, fallback: ByteMutation
    ) -> Int {
        var generator = SeededGenerator(seed: UInt64(seed))
        guard Int.random(in: 0..<100, using: &generator) >= byteMutationPercent,
            let output = mutator.mutate(UnsafeRawBufferPointer(start: data, count: size), maxSize: maxSize, using: &generator),
            output.count <= maxSize
        else { return fallback(data, size, maxSize) }
        output.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            data.update(from: base, count: source.count)
        }
        return output.count
    }

    /// `LLVMFuzzerCustomCrossOver(data1, size1, data2, size2, out, maxOutSize, seed)`; 0 (no
    /// output, which libFuzzer skips) when the mutator cannot mix the two.
    public static func crossOver(
        _ mutator: some StructureAwareMutator, first: UnsafePointer<UInt8>, firstSize: Int, second: UnsafePointer<UInt8>, secondSize: Int,
        out: UnsafeMutablePointer<UInt8>, maxOutSize: Int, seed: UInt32
    ) -> Int {
        var generator = SeededGenerator(seed: UInt64(seed))
        guard let output = mutator.crossOver(
            UnsafeRawBufferPointer(start: first, count: firstSize), UnsafeRawBufferPointer(start: second, count: secondSize),
            maxSize: maxOutSize, using: &generator),
            output.count <= maxOutSize
        else { return 0 }
        output.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            out.update(from: base, count: source.count)
        }
        return output.count
    }
}
