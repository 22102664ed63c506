import Foundation
import Bencode
@testable import FuzzHarness
import Testing
import WireCore

/// The bencode tree mutator: bounded, reproducible, and making each change it claims to make.
@Suite struct StructureAwareBencodeTests {
    /// A ut_pex message with two IPv4 peers and their flags, a nested dictionary and a list: a
    /// node of every kind for every mutation.
    static let utPex: BencodeValue = [
        "added": .string([10, 0, 0, 1, 0x1a, 0xe1, 10, 0, 0, 2, 0x1a, 0xe2]),
        "added.f": .string([0x01, 0x10]),
        "dropped": "",
        "x": ["n": 7, "l": [1, "ab", ["k": "v"]]],
    ]

    static let utPexBytes = BencodeEncoder.encode(utPex)
    static let mutator = BencodeTreeMutator(format: .utPex)

    private func decode(_ bytes: [UInt8]) throws -> BencodeValue {
        try BencodeDecoder(mode: .lenient).decode(bytes).value
    }

    /// Every node of a tree, root first.
    private func nodes(_ value: BencodeValue) -> [BencodeValue] {
        value.nodePaths().compactMap { value.node(at: $0) }
    }

    @Test(arguments: [4, 16, 48, 4096])
    func outputNeverExceedsMaxSize(maxSize: Int) {
        let fallback: ByteMutation = { _, size, limit in
            // A stand-in for LLVMFuzzerMutate: drop the last byte, within the limit.
            Swift.min(limit, Swift.max(0, size - 1))
        }
        for seed in UInt32(0)..<300 {
            var generator = SeededGenerator(seed: UInt64(seed))
            if let output = Self.mutator.mutated(Self.utPexBytes, maxSize: maxSize, using: &generator) {
                #expect(output.bytes.count <= maxSize, "seed \(seed)")
            }
            var buffer = Self.utPexBytes + [UInt8](repeating: 0, count: max(0, maxSize - Self.utPexBytes.count))
            let size = min(Self.utPexBytes.count, maxSize)
            let written = buffer.withUnsafeMutableBufferPointer { buffer in
                LibFuzzerHooks.mutate(
                    Self.mutator, data: buffer.baseAddress!, size: size, maxSize: maxSize, seed: seed, fallback: fallback)
            }
            #expect(written <= maxSize, "seed \(seed)")
        }
    }

    @Test func theSameSeedGivesTheSameMutation() {
        var outputs = Set<[UInt8]>()
        for seed in UInt64(0)..<50 {
            var first = SeededGenerator(seed: seed), second = SeededGenerator(seed: seed)
            let a = Self.mutator.mutated(Self.utPexBytes, maxSize: 4096, using: &first)
            let b = Self.mutator.mutated(Self.utPexBytes, maxSize: 4096, using: &second)
            #expect(a == b, "seed \(seed)")
            if let a { outputs.insert(a.bytes) }
        }
        #expect(outputs.count > 40, "50 seeds gave only \(outputs.count) distinct outputs")
    }

    @Test func everyKindAndStyleComesUpAcrossSeeds() {
        var mutations = Set<BencodeMutation>(), styles = Set<BencodeEncodingStyle>()
        for seed in UInt64(0)..<400 {
            var generator = SeededGenerator(seed: seed)
            guard let output = Self.mutator.mutated(Self.utPexBytes, maxSize: 4096, using: &generator) else { continue }
            mutations.insert(output.mutation)
            styles.insert(output.style)
        }
        #expect(mutations == Set(BencodeTreeMutator.singleInputMutations))
        #expect(styles == Set(BencodeEncodingStyle.allCases))
    }

    @Test func inputThatIsNotBencodeFallsBackToByteMutation() {
        var generator = SeededGenerator(seed: 1)
        #expect(Self.mutator.mutated(Array("i12".utf8), maxSize: 64, using: &generator) == nil)
        var buffer = Array("l4:spa".utf8) + [UInt8](repeating: 0, count: 10)
        var fallbackCalls = 0
        for seed in UInt32(0)..<20 {
            let written = buffer.withUnsafeMutableBufferPointer { buffer in
                LibFuzzerHooks.mutate(Self.mutator, data: buffer.baseAddress!, size: 6, maxSize: 16, seed: seed) { _, size, _ in
                    fallbackCalls += 1
                    return size
                }
            }
            #expect(written == 6)
        }
        #expect(fallbackCalls == 20)
    }

