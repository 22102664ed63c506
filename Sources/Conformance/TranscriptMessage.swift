import WireCore
import WireDecode
import WireJSON

/// One message of a transcript: who sent it and when, its bytes as they crossed the wire, how to
/// decode them, and what must come of it.
public struct TranscriptMessage: Sendable, Equatable {
    /// Which way the message went. Peer `a` opened the connection.
    public enum Direction: String, Sendable, CaseIterable {
        case aToB = "a_to_b"
        case bToA = "b_to_a"

        public enum Side: String, Sendable { case a, b }

        public var sender: Side { self == .aToB ? .a : .b }
        public var receiver: Side { self == .aToB ? .b : .a }
    }

    /// How the message is delimited on the wire, which fixes the bytes the decode kind reads.
    public enum Framing: String, Sendable, CaseIterable {
        /// The 68-byte BitTorrent handshake; decode kind `handshake` reads all of it.
        case handshake
        /// A standard peer wire message: 4-byte big-endian length, id, payload. Kind `frames`
        /// reads the whole frame; `ext-handshake`, `ut-pex` and `bencode` read the payload of an
        /// extended message (id 20), after its extended id byte.
        case standard
        /// An Azureus message: 4-byte length, 4-byte id length, id, version byte, payload.
        /// Kind `az-frame` reads the whole frame; `az-pex`, `bencode` read the payload after the
        /// version byte.
        case azureus
    }

    public var direction: Direction
    /// Seconds since the connection opened.
    public var time: Double
    public var framing: Framing
    /// The whole frame as it crossed the wire, length prefix included.
    public var bytes: [UInt8]
    /// The decode kind applied to the part of the frame that ``framing`` names.
    public var decode: DecodeKind
    /// What a lenient decoder must produce.
    public var expect: ExpectedOutcome
    /// What a strict decoder must produce, when the case says.
    public var expectStrict: ExpectedOutcome?
    /// For an extended message: the extension the receiver's `m` table (as the extended
    /// handshakes earlier in the transcript set it up) maps the extended id to.
    public var routesTo: ExpectedRoute?
    /// What the receiving peer does, as its profile must predict; nil when the case does not say.
    public var reaction: ExpectedReaction?
    /// Anything a reader should know about this message.
    public var note: String?

    public init(
        direction: Direction, time: Double, framing: Framing, bytes: [UInt8], decode: DecodeKind, expect: ExpectedOutcome,
        expectStrict: ExpectedOutcome? = nil, routesTo: ExpectedRoute? = nil, reaction: ExpectedReaction? = nil, note: String? = nil
    ) {
        self.direction = direction
        self.time = time
        self.framing = framing
        self.bytes = bytes
        self.decode = decode
        self.expect = expect
        self.expectStrict = expectStrict
        self.routesTo = routesTo
        self.reaction = reaction
        self.note = note
    }

    /// The extension an extended id must resolve to at the receiver.
    public enum ExpectedRoute: Sendable, Equatable {
        /// Extended id 0: the extended handshake.
        case handshake
        /// An extension the receiver enabled under this id (`ut_pex`).
        case named(String)
        /// An id the receiver never assigned, or disabled with 0.
        case unassigned

        var json: JSONValue {
            switch self {
            case .handshake: return "handshake"
            case .named(let name): return .string(name)
            case .unassigned: return .null
            }
        }
    }
}

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
            var error: [(String, JSONValue)] = [("code", .string(code))]
            error.appendIfPresent("offset", offset.map { .integer(Int64($0)) })
            return ["error": .object(error)]
        }
    }

    init(json: JSONValue, path: String) throws(TranscriptFormatError) {
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
        var members: [(String, JSONValue)] = [("code", .string(code))]
        members.appendIfPresent("offset", offset.map { .integer(Int64($0)) })
        return .object(members)
    }

    public var description: String { offset.map { "\(code)@\($0)" } ?? code }
}

/// What the receiving peer does with a message.
public struct ExpectedReaction: Sendable, Equatable, CustomStringConvertible {
    public var kind: Reaction.Kind
    /// For `disconnect` (and `drop_peers`): the reason code the profile must give
    /// (`flood`, `invalid_bencode`, …); not compared when nil.
    public var reason: String?
    /// How many announced peers the receiver keeps from this message; not compared when nil.
    public var learned: Int?
    /// How many known peers the message's `dropped` makes the receiver forget; not compared when nil.
    public var forgot: Int?

