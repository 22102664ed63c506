import Conformance
import WireCore
import WireDecode
import WireJSON

/// The implementation protocol, version 1 (docs/implementations.md): `pexspec` writes one JSON
/// object per line to a harness's standard input, the harness answers each with one line.
public enum ImplementationProtocol {
    public static let version: Int64 = 1

    /// `{"cmd": "start", "version": 1}`.
    public static var startRequest: JSONValue { ["cmd": "start", "version": .integer(version)] }

    /// `{"cmd": "decode", "seq": N, "kind": K, "hex": H, "strict": B}`.
    public static func decodeRequest(seq: Int, kind: DecodeKind, bytes: some Sequence<UInt8>, strict: Bool) -> JSONValue {
        ["cmd": "decode", "seq": .integer(Int64(seq)), "kind": .string(kind.rawValue), "hex": .string(Hex.encode(bytes)), "strict": .bool(strict)]
    }

    /// `{"cmd": "session", "seq": N, "messages": [{"dir", "t", "framing", "decode", "hex"}, …]}`.
    public static func sessionRequest(seq: Int, messages: [TranscriptMessage]) -> JSONValue {
        [
            "cmd": "session", "seq": .integer(Int64(seq)),
            "messages": .array(
                messages.map { message in
                    let json = message.json
                    return .object(["dir", "t", "framing", "decode", "hex"].compactMap { key in json[key].map { (key, $0) } })
                }),
        ]
    }
}

/// What a harness says about itself in answer to `start`.
public struct ImplementationCapabilities: Sendable, Equatable {
    /// How the harness's error codes relate to this project's.
    public enum Codes: Sendable, Equatable {
        /// The codes and offsets of docs/implementations.md: compared as they are.
        case pexspec
        /// Codes of its own: judged on the verdict and the value only.
        case own
        /// Codes of its own with a map to this project's (its code → ours); an unmapped code stays as it is.
        case mapped([String: String])
    }

    public var name: String
    public var version: String
    public var language: String
    /// The decode kinds it answers; other messages are not sent to it.
    public var kinds: [DecodeKind]
    /// The kinds it named that this protocol does not know (reported, not sent).
    public var unknownKinds: [String]
    public var lenient: Bool
    public var strict: Bool
    public var codes: Codes
    /// Whether its successful answers carry this project's warnings (default true).
    public var warnings: Bool
    /// Whether it answers `session` requests.
    public var session: Bool

    /// `name version` as reports and the matrix label it.
    public var label: String { version.isEmpty ? name : "\(name) \(version)" }

    /// What of its answers can be compared with the cases' expectations.
    public var judgement: OutcomeJudgement {
        OutcomeJudgement(errorCodes: codes != .own, warnings: warnings)
    }

    public init(
        name: String, version: String, language: String, kinds: [DecodeKind], lenient: Bool = true, strict: Bool = true,
        codes: Codes = .pexspec, warnings: Bool = true, session: Bool = false
    ) {
        self.name = name
        self.version = version
        self.language = language
        self.kinds = kinds
        unknownKinds = []
        self.lenient = lenient
        self.strict = strict
        self.codes = codes
        self.warnings = warnings
        self.session = session
    }

    /// Reads the answer to `start`; nil member by member is a malformed answer, named in the error.
    public init(json: JSONValue) throws(ImplementationFault) {
        func fail(_ why: String) -> ImplementationFault { ImplementationFault(.malformedAnswer, "the answer to start \(why)") }
        guard json.objectMembers != nil else { throw fail("is not a JSON object") }
        guard let name = json["name"]?.stringValue, !name.isEmpty else { throw fail("has no name") }
        self.name = name
        version = json["version"]?.stringValue ?? ""
        language = json["language"]?.stringValue ?? ""
        guard let kindNames = json["kinds"]?.arrayValue?.compactMap(\.stringValue), !kindNames.isEmpty else {
            throw fail("has no kinds (an array of decode kinds)")
        }
        kinds = kindNames.compactMap(DecodeKind.init(rawValue:))
        unknownKinds = kindNames.filter { DecodeKind(rawValue: $0) == nil }
        let modes = json["modes"]?.arrayValue?.compactMap(\.stringValue) ?? ["lenient"]
        lenient = modes.contains("lenient")
        strict = modes.contains("strict")
        guard lenient || strict else { throw fail("has no modes (lenient, strict)") }
        switch json["codes"] {
        case nil, .string("pexspec")?: codes = .pexspec
        case .string("own")?: codes = .own
        case .object(let members)?:
            var map: [String: String] = [:]
            for (theirs, ours) in members {
                guard let ours = ours.stringValue else { throw fail("maps code '\(theirs)' to something that is not a string") }
                map[theirs] = ours
            }
            codes = .mapped(map)
        default: throw fail("has codes that are not \"pexspec\", \"own\" or a map of codes")
        }
        warnings = json["warnings"]?.boolValue ?? true
        session = json["session"]?.boolValue ?? false
    }

