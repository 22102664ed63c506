import Bencode
import Foundation
@testable import FuzzHarness
import Testing

/// The structure-aware mutator: what it writes must mostly still be bencode (else it is no
/// better than byte mutation), it must vary, and it must be a function of the seed.
@Suite struct BencodeMutatorTests {
    /// A ut_pex payload: two IPv4 peers with their flags.
    static let seed = Array("d5:added12:".utf8) + [10, 0, 0, 2, 0x1a, 0xe1, 192, 168, 1, 9, 0xc8, 0xd5]
        + Array("7:added.f2:".utf8) + [1, 2] + Array("e".utf8)
    let mutator = FuzzTargets.bencodeMutators["FuzzUTPex"]!

    /// Runs the mutator on `input` with `seed`; `usedFallback` tells whether it gave up.
    func mutate(_ input: [UInt8], seed: UInt32, maxSize: Int = 4096) -> (bytes: [UInt8], usedFallback: Bool) {
        var buffer = input + [UInt8](repeating: 0, count: max(0, maxSize - input.count))
        var usedFallback = false
        let size = buffer.withUnsafeMutableBufferPointer { raw in
            mutator.mutate(raw.baseAddress!, size: input.count, maxSize: maxSize, seed: seed) { _, size, _ in
                usedFallback = true
                return size
            }
        }
        return (Array(buffer.prefix(size)), usedFallback)
    }

    @Test func mutationsOfBencodeStayBencodeAndVary() {
        var outputs = Set<[UInt8]>()
        var nonCanonical = 0
        var treeMutations = 0
        for seed in UInt32(0)..<300 {
            let (bytes, usedFallback) = mutate(Self.seed, seed: seed)
            if usedFallback { continue }
            treeMutations += 1
            outputs.insert(bytes)
            #expect((try? BencodeDecoder(mode: .lenient, limits: BencodeLimits(maxDepth: 200)).decode(bytes)) != nil, "seed \(seed) wrote \(bytes)")
            if (try? BencodeDecoder(mode: .strict).decode(bytes)) == nil { nonCanonical += 1 }
        }
        #expect(treeMutations > 200, "the tree is mutated most of the time")
        #expect(outputs.count > 100, "mutations vary")
        #expect(nonCanonical > 10, "some encodings are non-canonical")
    }

    @Test func sameSeedSameMutation() {
        #expect(mutate(Self.seed, seed: 42).bytes == mutate(Self.seed, seed: 42).bytes)
    }

    @Test func notBencodeGoesToByteMutation() {
        #expect(mutate(Array("not bencode".utf8), seed: 7).usedFallback)
    }

    @Test func outputNeverExceedsMaxSize() {
        for seed in UInt32(0)..<100 {
            #expect(mutate(Self.seed, seed: seed, maxSize: Self.seed.count + 8).bytes.count <= Self.seed.count + 8)
        }
    }

    @Test func crossOverSplicesASubtree() {
        let donor = Array("d7:dropped6:".utf8) + [1, 2, 3, 4, 5, 6] + Array("e".utf8)
        var out = [UInt8](repeating: 0, count: 4096)
        var decodable = 0
        for seed in UInt32(0)..<50 {
            let size = Self.seed.withUnsafeBufferPointer { first in
                donor.withUnsafeBufferPointer { second in
                    out.withUnsafeMutableBufferPointer { mutator.crossOver(first, second, into: $0.baseAddress!, maxSize: 4096, seed: seed) }
                }
            }
            if (try? BencodeDecoder(mode: .lenient).decode(out.prefix(size))) != nil { decodable += 1 }
        }
        #expect(decodable == 50)
    }
}
