import Foundation
import WireCore
import WireJSON

/// Loads the fixtures in Tests/Fixtures/probe: outside the target folder, so SwiftPM does not
/// take them for sources.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/probe")

    static func bytes(_ name: String) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: folder.appendingPathComponent(name)))) ?? []
    }

    /// The entries of a fixture file holding an array of objects with `name` and `hex`.
    static func entries(_ name: String) -> [Entry] {
        guard let json = try? JSONValue.parse(bytes(name)), let items = json.arrayValue else { return [] }
        return items.compactMap { item in
            guard let name = item["name"]?.stringValue, let hex = item["hex"]?.stringValue, let bytes = Hex.decode(hex) else { return nil }
            return Entry(name: name, bytes: bytes, expect: item["expect"] ?? .null)
        }
    }

    struct Entry: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var expect: JSONValue
        var description: String { name }
    }
}