    @Test func boundaryIntegerPutsABoundaryValueInPlace() throws {
        for seed in UInt64(0)..<30 {
            var generator = SeededGenerator(seed: seed)
            var value = Self.utPex
            #expect(Self.mutator.apply(.boundaryInteger, to: &value, using: &generator))
            let before = nodes(Self.utPex).compactMap(\.integer), after = nodes(value).compactMap(\.integer)
            let changed = zip(before, after).filter { $0 != $1 }
            #expect(changed.count == 1 && BencodeFormat.boundaryIntegers.contains(changed[0].1), "seed \(seed): \(changed)")
        }
    }

    @Test func resizeStringChangesALengthByAMultipleOf6Or18PlusOrMinusOne() {
        for seed in UInt64(0)..<60 {
            var generator = SeededGenerator(seed: seed)
            var value = Self.utPex
            #expect(Self.mutator.apply(.resizeString, to: &value, using: &generator))
            let before = nodes(Self.utPex).compactMap(\.bytes).map(\.count), after = nodes(value).compactMap(\.bytes).map(\.count)
            let deltas = zip(before, after).map { abs($0 - $1) }.filter { $0 != 0 }
            // A cut of a string shorter than the amount takes it to zero: any delta up to its length.
            let shortened = zip(before, after).contains { $1 == 0 && $0 > 0 }
            #expect(deltas.count <= 1, "seed \(seed)")
            if let delta = deltas.first, !shortened {
                let fits = [6, 18].contains { unit in [0, 1, unit - 1].contains(delta % unit) }
                #expect(fits, "seed \(seed): delta \(delta)")
            }
        }
    }

    @Test func insertKnownKeyAddsAKeyOfTheFormatWithAValueOfItsShape() throws {
        var inserted = Set<String>()
        for seed in UInt64(0)..<200 {
            var generator = SeededGenerator(seed: seed)
            var value: BencodeValue = .dictionary(BencodeDictionary())
            #expect(Self.mutator.apply(.insertKnownKey, to: &value, using: &generator))
            let entries = try #require(value.dictionary?.entries)
            try #require(entries.count == 1)
            let name = try #require(String(validating: entries[0].key, as: UTF8.self))
            let key = try #require(BencodeFormat.utPex.keys.first { $0.name == name }, "seed \(seed): \(name) is no ut_pex key")
            inserted.insert(name)
            let bytes = try #require(entries[0].value.bytes, "ut_pex values are strings")
            if case .compactPeers(let size) = key.shape {
                #expect([0, 1, size - 1].contains(bytes.count % size), "seed \(seed): \(name) of \(bytes.count) bytes")
            }
        }
        #expect(inserted == Set(BencodeFormat.utPex.keys.map(\.name)))
    }

    @Test func insertedFlagsCountThePeersBesideThem() throws {
        var counts: [Int: Int] = [:]
        for seed in UInt64(0)..<300 {
            var generator = SeededGenerator(seed: seed)
            let siblings: BencodeDictionary = ["added": .string([UInt8](repeating: 1, count: 18))]
            let key = BencodeFormat.Key("added.f", .peerFlags(peersKey: "added"))
            let flags = try #require(BencodeFormat.utPex.value(for: key, siblings: siblings, using: &generator).bytes)
            counts[flags.count, default: 0] += 1
        }
        #expect(Set(counts.keys) == [2, 3, 4])
        #expect(counts[3, default: 0] > counts[2, default: 0] + counts[4, default: 0], "matching counts are the common case")
    }

    @Test func dictionaryEntryMutationsReorderDuplicateDropAndSwap() throws {
        let flat: BencodeValue = ["a": 1, "b": 2, "c": 3]
        let before = try #require(flat.dictionary?.entries)
        for seed in UInt64(0)..<20 {
            var generator = SeededGenerator(seed: seed)
            var reordered = flat, duplicated = flat, dropped = flat, swapped = flat
            #expect(Self.mutator.apply(.reorderKeys, to: &reordered, using: &generator))
            #expect(Self.mutator.apply(.duplicateEntry, to: &duplicated, using: &generator))
            #expect(Self.mutator.apply(.dropEntry, to: &dropped, using: &generator))
            #expect(Self.mutator.apply(.swapEntries, to: &swapped, using: &generator))
            let r = try #require(reordered.dictionary?.entries), d = try #require(duplicated.dictionary?.entries)
            let x = try #require(dropped.dictionary?.entries), s = try #require(swapped.dictionary?.entries)
            #expect(r != before && Set(r) == Set(before), "seed \(seed)")
            #expect(d.count == 4 && Set(d) == Set(before), "seed \(seed)")
            #expect(x.count == 2 && Set(x).isSubset(of: Set(before)), "seed \(seed)")
            #expect(s.map(\.key) == before.map(\.key) && s.map(\.value) != before.map(\.value), "seed \(seed)")
            #expect(Set(s.map(\.value)) == Set(before.map(\.value)), "seed \(seed)")
        }
    }

