import AzureusWire
import Bencode
@testable import FuzzHarness
import Testing
import WireCore

/// The frame-level mutators of the two stream targets.
@Suite struct StructureAwareFrameTests {
    static let handshake: [UInt8] = [19] + Array("BitTorrent protocol".utf8) + [0, 0, 0, 0, 0, 0x10, 0, 0]
        + [UInt8](repeating: 0xaa, count: 20) + [UInt8](repeating: 0xbb, count: 20)

    /// Handshake, extended handshake negotiating ut_pex as 3, a ut_pex message, a keep-alive, a have.
    static let peerWire: [UInt8] = {
        let extendedHandshake = [20, 0] + BencodeEncoder.encode(["m": ["ut_pex": 3], "v": "t"])
        let pex = [20, 3] + BencodeEncoder.encode(["added": .string([1, 2, 3, 4, 0x1a, 0xe1]), "added.f": .string([0])])
        return handshake + LengthPrefixedStream.frame(extendedHandshake) + LengthPrefixedStream.frame(pex)
            + [0, 0, 0, 0] + LengthPrefixedStream.frame([4, 0, 0, 0, 7])
    }()

    static let azureus: [UInt8] = {
        let pex = AzureusStreamMutator.Parts(
            id: AzureusMessageID.azPeerExchange.encoded,
            rest: BencodeEncoder.encode(["infohash": .string([UInt8](repeating: 7, count: 20)), "added": [.string([1, 2, 3, 4, 0, 80])]]))
        return handshake + pex.encoded + AzureusStreamMutator.Parts(id: AzureusMessageID.btKeepAlive.encoded).encoded
            + AzureusStreamMutator.Parts(id: AzureusMessageID.btHave.encoded, rest: [0, 0, 0, 9]).encoded
    }()

    private func stream(_ bytes: [UInt8]) throws -> LengthPrefixedStream {
        try #require(bytes.withUnsafeBytes { LengthPrefixedStream($0) })
    }

    @Test func cuttingAStreamAndWritingItBackGivesTheBytes() throws {
        for input in [Self.peerWire, Self.azureus, Self.peerWire + [0, 0, 1]] {
            let cut = try stream(input)
            #expect(cut.bytes == input && cut.byteCount == input.count)
            #expect(cut.header == Self.handshake)
        }
        #expect(try stream(Self.peerWire).frames.count == 4)
        #expect(try stream(Self.peerWire + [0, 0, 1]).trailing == [0, 0, 1])
        #expect([UInt8]([0, 0, 9]).withUnsafeBytes { LengthPrefixedStream($0) } == nil, "no frame, no handshake: no structure")
    }

    @Test(arguments: [0, 80, 200, 4096])
    func outputsStayWithinMaxSizeAndRepeatForASeed(maxSize: Int) {
        let mutators: [(any StructureAwareMutator, [UInt8])] = [(PeerWireStreamMutator(), Self.peerWire), (AzureusStreamMutator(), Self.azureus)]
        for (mutator, input) in mutators {
            for seed in UInt64(0)..<200 {
                var first = SeededGenerator(seed: seed), second = SeededGenerator(seed: seed)
                let a = input.withUnsafeBytes { mutator.mutate($0, maxSize: maxSize, using: &first) }
                let b = input.withUnsafeBytes { mutator.mutate($0, maxSize: maxSize, using: &second) }
                #expect(a == b, "seed \(seed)")
                #expect((a?.count ?? 0) <= maxSize, "seed \(seed)")
                let mixed = input.withUnsafeBytes { x in Self.peerWire.withUnsafeBytes { mutator.crossOver(x, $0, maxSize: maxSize, using: &first) } }
                #expect((mixed?.count ?? 0) <= maxSize, "seed \(seed)")
            }
        }
    }

    /// What `mutated` makes of `input` with the seeds 0 to 399, one output each (each required).
    private func outputs(
        of input: [UInt8], by mutated: (UnsafeRawBufferPointer, Int, inout SeededGenerator) -> LengthPrefixedStream.Mutated?
    ) throws -> [LengthPrefixedStream.Mutated] {
        try (UInt64(0)..<400).map { seed in
            var generator = SeededGenerator(seed: seed)
            return try #require(input.withUnsafeBytes { mutated($0, 4096, &generator) }, "seed \(seed)")
        }
    }

    @Test func everyPeerWireMutationComesUpAndKeepsTheHandshake() throws {
        let outputs = try outputs(of: Self.peerWire, by: PeerWireStreamMutator().mutated)
        for (seed, output) in outputs.enumerated() {
            #expect(output.bytes.starts(with: Self.handshake), "seed \(seed)")
            #expect(output.bytes != Self.peerWire, "seed \(seed): \(output.mutation) changed nothing")
        }
        #expect(Set(outputs.map(\.mutation)) == Set(PeerWireStreamMutator.mutations))
    }

    @Test func everyAzureusMutationComesUp() throws {
        let outputs = try outputs(of: Self.azureus, by: AzureusStreamMutator().mutated)
        #expect(Set(outputs.map(\.mutation)) == Set(AzureusStreamMutator.mutations))
    }

