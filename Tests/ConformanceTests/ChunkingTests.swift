import Conformance
import Testing

@Suite struct ChunkingTests {
    @Test(arguments: Chunking.standard)
    func rangesCoverTheStreamInOrder(_ chunking: Chunking) {
        for count in [0, 1, 2, 7, 68, 1000] {
            let ranges = chunking.ranges(count: count)
            #expect(ranges.allSatisfy { !$0.isEmpty })
            #expect(ranges.first?.lowerBound ?? 0 == 0)
            #expect(ranges.last?.upperBound ?? 0 == count)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "\(chunking), \(count) bytes")
        }
    }

    @Test func eachChunkingCutsDifferently() {
        #expect(Chunking.whole.ranges(count: 100).count == 1)
        #expect(Chunking.bytewise.ranges(count: 100).count == 100)
        let random = Chunking.random(seed: 1).ranges(count: 1000)
        #expect(random.count > 1 && random.count < 1000)
        #expect(random == Chunking.random(seed: 1).ranges(count: 1000), "a seed gives the same cuts every run")
        #expect(random != Chunking.random(seed: 2).ranges(count: 1000))
    }
}
