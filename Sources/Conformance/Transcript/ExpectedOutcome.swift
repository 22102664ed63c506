import WireCore
import WireDecode
import WireJSON

/// The result a decoder must reach on a message: the `pexspec decode` envelope without its
/// message text.
public enum ExpectedOutcome: Sendable, Equatable {
    /// Decoded to `value` (the envelope's `"value"`) with exactly these warnings, in any order.
    case value(JSONValue, warnings: [ExpectedWarning])
    /// Rejected with `code`, at `offset` when one is given.
    case error(code: String, offset: Int?)

    public var json: JSONValue {
        switch self {
        case .value(let value, let warnings):
            return ["value": value, "warnings": .array(warnings.map(\.json))]
        case .error(let code, let offset):
            var error = JSONObject([("code", .string(code))])
            error.put("offset", integer: offset)
            return ["error": error.value]
        }
    }

    /// The expectation an outcome meets exactly: its value and every warning with its offset, or its error code and offset.
    public init(_ outcome: DecodeOutcome) {
        switch outcome.result {
        case .success(let decoded):
            self = .value(decoded.value, warnings: decoded.warnings.map { ExpectedWarning(code: $0.code.rawValue, offset: $0.offset) })
        case .failure(let error):
            self = .error(code: error.code.rawValue, offset: error.offset)
        }
    }

    public init(json: JSONValue, path: String) throws(TranscriptFormatError) {
        let fields = try JSONFields(json, path: path)
        try fields.rejectUnknown(["value", "warnings", "error"])
        if let error = try fields.optionalObject("error") {
            guard fields.value["value"] == nil else { throw TranscriptFormatError(path: path, "give either value or error, not both") }
            try error.rejectUnknown(["code", "offset", "message"])
            self = .error(code: try error.string("code"), offset: try error.optionalInteger("offset"))
            return
        }
        guard let value = fields.value["value"] else { throw TranscriptFormatError(path: path, "give value (with warnings) or error") }
        var warnings: [ExpectedWarning] = []
        for (n, item) in try fields.array("warnings").enumerated() {
            let warning = try JSONFields(item, path: path + ".warnings[\(n)]")
            try warning.rejectUnknown(["code", "offset", "message"])
            warnings.append(ExpectedWarning(code: try warning.string("code"), offset: try warning.optionalInteger("offset")))
        }
        self = .value(value, warnings: warnings)
    }
}

/// A warning a lenient decoder must report: its code, and its offset when the case gives one.
public struct ExpectedWarning: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var offset: Int?

    public init(code: String, offset: Int? = nil) {
        self.code = code
        self.offset = offset
    }

    var json: JSONValue {
        var members = JSONObject([("code", .string(code))])
        members.put("offset", integer: offset)
        return members.value
    }

    public var description: String { offset.map { "\(code)@\($0)" } ?? code }
}

extension ExpectedOutcome {
    /// Rejected with a decoder's `code`, at `offset` when one is given: the typed way to write
    /// ``error(code:offset:)``, whose string is the wire form a transcript holds.
    public static func error(_ code: ParseError.Code, at offset: Int?) -> Self { .error(code: code.rawValue, offset: offset) }
}

extension ExpectedWarning {
    /// A warning of a decoder's `code`: the typed way to write ``init(code:offset:)``.
    public init(_ code: ParseError.Code, at offset: Int? = nil) { self.init(code: code.rawValue, offset: offset) }
}

/// What of a decoder's outcome is held against an expectation. The reference is judged on
/// everything; an implementation with error codes of its own, or none of the warnings, on what
/// it has (docs/implementations.md, "How an answer is judged").
public struct OutcomeJudgement: Sendable, Hashable {
    /// Compare error codes and offsets (else only that decoding failed).
    public var errorCodes: Bool
    /// Compare the warnings of a successful decode (else only the value).
    public var warnings: Bool

    public init(errorCodes: Bool = true, warnings: Bool = true) {
        self.errorCodes = errorCodes
        self.warnings = warnings
    }

    /// Everything: the verdict, the value, the warnings, the error code and offset.
    public static let full = OutcomeJudgement()
}

extension ExpectedOutcome {
    /// True when `outcome` is what this expectation asks for, as far as `judgement` compares.
    public func isMet(by outcome: DecodeOutcome, judging judgement: OutcomeJudgement = .full) -> Bool {
        switch (outcome.result, self) {
        case (.success(let decoded), .value(let value, let warnings)):
            return decoded.value == value && (!judgement.warnings || Self.warningsMatch(decoded.warnings, warnings))
        case (.failure(let error), .error(let code, let offset)):
            return !judgement.errorCodes || (error.code.rawValue == code && (offset == nil || offset == error.offset))
        default:
            return false
        }
    }

    /// True when a strict decoder must produce this lenient expectation too: a value without
    /// warnings (strict mode only turns what lenient mode warns about into errors).
    public var holdsInStrictMode: Bool {
        if case .value(_, let warnings) = self { return warnings.isEmpty }
        return false
    }

    /// Exactly the expected warnings, in any order; an expected warning without offset matches any offset.
    static func warningsMatch(_ actual: [ParseWarning], _ expected: [ExpectedWarning]) -> Bool {
        guard actual.count == expected.count else { return false }
        var unmatched = actual
        // Warnings with an offset first, so that an offset-free one cannot take another's match.
        for warning in expected.sorted(by: { ($0.offset == nil ? 1 : 0) < ($1.offset == nil ? 1 : 0) }) {
            guard let i = unmatched.firstIndex(where: { $0.code.rawValue == warning.code && (warning.offset == nil || warning.offset == $0.offset) }) else {
                return false
            }
            unmatched.remove(at: i)
        }
        return true
    }
}