    /// The answer to `start` that describes these capabilities.
    public var json: JSONValue {
        let codesJSON: JSONValue
        switch codes {
        case .pexspec: codesJSON = "pexspec"
        case .own: codesJSON = "own"
        case .mapped(let map): codesJSON = .object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        }
        var modes: [JSONValue] = []
        if lenient { modes.append("lenient") }
        if strict { modes.append("strict") }
        return [
            "name": .string(name), "version": .string(version), "language": .string(language),
            "kinds": .array(kinds.map { .string($0.rawValue) }), "modes": .array(modes), "codes": codesJSON, "warnings": .bool(warnings),
            "session": .bool(session),
        ]
    }

    /// Reads an answer to `decode` into the outcome the cases are compared with, its error code
    /// mapped to this project's when the harness gave a map.
    func outcome(of answer: JSONValue) throws(ImplementationFault) -> DecodeOutcome {
        func fail(_ why: String) -> ImplementationFault { ImplementationFault(.malformedAnswer, "the answer to decode \(why)") }
        guard let ok = answer["ok"]?.boolValue else { throw fail("has no ok (true or false)") }
        if ok {
            guard let value = answer["value"] else { throw fail("says ok but has no value") }
            var found: [ParseWarning] = []
            if let list = answer["warnings"] {
                guard let items = list.arrayValue else { throw fail("has warnings that are not an array") }
                for item in items {
                    guard let code = item["code"]?.stringValue else { throw fail("has a warning without a code") }
                    found.append(ParseWarning(Self.code(mapped(code)), at: Self.offset(item["offset"]), ""))
                }
            }
            return DecodeOutcome(result: .success(Decoded(value, warnings: found)))
        }
        guard let error = answer["error"], let code = error["code"]?.stringValue else { throw fail("says not ok but has no error.code") }
        return DecodeOutcome(result: .failure(ParseError(Self.code(mapped(code)), at: Self.offset(error["offset"]), error["message"]?.stringValue ?? "")))
    }

    /// The code an implementation answered: this project's when it is one of its wire codes, else
    /// a code of the implementation's own, made here (a package module may) only so that the
    /// comparison with the expected code can fail with it.
    private static func code(_ text: String) -> ParseError.Code {
        ParseError.Code.wire(text) ?? ParseError.Code(text)
    }

    /// An offset as given, or -1 when the answer gives none (an expected offset then never matches).
    private static func offset(_ value: JSONValue?) -> Int {
        value?.integerValue.flatMap { Int(exactly: $0) } ?? -1
    }

    private func mapped(_ code: String) -> String {
        if case .mapped(let map) = codes { return map[code] ?? code }
        return code
    }
}

/// Why an implementation gave no usable answer to a request: the case's error.
public struct ImplementationFault: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The harness did not start, or did not answer `start`.
        case startFailed = "start_failed"
        /// It exited (or closed its output) before answering.
        case crashed
        /// No answer within the per-request deadline.
        case timeout
        /// An answer line over the size cap (or output that floods without a newline).
        case lineTooLong = "line_too_long"
        /// A line that is not a JSON object of the protocol.
        case malformedAnswer = "malformed_answer"
        /// An answer to another request.
        case wrongSeq = "wrong_seq"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
