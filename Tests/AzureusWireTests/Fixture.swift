import Foundation
import Testing
import WireCore
import WireDecode
import WireJSON

/// One case of `Fixtures/*.json` (written by `Fixtures/generate.py`): the raw bytes, the lenient
/// outcome and the strict one.
struct Fixture: CustomTestStringConvertible, Sendable {
    let id: String
    let kind: DecodeKind
    let raw: [UInt8]
    let json: JSONValue

    var testDescription: String { id }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Every case of `Fixtures/<name>.json`.
    static func load(_ name: String) -> [Fixture] {
        let url = directory.appendingPathComponent(name + ".json")
        guard let data = FileManager.default.contents(atPath: url.path), let root = try? JSONValue.parse([UInt8](data)),
            let items = root.arrayValue
        else { return [] }
        return items.compactMap { item in
            guard let id = item["id"]?.stringValue, let kind = item["kind"]?.stringValue.flatMap(DecodeKind.init(rawValue:)),
                let raw = item["raw"]?.stringValue.flatMap({ Hex.decode($0) })
            else { return nil }
            return Fixture(id: id, kind: kind, raw: raw, json: item)
        }
    }

    /// The envelope `WireDecoder` must print in `mode`, with error messages left out.
    func expectedEnvelope(_ mode: ParseMode) -> JSONValue {
        let failKey = mode == .strict ? "strict_must_fail" : "must_fail"
        let errorKey = mode == .strict ? "strict_error" : "error"
        if json[failKey]?.boolValue == true {
            return ["ok": false, "error": json[errorKey] ?? .null]
        }
        return ["ok": true, "value": json["expected"] ?? .null, "warnings": json["warnings"] ?? []]
    }
}

extension JSONValue {
    /// The envelope without the error message, which tests never compare.
    var withoutMessage: JSONValue {
        guard let error = self["error"], let members = error.objectMembers, let ok = self["ok"] else { return self }
        return ["ok": ok, "error": .object(members.filter { $0.0 != "message" })]
    }
}
