import Conformance
import WireCore
import WireDecode
import WireJSON

/// This project's codecs behind the implementation protocol (`pexspec serve`): every decode
/// kind in both modes, this project's codes and warnings, and sessions answered by the receive
/// paths of the reference profile. Proves the protocol end to end and is what `fuzz-diff`
/// compares with by default.
public struct ReferenceImplementation: Sendable {
    public let capabilities: ImplementationCapabilities

    public init(version: String) {
        capabilities = ImplementationCapabilities(
            name: "pexspec", version: version, language: "Swift", kinds: DecodeKind.allCases, codes: .pexspec, warnings: true, session: true)
    }

    /// The answer line to one request line (without newlines).
    public func answer(_ line: some Collection<UInt8>) -> String {
        guard let request = try? JSONValue.parse(line), let command = request["cmd"]?.stringValue else {
            return Self.refusal(seq: nil, "not a JSON object with cmd").serialized()
        }
        let seq = request["seq"]
        switch command {
        case "start":
            return capabilities.json.serialized()
        case "decode":
            guard let kindName = request["kind"]?.stringValue, let kind = DecodeKind(rawValue: kindName) else {
                return Self.refusal(seq: seq, "unknown kind").serialized()
            }
            guard let bytes = request["hex"]?.stringValue.flatMap({ Hex.decode($0) }) else { return Self.refusal(seq: seq, "hex is not hex text").serialized() }
            let strict = request["strict"]?.boolValue ?? false
            return Self.withSeq(seq, WireDecoder.decode(kind, bytes, mode: strict ? .strict : .lenient).envelope).serialized()
        case "session":
            guard let items = request["messages"]?.arrayValue else { return Self.refusal(seq: seq, "session without messages").serialized() }
            var paths = ReceivePaths(profile: .reference)
            var reactions: [JSONValue] = []
            for item in items {
                guard let message = Self.message(item) else { return Self.refusal(seq: seq, "a session message without dir, t, framing, decode, hex").serialized() }
                reactions.append(paths.receive(message).map(Self.json) ?? .null)
            }
            return JSONValue.object([("seq", seq ?? .null), ("reactions", .array(reactions))]).serialized()
        default:
            return Self.refusal(seq: seq, "unknown cmd '\(command)'").serialized()
        }
    }

    /// The envelope with `seq` first.
    static func withSeq(_ seq: JSONValue?, _ envelope: JSONValue) -> JSONValue {
        .object([("seq", seq ?? .null)] + (envelope.objectMembers ?? []))
    }

    /// A request the protocol cannot answer: an error envelope with code `bad_request`.
    static func refusal(seq: JSONValue?, _ why: String) -> JSONValue {
        withSeq(seq, ["ok": false, "error": ["code": "bad_request", "offset": 0, "message": .string(why)]])
    }

    static func message(_ item: JSONValue) -> TranscriptMessage? {
        guard let dir = item["dir"]?.stringValue.flatMap(TranscriptMessage.Direction.init(rawValue:)),
            let time = item["t"]?.doubleValue, let framing = item["framing"]?.stringValue.flatMap(TranscriptMessage.Framing.init(rawValue:)),
            let decode = item["decode"]?.stringValue.flatMap(DecodeKind.init(rawValue:)), let bytes = item["hex"]?.stringValue.flatMap({ Hex.decode($0) })
        else { return nil }
        return TranscriptMessage(direction: dir, time: time, framing: framing, bytes: bytes, decode: decode, expect: .error(code: "", offset: nil))
    }

    static func json(_ reaction: Reaction) -> JSONValue {
        var members: [(String, JSONValue)] = [("kind", .string(reaction.kind.rawValue))]
        if let reason = reaction.reason { members.append(("reason", .string(reason.rawValue))) }
        if let learned = reaction.learned { members.append(("learned", .integer(Int64(learned)))) }
        if let forgot = reaction.forgot { members.append(("forgot", .integer(Int64(forgot)))) }
        if let violations = reaction.violations { members.append(("violations", .array(violations.map(JSONValue.string)))) }
        return .object(members)
    }
}
