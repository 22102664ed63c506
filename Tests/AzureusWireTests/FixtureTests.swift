import Testing
import WireCore
import WireDecode
import WireJSON

/// The language-neutral cases of `Fixtures/`, through the same entry point as `pexspec decode`.
@Suite struct FixtureTests {
    static let pex = Fixture.load("az-pex")
    static let frames = Fixture.load("az-frame")

    @Test func fixturesLoaded() {
        #expect(Self.pex.count == 15)
        #expect(Self.frames.count == 29)
    }

    @Test(arguments: pex + frames, ParseMode.allCases)
    func envelope(_ fixture: Fixture, mode: ParseMode) {
        let outcome = WireDecoder.decode(fixture.kind, fixture.raw, mode: mode)
        let expected = fixture.expectedEnvelope(mode)
        #expect(outcome.envelope.withoutMessage == expected, "\(fixture.id) (\(mode)): \(outcome.envelope)")
    }
}

/// Every fixture truncated at every length and with single bytes changed: decoding returns an
/// envelope (success or a coded error) and never traps. Deterministic: a fixed-seed generator.
@Suite struct MutationTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: FixtureTests.pex + FixtureTests.frames)
    func mutationsNeverTrap(_ fixture: Fixture) {
        var generator = SplitMix64(state: UInt64(fixture.raw.count))
        var inputs: [[UInt8]] = (0..<fixture.raw.count).map { Array(fixture.raw.prefix($0)) }
        for _ in 0..<200 where !fixture.raw.isEmpty {
            var mutated = fixture.raw
            let index = Int.random(in: 0..<mutated.count, using: &generator)
            mutated[index] = UInt8.random(in: 0...255, using: &generator)
            inputs.append(mutated)
        }
        for input in inputs {
            for mode in ParseMode.allCases {
                let envelope = WireDecoder.decode(fixture.kind, input, mode: mode).envelope
                #expect(envelope["ok"]?.boolValue != nil, "\(fixture.id)")
            }
        }
    }
}
