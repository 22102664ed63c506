import FuzzHarness

// FuzzUTPex with the bencode tree mutator and ut_pex's keys (docs/structure-aware-fuzzing.md).

@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.utPex(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

@_cdecl("LLVMFuzzerCustomMutator")
public func mutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    LibFuzzerHooks.mutate(StructuredTargets.utPex, data: data, size: size, maxSize: maxSize, seed: seed, fallback: LLVMFuzzerMutate)
}

@_cdecl("LLVMFuzzerCustomCrossOver")
public func crossOver(
    _ first: UnsafePointer<UInt8>, _ firstSize: Int, _ second: UnsafePointer<UInt8>, _ secondSize: Int,
    _ out: UnsafeMutablePointer<UInt8>, _ maxOutSize: Int, _ seed: UInt32
) -> Int {
    LibFuzzerHooks.crossOver(
        StructuredTargets.utPex, first: first, firstSize: firstSize, second: second, secondSize: secondSize,
        out: out, maxOutSize: maxOutSize, seed: seed)
}
