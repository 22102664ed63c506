import FuzzHarness

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.peerWireStream(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

// The frame-aware mutator (docs/fuzzing.md); PEXSPEC_CUSTOM_MUTATOR=0 turns it off.
private let mutator = FuzzTargets.frameMutators["FuzzPeerWireStream"]!

// libFuzzer's own byte mutation. Its C signature (pointers and integers only) is passed in the
// same registers under the Swift calling convention.
@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

@_cdecl("LLVMFuzzerCustomMutator")
public func customMutator(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    mutator.mutate(data, size: size, maxSize: maxSize, seed: seed, fallback: LLVMFuzzerMutate)
}