    /// `body` for seeds 0 to 29, with `applied`: `original` after one mutation by `apply` (which
    /// must find a frame that suits it), drawn from that seed's generator.
    private func forEachSeed(
        mutating original: LengthPrefixedStream, with apply: @escaping (FrameMutation, inout LengthPrefixedStream, inout SeededGenerator) -> Bool,
        _ body: (_ seed: UInt64, _ applied: (FrameMutation) throws -> LengthPrefixedStream) throws -> Void
    ) throws {
        for seed in UInt64(0)..<30 {
            var generator = SeededGenerator(seed: seed)
            func applied(_ mutation: FrameMutation) -> LengthPrefixedStream {
                var s = original
                #expect(apply(mutation, &s, &generator), "\(mutation)")
                return s
            }
            try body(seed, applied)
        }
    }

    @Test func peerWireMutationsDoWhatTheySay() throws {
        let original = try stream(Self.peerWire)
        try forEachSeed(mutating: original, with: PeerWireStreamMutator().apply) { seed, applied in
            // Off by one: exactly one prefix no longer matches its frame, by one.
            let skewed = try applied(.lengthOffByOne).frames.filter { Int(BigEndian.uint32($0, at: 0)) != $0.count - 4 }
            // A zero length (the keep-alive) wraps round to 2^32 - 1.
            let skew = skewed.map { BigEndian.uint32($0, at: 0) &- UInt32($0.count - 4) }
            #expect(skew == [1] || skew == [UInt32.max], "seed \(seed): \(skew)")
            let split = try applied(.splitFrame), joined = try applied(.joinFrames)
            #expect(split.frames.count == 5 && split.bytes.count == Self.peerWire.count + 4, "seed \(seed)")
            #expect(joined.frames.count == 3 && joined.bytes.count == Self.peerWire.count - 4, "seed \(seed)")
            #expect(try applied(.insertKeepAlive).frames.filter { $0 == [0, 0, 0, 0] }.count == 2)
            // Extended ids: one changes, to the handshake's 0, a negotiated id, or one not negotiated.
            let ids = try applied(.changeExtendedID).frames.filter { $0.count >= 6 && $0[4] == 20 }.map { $0[5] }
            #expect(ids != [0, 3] && ids.count == 2, "seed \(seed): \(ids)")
            let inserted = try applied(.insertMessage)
            #expect(inserted.frames.count == 5 && inserted.frames.allSatisfy { $0.count == Int(BigEndian.uint32($0, at: 0)) + 4 })
            let payloads = try applied(.mutatePayload).frames.filter { $0.count >= 6 && $0[4] == 20 }
            #expect(payloads.count == 2 && payloads.allSatisfy { (try? BencodeDecoder(mode: .lenient).decode($0.dropFirst(6))) != nil })
        }
        #expect(PeerWireStreamMutator.negotiatedIDs(original) == [3])
    }

    @Test func azureusMutationsDoWhatTheySay() throws {
        let original = try stream(Self.azureus)
        try forEachSeed(mutating: original, with: AzureusStreamMutator().apply) { seed, applied in
            let ids = { (s: LengthPrefixedStream) in s.frames.compactMap { AzureusStreamMutator.Parts($0) }.map { AzureusMessageID(bytes: $0.id) } }
            #expect(ids(try applied(.unknownID)).contains { !$0.isKnown }, "seed \(seed)")
            let known = ids(try applied(.knownID))
            #expect(known.allSatisfy(\.isKnown) && known != ids(original), "seed \(seed)")
            let versions = try applied(.versionByte).frames.compactMap { AzureusStreamMutator.Parts($0)?.version }
            #expect(versions.filter { $0 != AzureusFrame.currentVersion }.count == 1, "seed \(seed): \(versions)")
            let idLengths = zip(original.frames, try applied(.idLengthOffByOne).frames).map { before, after in
                Int(BigEndian.uint32(after, at: 4)) - Int(BigEndian.uint32(before, at: 4))
            }
            #expect(idLengths.filter { $0 != 0 }.map(abs) == [1], "seed \(seed): \(idLengths)")
            let keepAlives = try applied(.insertKeepAlive).frames.filter { AzureusStreamMutator.Parts($0)?.id == AzureusMessageID.btKeepAlive.encoded }
            #expect(keepAlives.count == 2)
        }
    }
}

extension StructureAwareFrameTests {
    /// The stream targets' inputs start with a chunk plan; the mutators cut frames after it and keep it.
    @Test func theStreamTargetsChunkPlanIsKept() throws {
        let plan: [UInt8] = [0x02, 5, 64]
        let input = plan + Self.peerWire.dropFirst(68)
        for seed in UInt64(0)..<100 {
            var generator = SeededGenerator(seed: seed)
            let output = try #require(input.withUnsafeBytes { StructuredTargets.peerWireStream.mutate($0, maxSize: 4096, using: &generator) })
            #expect(output.starts(with: plan), "seed \(seed)")
        }
        let cut = try #require(input.withUnsafeBytes { LengthPrefixedStream($0, preambleLength: StructuredTargets.chunkPlanLength($0)) })
        #expect(cut.header == plan && cut.frames.count == 4 && cut.trailing.isEmpty)
    }
}
