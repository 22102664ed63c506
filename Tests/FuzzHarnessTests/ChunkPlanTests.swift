@testable import FuzzHarness
import Testing
import WireCore

/// The stream targets read their chunking from the input; these pin the layout down so that
/// saved regression inputs keep meaning the same chunking.
@Suite struct ChunkPlanTests {
    private func plan(_ bytes: [UInt8]) -> (mode: ParseMode, maxFrameSize: Int?, chunks: [[UInt8]]) {
        bytes.withUnsafeBytes { raw in
            let plan = ChunkPlan(raw)
            return (plan.mode, plan.maxFrameSize, plan.chunks.map { Array(plan.stream[$0]) })
        }
    }

    @Test func emptyInputHasNoChunk() {
        let p = plan([])
        #expect(p.chunks.isEmpty && p.mode == .lenient && p.maxFrameSize == nil)
    }

    @Test func noSizesMeansOneByteAtATime() {
        #expect(plan([0x00, 1, 2, 3]).chunks == [[1], [2], [3]])
    }

    @Test func sizesAreUsedInTurnAndZeroAppendsNothing() {
        // Two sizes, 2 and 0, then the stream 10...14.
        #expect(plan([0x02, 2, 0, 10, 11, 12, 13, 14]).chunks == [[10, 11], [], [12, 13], [], [14]])
    }

    @Test func onlyZeroSizesFallBackToSingleBytes() {
        #expect(plan([0x01, 0, 7, 8]).chunks == [[7], [8]])
    }

    @Test func headerPicksModeAndFrameSize() {
        let p = plan([0x58, 9])
        #expect(p.mode == .strict && p.maxFrameSize == 32 && p.chunks == [[9]])
    }

    @Test func moreSizesThanBytesLeaveAnEmptyStream() {
        let p = plan([0x07, 1, 2])
        #expect(p.chunks.isEmpty)
    }

    @Test func chunksCoverTheStreamExactly() {
        let input: [UInt8] = [0x03, 5, 1, 250] + Array(repeating: 0xaa, count: 300)
        let chunks = plan(input).chunks
        #expect(chunks.flatMap { $0 } == Array(input.dropFirst(4)))
    }
}
