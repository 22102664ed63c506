import Foundation
import WireJSON

// MARK: - Writing

extension Transcript {
    /// The transcript in its JSON form, members in the documented order, absent members left out.
    public var json: JSONValue {
        var provenanceMembers = JSONObject([("kind", .string(provenance.kind.rawValue)), ("source", .string(provenance.source))])
        provenanceMembers.put("client", provenance.client.map { ["name": .string($0.name), "version": .string($0.version)] })
        provenanceMembers.put("recorded", provenance.recorded.map(JSONValue.string))
        var specMembers = JSONObject([("document", .string(spec.document))])
        specMembers.put("section", spec.section.map(JSONValue.string))
        specMembers.put("requirement", .string(spec.requirement))
        func peer(_ peer: Peer) -> JSONValue {
            ["client": .string(peer.client.name), "version": .string(peer.client.version), "profile": .string(peer.profile)]
        }
        var members = JSONObject([
            ("format", .integer(Int64(format))),
            ("id", .string(id)),
            ("title", .string(title)),
            ("spec", specMembers.value),
            ("provenance", provenanceMembers.value),
        ])
        if format == 1 {
            members.put("peers", ["a": peer(peers.a), "b": peer(peers.b)])
        } else {
            let named: [(String, JSONValue)] = nodes.map { node in
                guard case .object(let fields) = peer(node.peer) else { return (node.name, .null) }
                var object = JSONObject(fields)
                object.put("address", string: node.address)
                if node.fetchingMetadata { object.put("fetching_metadata", .bool(true)) }
                return (node.name, object.value)
            }
            members.put("peers", .object(named))
            members.put(
                "connections",
                .array(
                    connections.map { connection in
                        var fields = JSONObject([("id", .string(connection.id)), ("a", .string(connection.a)), ("b", .string(connection.b))])
                        fields.put("opened", TranscriptMessage.timeJSON(connection.opened))
                        fields.put("closed", connection.closed.map(TranscriptMessage.timeJSON))
                        return fields.value
                    }))
            if torrent.isPrivate { members.put("torrent", ["private": .bool(true)]) }
        }
        members.put("hazard", hazard.map(JSONValue.string))
        members.put("messages", .array(messages.map(\.json)))
        return members.value
    }

    /// The JSON text of the transcript as the case files hold it: indented, ending in a newline.
    public var fileText: String { json.serialized(pretty: true) + "\n" }

    /// Writes the transcript to `path`, creating the folders on the way.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(fileText.utf8).write(to: url)
    }

    /// The path of this case under a cases folder: its id with `.json` appended.
    public func relativePath() -> String { id + ".json" }
}
