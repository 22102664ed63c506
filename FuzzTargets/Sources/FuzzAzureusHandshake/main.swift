import FuzzHarness

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.azureusHandshake(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

// The structure-aware mutator (docs/fuzzing.md); PEXSPEC_CUSTOM_MUTATOR=0 turns it off.
private let mutator = FuzzTargets.bencodeMutators["FuzzAzureusHandshake"]!

// libFuzzer's own byte mutation. Its C signature (pointers and integers only) is passed in the
// same registers under the Swift calling convention.
@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    mutator.mutate(data, size: size, maxSize: maxSize, seed: seed, fallback: LLVMFuzzerMutate)
}

@_cdecl("LLVMFuzzerCustomCrossOver")
public func customCrossOver(
    _ data1: UnsafePointer<UInt8>, _ size1: Int, _ data2: UnsafePointer<UInt8>, _ size2: Int,
    _ out: UnsafeMutablePointer<UInt8>, _ maxOutSize: Int, _ seed: UInt32
) -> Int {
    mutator.crossOver(UnsafeBufferPointer(start: data1, count: size1), UnsafeBufferPointer(start: data2, count: size2),
                      into: out, maxSize: maxOutSize, seed: seed)
}
