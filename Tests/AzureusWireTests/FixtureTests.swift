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
