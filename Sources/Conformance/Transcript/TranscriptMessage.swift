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
    public var reaction: Reaction?
    /// Anything a reader should know about this message.
    public var note: String?
    /// The connection it crossed (format 2, `conn`); nil for the only connection.
    public var connection: String?

    public init(
        direction: Direction, time: Double, framing: Framing, bytes: [UInt8], decode: DecodeKind, expect: ExpectedOutcome,
        expectStrict: ExpectedOutcome? = nil, routesTo: ExpectedRoute? = nil, reaction: Reaction? = nil, note: String? = nil,
        connection: String? = nil
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
        self.connection = connection
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

// MARK: - JSON

extension TranscriptMessage {
    init(json: JSONValue, path: String, format: Int = 1) throws(TranscriptFormatError) {
        let fields = try JSONFields(json, path: path)
        try fields.rejectUnknown(Self.members(format: format))
        connection = try fields.optionalString("conn")
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
        reaction = try fields.optionalObject("reaction").map { (object) throws(TranscriptFormatError) in try Reaction(json: object) }
        note = try fields.optionalString("note")
    }

    /// The members a message of `format` may have.
    static func members(format: Int) -> Set<String> {
        let common: Set<String> = ["dir", "t", "framing", "hex", "decode", "expect", "expect_strict", "routes_to", "reaction", "note"]
        return format == 1 ? common : common.union(["conn"])
    }

    /// The decode kinds that can read a message of each framing.
    public static func kinds(for framing: Framing) -> Set<DecodeKind> {
        switch framing {
        case .handshake: return [.handshake]
        case .standard: return [.frames, .extHandshake, .utPex, .bencode]
        case .azureus: return [.azFrame, .azPex, .bencode]
        }
    }

    /// `time` as an integer when it is a whole number of seconds that fits one, so files read `"t": 60`.
    static func wholeSeconds(_ time: Double) -> Int64? {
        time.rounded() == time && abs(time) < 1e15 ? Int64(time) : nil
    }

    /// A time as the files write it: `60`, or `0.05`.
    static func timeJSON(_ time: Double) -> JSONValue { wholeSeconds(time).map { .integer($0) } ?? .double(time) }

    /// The message in its JSON form.
    public var json: JSONValue {
        var members = JSONObject(connection.map { [("conn", JSONValue.string($0))] } ?? [])
        for member in [
            ("dir", JSONValue.string(direction.rawValue)),
            ("t", Self.timeJSON(time)),
            ("framing", .string(framing.rawValue)),
            ("hex", .string(Hex.encode(bytes))),
            ("decode", .string(decode.rawValue)),
            ("expect", expect.json),
        ] { members.put(member.0, member.1) }
        members.put("expect_strict", expectStrict?.json)
        members.put("routes_to", routesTo?.json)
        members.put("reaction", reaction?.json)
        members.put("note", note.map(JSONValue.string))
        return members.value
    }
}