    @Test func nestDeeperWrapsOneNode() {
        for seed in UInt64(0)..<20 {
            var generator = SeededGenerator(seed: seed)
            var value = Self.utPex
            #expect(Self.mutator.apply(.nestDeeper, to: &value, using: &generator))
            #expect(nodes(value).count == nodes(Self.utPex).count + 1, "seed \(seed)")
            #expect(nodes(value).filter { $0 == Self.utPex }.count <= 1)
        }
    }

    @Test func crossOverSplicesASubtreeOfTheOtherInput() throws {
        let donor: BencodeValue = ["added6": .string([UInt8](repeating: 0xfe, count: 18)), "z": [99, "donor"]]
        let donorNodes = Set(nodes(donor))
        var keysSeen = 0
        for seed in UInt64(0)..<300 {
            var generator = SeededGenerator(seed: seed)
            let output = try #require(Self.mutator.crossedOver(Self.utPexBytes, BencodeEncoder.encode(donor), maxSize: 4096, using: &generator))
            #expect(output.mutation == .spliceSubtree)
            let mixed = try decode(output.bytes)
            #expect(!donorNodes.isDisjoint(with: nodes(mixed)), "seed \(seed): no subtree of the donor")
            if mixed["added6"] != nil { keysSeen += 1 }
        }
        #expect(keysSeen > 0, "a spliced entry keeps the key it had in the donor")
        var generator = SeededGenerator(seed: 0)
        #expect(Self.mutator.crossedOver(Array("xx".utf8), Self.utPexBytes, maxSize: 4096, using: &generator) == nil)
    }

    @Test func everyEncodingStyleDecodesToTheTreeWithItsDeviation() throws {
        let unsorted: BencodeValue = ["z": 0, "a": ["k": 5, "b": "xy"], "m": -12]
        for seed in UInt64(0)..<30 {
            var generator = SeededGenerator(seed: seed)
            for style in BencodeEncodingStyle.allCases {
                let bytes = Self.mutator.encode(unsorted, style: style, using: &generator)
                let lenient = try BencodeDecoder(mode: .lenient).decode(bytes)
                #expect(lenient.value == unsorted || style == .canonical, "seed \(seed), \(style)")
                let strict = Result { () throws(ParseError) in try BencodeDecoder(mode: .strict).decode(bytes) }
                switch style {
                case .canonical:
                    #expect(bytes == BencodeEncoder.encode(unsorted) && (try? strict.get()) != nil)
                case .wireOrder:
                    #expect(lenient.warnings.map(\.code) == [.unsortedKeys, .unsortedKeys], "seed \(seed)")
                case .leadingZeros:
                    let codes = Set(lenient.warnings.map(\.code))
                    #expect(codes.contains(.leadingZero) || codes.contains(.negativeZero), "seed \(seed): \(codes)")
                case .trailingBytes:
                    #expect(lenient.warnings.map(\.code).last == .trailingData, "seed \(seed)")
                }
            }
        }
    }

    /// Mutations fed straight into the fuzz target's body: what a short fuzzing run does, inside `swift test`.
    @Test func mutatedSeedsRunThroughTheirTargets() throws {
        for target in FuzzTargets.all {
            guard let mutator = StructuredTargets.byTarget[target.name] else { continue }
            let seeds = CorpusFile.all.filter { $0.target == target.name && !$0.isRegression }
            var generator = SeededGenerator(seed: 42)
            for round in 0..<200 {
                let seed = try [UInt8](Data(contentsOf: seeds[round % seeds.count].url))
                let mutated = seed.withUnsafeBytes { mutator.mutate($0, maxSize: 4096, using: &generator) }
                if let mutated { target(mutated) }
            }
        }
    }
}
