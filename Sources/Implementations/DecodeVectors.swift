import Conformance
import Foundation
import WireCore
import WireDecode
import WireJSON

/// Reads the published decode vectors under a folder (docs/implementations.md, "Decode vectors").
public enum DecodeVectors {
    /// Every vector of every `.json` file under `folder`; none when the folder is absent and not `required`.
    public static func load(folder: String, required: Bool = false) throws -> [DecodeVector] {
        guard FileManager.default.fileExists(atPath: folder) else {
            if required { throw TranscriptFormatError(file: folder, path: "$", "no such folder") }
            return []
        }
        var vectors: [DecodeVector] = []
        for file in TranscriptSet.files(under: [folder]) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            let json = try JSONValue.parse(Array(data))
            vectors += try parse(json, file: file)
        }
        return vectors.sorted { $0.id < $1.id }
    }

    /// The vectors of one file, `Conformance/vectors/<kind>.json`:
    /// `{"format": 1, "kind": K, "vectors": [{"id", "description", "source", "hex", "lenient": E, "strict": E}]}`,
    /// each `E` the `pexspec decode` envelope a decoder must print in that mode (`expect` and
    /// `expect_strict` in the transcript format are read too).
    static func parse(_ json: JSONValue, file: String) throws -> [DecodeVector] {
        guard let kindName = json["kind"]?.stringValue, let kind = DecodeKind(rawValue: kindName) else {
            throw TranscriptFormatError(file: file, path: "$.kind", "missing or unknown decode kind")
        }
        guard let items = json["vectors"]?.arrayValue else { throw TranscriptFormatError(file: file, path: "$.vectors", "missing array") }
        return try items.enumerated().map { n, item in
            let path = "$.vectors[\(n)]"
            guard let id = item["id"]?.stringValue else { throw TranscriptFormatError(file: file, path: path + ".id", "missing string") }
            guard let bytes = item["hex"]?.stringValue.flatMap({ Hex.decode($0) }) else { throw TranscriptFormatError(file: file, path: path + ".hex", "not hex text") }
            guard let lenient = try expectation(item, "lenient", "expect", path: path) else {
                throw TranscriptFormatError(file: file, path: path + ".lenient", "missing")
            }
            let vectorKind = item["kind"]?.stringValue.flatMap(DecodeKind.init(rawValue:)) ?? kind
            return DecodeVector(
                id: id.hasPrefix(vectorKind.rawValue + "/") ? "vectors/" + id : "vectors/\(vectorKind.rawValue)/\(id)",
                title: item["description"]?.stringValue ?? item["title"]?.stringValue ?? id, file: file,
                requirement: item["source"]?.stringValue ?? item["requirement"]?.stringValue ?? "", kind: vectorKind, bytes: bytes,
                expect: lenient, expectStrict: try expectation(item, "strict", "expect_strict", path: path))
        }
    }

    /// The expectation under `envelopeKey` (an envelope with `ok`) or `expectKey` (the transcript form).
    private static func expectation(_ item: JSONValue, _ envelopeKey: String, _ expectKey: String, path: String) throws -> ExpectedOutcome? {
        if let envelope = item[envelopeKey], let members = envelope.objectMembers {
            return try ExpectedOutcome(json: .object(members.filter { $0.0 != "ok" }), path: path + "." + envelopeKey)
        }
        return try item[expectKey].map { try ExpectedOutcome(json: $0, path: path + "." + expectKey) }
    }
}