    public init(kind: Reaction.Kind, reason: String? = nil, learned: Int? = nil, forgot: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.learned = learned
        self.forgot = forgot
    }

    /// True when `actual` is what this expectation asks for.
    public func isMet(by actual: Reaction) -> Bool {
        actual.kind == kind && (reason == nil || reason == actual.reason) && (learned == nil || learned == actual.learned)
            && (forgot == nil || forgot == actual.forgot)
    }

    var json: JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(kind.rawValue))]
        members.appendIfPresent("reason", reason.map(JSONValue.string))
        members.appendIfPresent("learned", learned.map { .integer(Int64($0)) })
        members.appendIfPresent("forgot", forgot.map { .integer(Int64($0)) })
        return .object(members)
    }

    public var description: String { Reaction.describe(kind, reason: reason, learned: learned, forgot: forgot) }
}

// MARK: - JSON

extension TranscriptMessage {
    init(json: JSONValue, path: String) throws(TranscriptFormatError) {
        let fields = try JSONFields(json, path: path)
        try fields.rejectUnknown(["dir", "t", "framing", "hex", "decode", "expect", "expect_strict", "routes_to", "reaction", "note"])
        direction = try fields.enumeration("dir", Direction.self)
        guard let time = try fields.optionalNumber("t"), time >= 0 else { throw TranscriptFormatError(path: path + ".t", "missing or negative time") }
        self.time = time
        framing = try fields.enumeration("framing", Framing.self)
        guard let bytes = Hex.decode(try fields.string("hex")) else { throw TranscriptFormatError(path: path + ".hex", "not hex text") }
        self.bytes = bytes
        decode = try fields.enumeration("decode", DecodeKind.self)
        guard Self.kinds(for: framing).contains(decode) else {
            throw TranscriptFormatError(path: path + ".decode", "kind '\(decode.rawValue)' does not apply to \(framing.rawValue) framing")
        }
        guard let expect = fields.member("expect") else { throw TranscriptFormatError(path: path + ".expect", "missing") }
        self.expect = try ExpectedOutcome(json: expect, path: path + ".expect")
        expectStrict = try fields.member("expect_strict").map { (value) throws(TranscriptFormatError) in
            try ExpectedOutcome(json: value, path: path + ".expect_strict")
        }
        if let route = fields.value["routes_to"] {
            switch route {
            case .null: routesTo = .unassigned
            case .string("handshake"): routesTo = .handshake
            case .string(let name): routesTo = .named(name)
            default: throw TranscriptFormatError(path: path + ".routes_to", "expected an extension name, \"handshake\" or null")
            }
        } else {
            routesTo = nil
        }
        if let reaction = try fields.optionalObject("reaction") {
            try reaction.rejectUnknown(["kind", "reason", "learned", "forgot"])
            self.reaction = ExpectedReaction(
                kind: try reaction.enumeration("kind", Reaction.Kind.self), reason: try reaction.optionalString("reason"),
                learned: try reaction.optionalInteger("learned"), forgot: try reaction.optionalInteger("forgot"))
        } else {
            self.reaction = nil
        }
        note = try fields.optionalString("note")
    }

    /// The decode kinds that can read a message of each framing.
    public static func kinds(for framing: Framing) -> Set<DecodeKind> {
        switch framing {
        case .handshake: return [.handshake]
        case .standard: return [.frames, .extHandshake, .utPex, .bencode]
        case .azureus: return [.azFrame, .azPex, .bencode]
        }
    }

    /// The message in its JSON form.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("dir", .string(direction.rawValue)),
            ("t", time.rounded() == time ? .integer(Int64(time)) : .double(time)),
            ("framing", .string(framing.rawValue)),
            ("hex", .string(Hex.encode(bytes))),
            ("decode", .string(decode.rawValue)),
            ("expect", expect.json),
        ]
        members.appendIfPresent("expect_strict", expectStrict?.json)
        members.appendIfPresent("routes_to", routesTo?.json)
        members.appendIfPresent("reaction", reaction?.json)
        members.appendIfPresent("note", note.map(JSONValue.string))
        return .object(members)
    }
}
