import Conformance
import Implementations
import Testing
import WireCore
import WireDecode
import WireJSON

@Suite("Implementation protocol messages")
struct ProtocolTests {
    @Test("Capabilities: defaults, own codes, a code map")
    func capabilities() throws {
        let minimal = try ImplementationCapabilities(json: try JSONValue.parse(#"{"name": "x", "kinds": ["bencode", "frobnicate"]}"#))
        #expect(minimal.kinds == [.bencode] && minimal.unknownKinds == ["frobnicate"])
        #expect(minimal.lenient && !minimal.strict && minimal.codes == .pexspec && minimal.warnings && !minimal.session)
        #expect(minimal.judgement == .full)
        let own = try ImplementationCapabilities(json: try JSONValue.parse(#"{"name": "y", "kinds": ["bencode"], "modes": ["strict"], "codes": "own", "warnings": false}"#))
        #expect(!own.lenient && own.strict && own.judgement == OutcomeJudgement(errorCodes: false, warnings: false))
        let mapped = try ImplementationCapabilities(json: try JSONValue.parse(#"{"name": "z", "kinds": ["bencode"], "codes": {"E_TRAIL": "trailing_data"}}"#))
        #expect(mapped.codes == .mapped(["E_TRAIL": "trailing_data"]))
    }

    @Test("Capabilities that are not the protocol's are a malformed answer", arguments: [
        #"{"kinds": ["bencode"]}"#, #"{"name": "x"}"#, #"{"name": "x", "kinds": []}"#, #"{"name": "x", "kinds": ["bencode"], "modes": ["fast"]}"#,
        #"{"name": "x", "kinds": ["bencode"], "codes": 3}"#, #"[1]"#,
    ])
    func badCapabilities(text: String) throws {
        #expect(throws: ImplementationFault.self) { try ImplementationCapabilities(json: try JSONValue.parse(text)) }
    }

    @Test("The reference answers start, decode and session, with seq, and refuses what it cannot read")
    func reference() throws {
        let server = ReferenceImplementation(version: "test")
        let start = try JSONValue.parse(server.answer(Array(ImplementationProtocol.startRequest.serialized().utf8)))
        #expect(try ImplementationCapabilities(json: start) == server.capabilities)
        let decode = ImplementationProtocol.decodeRequest(seq: 5, kind: .bencode, bytes: Array("i03e".utf8), strict: true)
        let answer = try JSONValue.parse(server.answer(Array(decode.serialized().utf8)))
        #expect(answer["seq"] == 5 && answer["ok"] == false && answer["error"]?["code"] == "leading_zero" && answer["error"]?["offset"] == 1)
        let garbage = try JSONValue.parse(server.answer(Array("{nope".utf8)))
        #expect(garbage["ok"] == false && garbage["error"]?["code"] == "bad_request")
    }

    @Test("A strict check is derived from expect only where expect holds in strict mode")
    func strictDerivation() {
        #expect(ExpectedOutcome.value(3, warnings: []).holdsInStrictMode)
        #expect(!ExpectedOutcome.value(3, warnings: [ExpectedWarning(code: "leading_zero")]).holdsInStrictMode)
        #expect(!ExpectedOutcome.error(code: "unexpected_eof", offset: 0).holdsInStrictMode)
    }

    @Test("Judging: own codes compare the verdict and the value only")
    func judging() {
        let expected = ExpectedOutcome.error(.trailingData, at: 3)
        let other = DecodeOutcome(result: .failure(ParseError(ParseError.Code("ValueError"), at: -1, "junk")))
        #expect(!expected.isMet(by: other))
        #expect(expected.isMet(by: other, judging: OutcomeJudgement(errorCodes: false, warnings: false)))
        let value = ExpectedOutcome.value(1, warnings: [ExpectedWarning(.trailingData, at: 3)])
        let plain = DecodeOutcome(result: .success(Decoded(JSONValue.integer(1))))
        #expect(!value.isMet(by: plain) && value.isMet(by: plain, judging: OutcomeJudgement(warnings: false)))
        #expect(!expected.isMet(by: plain, judging: OutcomeJudgement(errorCodes: false, warnings: false)))
    }
}

@Suite("fuzz-diff")
struct FuzzDiffTests {
    func summary(_ command: String, seed: UInt64 = 7, inputs: Int = 600) throws -> FuzzDiff.Summary {
        var configuration = FuzzDiff.Configuration()
        configuration.seed = seed
        configuration.maxInputs = inputs
        configuration.maxSeconds = 60
        configuration.kinds = [.bencode]
        let corpus = FuzzDiff.corpus(folder: Repository.root.appendingPathComponent("Corpus").path)
        return try FuzzDiff(left: .harness(ImplementationClient(command: command)), right: .reference, corpus: corpus, configuration: configuration).run()
    }

    @Test("The reference through the protocol agrees with itself in process")
    func referenceAgrees() throws {
        let pexspec = try #require(Repository.pexspec, "build pexspec first (swift build --product pexspec)")
        let found = try summary(Repository.quoted(pexspec) + " serve")
        #expect(found.inputs == 600 && found.comparisons == 1_200)
        #expect(found.classes.isEmpty, "\(found.text)")
    }

    @Test("A planted bug shows as a class with a shrunk example, the same for the same seed")
    func plantedBugClass() throws {
        let pexspec = try #require(Repository.pexspec, "build pexspec first (swift build --product pexspec)")
        let command = "PEXSPEC=\(Repository.quoted(pexspec)) python3 \(Repository.quoted(Repository.planted)) strict-accepts-leading-zero"
        let first = try summary(command)
        let found = try #require(first.classes.first { $0.key == "bencode strict: left accepts, right rejects (leading_zero)" }, "\(first.text)")
        #expect(found.example.count <= 4, "not shrunk: \(FuzzDiff.Summary.printable(found.example))")
        #expect(WireDecoder.decode(.bencode, found.example, mode: .strict).envelope["error"]?["code"] == "leading_zero")
        let again = try summary(command)
        #expect(again.classes.map(\.key) == first.classes.map(\.key) && again.classes.map(\.example) == first.classes.map(\.example))
    }
}
