import Foundation
import WireCore
import WireDecode
import WireJSON

/// One decode vector of `Conformance/vectors/<kind>.json` (written by
/// `Conformance/tools/make_cases.py`): an input to `pexspec decode` and the envelope it must
/// print in each mode, without the error message. docs/conformance.md, "Decode vectors".
public struct DecodeVector: Sendable, CustomStringConvertible {
    public let id: String
    public let kind: DecodeKind
    public let description: String
    public let raw: [UInt8]
    public let lenient: JSONValue
    public let strict: JSONValue

    /// `Conformance/vectors/` of this checkout.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Conformance/vectors")

    /// Every vector of `kinds`, in file order; a file that is missing or malformed yields a
    /// vector that cannot pass (its id names the file), so a broken file fails the tests.
    public static func load(_ kinds: DecodeKind...) -> [DecodeVector] {
        kinds.flatMap { kind -> [DecodeVector] in
            let url = directory.appendingPathComponent(kind.rawValue + ".json")
            guard let data = FileManager.default.contents(atPath: url.path), let root = try? JSONValue.parse([UInt8](data)),
                let items = root["vectors"]?.arrayValue
            else { return [broken(kind, "\(url.lastPathComponent) is missing or not JSON")] }
            return items.map { item in
                guard let id = item["id"]?.stringValue, item["kind"]?.stringValue == kind.rawValue,
                    let raw = item["hex"]?.stringValue.flatMap({ Hex.decode($0) }), let lenient = item["lenient"], let strict = item["strict"]
                else { return broken(kind, "a vector of \(url.lastPathComponent) lacks id, kind, hex, lenient or strict") }
                return DecodeVector(id: id, kind: kind, description: item["description"]?.stringValue ?? "", raw: raw, lenient: lenient, strict: strict)
            }
        }
    }

    /// The vector `id` of `kind`, or nil.
    public static func named(_ id: String, kind: DecodeKind) -> DecodeVector? {
        load(kind).first { $0.id == id }
    }

    private static func broken(_ kind: DecodeKind, _ why: String) -> DecodeVector {
        DecodeVector(id: "broken: " + why, kind: kind, description: why, raw: [], lenient: ["broken": true], strict: ["broken": true])
    }

    /// The expected envelope in `mode`.
    public func expected(_ mode: ParseMode) -> JSONValue { mode == .strict ? strict : lenient }

    /// What `WireDecoder.decode` prints for the vector in `mode`, without the error message.
    public func decoded(_ mode: ParseMode) -> JSONValue {
        WireDecoder.decode(kind, raw, mode: mode).envelope.withoutMessage
    }

    /// The error the vector expects in `mode`, if it expects one.
    public func error(_ mode: ParseMode) -> (code: String, offset: Int)? {
        let envelope = expected(mode)
        guard envelope["ok"] == false, let code = envelope["error"]?["code"]?.stringValue, let offset = envelope["error"]?["offset"]?.integerValue
        else { return nil }
        return (code, Int(offset))
    }
}

extension JSONValue {
    /// The envelope without the error message, which tests never compare.
    public var withoutMessage: JSONValue {
        guard let error = self["error"], let members = error.objectMembers, let ok = self["ok"] else { return self }
        return ["ok": ok, "error": .object(members.filter { $0.0 != "message" })]
    }
}

extension DecodeVector {
    /// True when lenient mode decodes the vector with no warning.
    public var decodesWithoutWarnings: Bool { lenient["ok"] == true && lenient["warnings"]?.arrayValue?.isEmpty == true }
}
