import FuzzHarness

@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzTargets.wireDecode(UnsafeRawBufferPointer(start: start, count: count))
    return 0
}
