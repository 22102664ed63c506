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

    /// The vectors of one file: `{"kind": K, "vectors": [{"id", "title"?, "requirement"?, "hex", "expect", "expect_strict"?}]}`.
    static func parse(_ json: JSONValue, file: String) throws -> [DecodeVector] {
        guard let kindName = json["kind"]?.stringValue, let kind = DecodeKind(rawValue: kindName) else {
            throw TranscriptFormatError(file: file, path: "$.kind", "missing or unknown decode kind")
        }
        guard let items = json["vectors"]?.arrayValue else { throw TranscriptFormatError(file: file, path: "$.vectors", "missing array") }
        return try items.enumerated().map { n, item in
            let path = "$.vectors[\(n)]"
            guard let id = item["id"]?.stringValue else { throw TranscriptFormatError(file: file, path: path + ".id", "missing string") }
            guard let bytes = item["hex"]?.stringValue.flatMap({ Hex.decode($0) }) else { throw TranscriptFormatError(file: file, path: path + ".hex", "not hex text") }
            guard let expect = item["expect"] else { throw TranscriptFormatError(file: file, path: path + ".expect", "missing") }
            return DecodeVector(
                id: "vectors/\(kind.rawValue)/\(id)", title: item["title"]?.stringValue ?? id, file: file,
                requirement: item["requirement"]?.stringValue ?? "", kind: kind, bytes: bytes,
                expect: try ExpectedOutcome(json: expect, path: path + ".expect"),
                expectStrict: try item["expect_strict"].map { try ExpectedOutcome(json: $0, path: path + ".expect_strict") })
        }
    }
}
