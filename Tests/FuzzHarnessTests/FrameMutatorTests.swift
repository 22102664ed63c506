import Foundation
@testable import FuzzHarness
import Testing
import WireCore

/// The frame-aware mutator keeps most outputs framed, varies them, and reaches the payloads.
@Suite struct FrameMutatorTests {
    /// Chunk plan "one byte at a time", then a keep-alive, an interested and an extended handshake.
    static let stream: [UInt8] = [0x00] + [0, 0, 0, 0] + [0, 0, 0, 1, 2] + [0, 0, 0, 10, 20, 0] + Array("d1:pi1ee".utf8)

    func mutate(_ mutator: FrameMutator, _ input: [UInt8], seed: UInt32) -> (bytes: [UInt8], usedFallback: Bool) {
        var buffer = input + [UInt8](repeating: 0, count: 4096 - input.count)
        var usedFallback = false
        let size = buffer.withUnsafeMutableBufferPointer { raw in
            mutator.mutate(raw.baseAddress!, size: input.count, maxSize: 4096, seed: seed) { _, size, _ in
                usedFallback = true
                return size
            }
        }
        return (Array(buffer.prefix(size)), usedFallback)
    }

    @Test func splitReadsWholeFramesAndKeepsTheRest() {
        let (frames, tail) = FrameMutator.split(Self.stream.dropFirst())
        #expect(frames.count == 3 && frames[2].count == 14 && tail.isEmpty)
        let (none, rest) = FrameMutator.split([0, 0, 0, 9, 1][...])
        #expect(none.isEmpty && rest == [0, 0, 0, 9, 1])
    }

    @Test func peerWireMutationsVaryAndMostlyStayFramed() {
        let mutator = FuzzTargets.frameMutators["FuzzPeerWireStream"]!
        var outputs = Set<[UInt8]>()
        var framed = 0
        for seed in UInt32(0)..<300 {
            let (bytes, usedFallback) = mutate(mutator, Self.stream, seed: seed)
            guard !usedFallback else { continue }
            outputs.insert(bytes)
            let headerLength = 1 + min(Int(bytes[0] & 7), bytes.count - 1)
            if FrameMutator.split(bytes[headerLength...]).tail.isEmpty { framed += 1 }
        }
        #expect(outputs.count > 100)
        #expect(framed > 150, "most mutations keep whole frames")
    }

    @Test func azureusFramesAreBuiltWithTheirLengths() {
        let frame = FrameMutator.azureusFrame(id: "BT_HAVE", version: 1, payload: [0, 0, 0, 7])
        #expect(BigEndian.uint32(frame, at: 0) == UInt32(frame.count - 4) && BigEndian.uint32(frame, at: 4) == 7)
    }
}

/// Both mutators run inside the fuzz binaries on whatever the corpus holds: on every corpus file,
/// with several seeds and a tight size limit, they must neither trap nor overflow the buffer.
@Suite struct MutatorRobustnessTests {
    @Test(arguments: CorpusFile.all.filter { !$0.isRegression })
    func mutatorsHandleCorpusFile(_ file: CorpusFile) throws {
        let input = try [UInt8](Foundation.Data(contentsOf: file.url))
        for seed in UInt32(0)..<20 {
            for maxSize in [input.count, input.count + 40] where maxSize > 0 {
                var buffer = input + [UInt8](repeating: 0, count: maxSize - input.count)
                let size = buffer.withUnsafeMutableBufferPointer { raw in
                    let fallback: (UnsafeMutablePointer<UInt8>, Int, Int) -> Int = { _, size, _ in size }
                    if let frames = FuzzTargets.frameMutators[file.target] {
                        return frames.mutate(raw.baseAddress!, size: input.count, maxSize: maxSize, seed: seed, fallback: fallback)
                    }
                    let mutator = FuzzTargets.bencodeMutators[file.target] ?? FuzzTargets.bencodeMutators["FuzzBencode"]!
                    return mutator.mutate(raw.baseAddress!, size: input.count, maxSize: maxSize, seed: seed, fallback: fallback)
                }
                #expect(size <= maxSize, "\(file.relativePath) seed \(seed)")
            }
        }
    }
}
