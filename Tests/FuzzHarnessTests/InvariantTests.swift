@testable import FuzzHarness
import Testing

/// The harness's own machinery: a broken invariant must be a crash libFuzzer can see, and the
/// collection adapters must present the input faithfully.
@Suite struct InvariantTests {
    @Test func aBrokenInvariantTrapsAndNamesItself() async throws {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            invariant(1 + 1 == 3, "arithmetic still works", "detail 42")
        }
        let stderr = String(decoding: try #require(result).standardErrorContent, as: UTF8.self)
        #expect(stderr.contains("pexspec fuzz invariant failed: arithmetic still works (detail 42)"))
    }

    @Test func aHeldInvariantReturns() {
        invariant(1 + 1 == 2, "arithmetic still works")
    }

    @Test func shiftedBytesPresentTheSameBytesAtOtherIndices() {
        let input: [UInt8] = [1, 2, 3, 250]
        input.withUnsafeBytes { raw in
            let shifted = ShiftedBytes(raw, base: 77)
            #expect(shifted.startIndex == 77 && shifted.endIndex == 81)
            #expect(Array(shifted) == input)
            #expect(shifted.withContiguousStorageIfAvailable { _ in 0 } == nil)
        }
    }
}
