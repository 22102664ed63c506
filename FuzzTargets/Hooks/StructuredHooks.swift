import FuzzHarness

// The libFuzzer hooks of every <Name>Structured binary: LLVMFuzzerTestOneInput runs the target's
// body, LLVMFuzzerCustomMutator and LLVMFuzzerCustomCrossOver call its structure-aware mutator
// through LibFuzzerHooks (docs/structure-aware-fuzzing.md). Which target: the binary's main.swift
// defines `pexspecStructuredTarget`, resolved when the binary is linked.

@_silgen_name("pexspecStructuredTarget")
func structuredTarget() -> StructuredTarget

let selected = structuredTarget()

@_silgen_name("LLVMFuzzerMutate")
func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int) -> Int

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    selected.run(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}

@_cdecl("LLVMFuzzerCustomMutator")
public func mutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: UInt32) -> Int {
    LibFuzzerHooks.mutate(selected.mutator, data: data, size: size, maxSize: maxSize, seed: seed, fallback: LLVMFuzzerMutate)
}

@_cdecl("LLVMFuzzerCustomCrossOver")
public func crossOver(
    _ first: UnsafePointer<UInt8>, _ firstSize: Int, _ second: UnsafePointer<UInt8>, _ secondSize: Int,
    _ out: UnsafeMutablePointer<UInt8>, _ maxOutSize: Int, _ seed: UInt32
) -> Int {
    LibFuzzerHooks.crossOver(
        selected.mutator, first: first, firstSize: firstSize, second: second, secondSize: secondSize,
        out: out, maxOutSize: maxOutSize, seed: seed)
}
