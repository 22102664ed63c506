import Testing
import WireCore
import WireDecode
import WireJSON

/// Every fixture case through `WireDecoder.decode`, the entry point of `pexspec decode`, in both
/// modes: lenient gives `expected` with exactly `warnings`; strict fails with the first warning
/// (strict rejects exactly what lenient tolerates) or gives the same value; a `must_fail` case
/// fails in both modes with its code at its offset.
@Suite struct FixtureTests {
    static let files = ["handshake", "frames", "ext-handshake", "ut-pex"]
    static let cases = files.flatMap(Fixture.load)

    @Test func everyFileLoads() {
        for file in Self.files {
            #expect(Fixture.load(file).count >= 10, "\(file).json missing or malformed")
        }
    }

    @Test(arguments: cases)
    func decode(_ fixture: Fixture) {
        let lenient = WireDecoder.decode(fixture.kind, fixture.raw, mode: .lenient)
        let strict = WireDecoder.decode(fixture.kind, fixture.raw, mode: .strict)
        if fixture.mustFail {
            #expect(lenient.failure?.diagnostic == fixture.error, "\(fixture.name): lenient")
            #expect(strict.failure?.diagnostic == fixture.error, "\(fixture.name): strict")
            return
        }
        guard let decoded = lenient.value else {
            Issue.record("\(fixture.name): lenient failed with \(String(describing: lenient.failure))")
            return
        }
        #expect(decoded.value == fixture.expected, "\(fixture.name): value \(decoded.value)")
        #expect(decoded.warnings.map(\.diagnostic) == fixture.warnings, "\(fixture.name): warnings")
        if let first = fixture.warnings.first {
            #expect(strict.failure?.diagnostic == first, "\(fixture.name): strict")
        } else {
            #expect(strict.value?.value == fixture.expected, "\(fixture.name): strict value")
            #expect(strict.value?.warnings == [], "\(fixture.name): strict warnings")
        }
    }

    /// The envelope `pexspec decode` prints, for a case with a warning and a failing case of each kind.
    @Test(arguments: ["ut-pex/compact/7-bytes", "ext-handshake/port/zero", "handshake/trailing/1"])
    func envelopeWithWarnings(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let envelope = WireDecoder.decode(fixture.kind, fixture.raw, mode: .lenient).envelope
        #expect(envelope["ok"] == true)
        #expect(envelope["value"] == fixture.expected)
        let warnings: [JSONValue] = fixture.warnings.map { ["code": .string($0.code), "offset": .integer(Int64($0.offset))] }
        #expect(envelope["warnings"] == .array(warnings))
        #expect(envelope["error"] == nil)
    }

    @Test(arguments: ["ut-pex/error/list", "ext-handshake/error/m-integer", "frames/size/over-1mib", "handshake/protocol/case"])
    func envelopeOfFailure(_ name: String) throws {
        let fixture = try #require(Self.cases.first { $0.name == name })
        let error = try #require(fixture.error)
        for mode in ParseMode.allCases {
            let envelope = WireDecoder.decode(fixture.kind, fixture.raw, mode: mode).envelope
            #expect(envelope["ok"] == false)
            #expect(envelope["error"]?["code"] == .string(error.code))
            #expect(envelope["error"]?["offset"] == .integer(Int64(error.offset)))
            #expect(envelope["error"]?["message"]?.stringValue?.isEmpty == false)
            #expect(envelope["value"] == nil)
        }
    }
}
