import Foundation
import PexModel
import WireJSON

/// One conformance case: a recorded exchange between two peers, each message with the decoded
/// structure or error it must produce and the reaction the receiving peer must show.
///
/// A transcript is one JSON file (`Conformance/cases/<spec>/<section>/<name>.json`) described in
/// `docs/conformance.md` and `Conformance/schema/transcript.schema.json`, so a client author in
/// any language can replay it against their own parser.
public struct Transcript: Sendable, Equatable {
    /// The newest version of the transcript format this type reads and writes. Version 1: two peers
    /// `a` and `b`, one connection. Version 2 adds named peers, several connections on one shared
    /// timeline (`connections`, each message's `conn`), peer addresses and the torrent's `private`
    /// flag. Every version 1 file reads as before.
    public static let formatVersion = 2
    /// The versions this type reads.
    public static let knownFormats: ClosedRange<Int> = 1...2

    /// h2spec-style id: spec, section and name (`bep10/handshake/example`).
    public var id: String
    /// One line saying what the case checks.
    public var title: String
    public var spec: SpecSource
    public var provenance: Provenance
    /// The version of the format this transcript is written in (1 or 2).
    public var format: Int
    /// Every peer of the scenario by name: `a` and `b` in version 1.
    public var nodes: [Node]
    /// The connections between them, on one timeline: one (`ab`, `a` opened it) in version 1.
    public var connections: [Connection]
    /// The torrent they share.
    public var torrent: Torrent
    /// Set when the case shows a disagreement between deployed clients: what goes wrong.
    public var hazard: String?
    /// The messages in the order they crossed the wire.
    public var messages: [TranscriptMessage]

    public init(
        id: String, title: String, spec: SpecSource, provenance: Provenance, peers: Peers, hazard: String? = nil,
        messages: [TranscriptMessage]
    ) {
        self.id = id
        self.title = title
        self.spec = spec
        self.provenance = provenance
        format = 1
        nodes = [Node(name: "a", peer: peers.a), Node(name: "b", peer: peers.b)]
        connections = [Connection(id: Self.onlyConnection, a: "a", b: "b")]
        torrent = Torrent()
        self.hazard = hazard
        self.messages = messages
    }

    /// A version 2 transcript: named peers, several connections on one timeline.
    public init(
        id: String, title: String, spec: SpecSource, provenance: Provenance, nodes: [Node], connections: [Connection], torrent: Torrent = Torrent(),
        hazard: String? = nil, messages: [TranscriptMessage]
    ) {
        self.id = id
        self.title = title
        self.spec = spec
        self.provenance = provenance
        format = 2
        self.nodes = nodes
        self.connections = connections
        self.torrent = torrent
        self.hazard = hazard
        self.messages = messages
    }

    /// The id of the one connection of a version 1 transcript.
    public static let onlyConnection = "ab"

    /// Peer `a` and peer `b` of the first connection (in version 1, the two peers).
    public var peers: Peers {
        let first = connections.first
        return Peers(a: node(first?.a ?? "a")?.peer ?? nodes[0].peer, b: node(first?.b ?? "b")?.peer ?? nodes[nodes.count - 1].peer)
    }

    public func node(_ name: String) -> Node? { nodes.first { $0.name == name } }
    public func connection(_ id: String?) -> Connection? { id.map { id in connections.first { $0.id == id } } ?? connections.first }

    /// The spec group the replay summary counts this case under (``Document/groups``), or nil when its
    /// document is not in `Conformance/documents.json`.
    public var specGroup: String? { Document.citing(spec.document)?.group }

    /// One peer of a scenario.
    public struct Node: Sendable, Equatable {
        /// `[a-z][a-z0-9_]*`; messages and connections name peers by it.
        public var name: String
        public var peer: Peer
        /// The address other peers announce it under in PEX, when the case gives one (BEP 11 timeline checks).
        public var address: String?
        /// Whether it joined by a magnet link and is still fetching the metadata, so it cannot know yet
        /// whether the torrent is private.
        public var fetchingMetadata: Bool

        public init(name: String, peer: Peer, address: String? = nil, fetchingMetadata: Bool = false) {
            self.name = name
            self.peer = peer
            self.address = address
            self.fetchingMetadata = fetchingMetadata
        }
    }

    /// One connection: `a` opened it at `opened`, `b` accepted it; `closed` when it ended.
    public struct Connection: Sendable, Equatable {
        public var id: String
        public var a: String
        public var b: String
        public var opened: Double
        public var closed: Double?

        public init(id: String, a: String, b: String, opened: Double = 0, closed: Double? = nil) {
            self.id = id
            self.a = a
            self.b = b
            self.opened = opened
            self.closed = closed
        }

        /// The peer on `side` of this connection.
        public func name(_ side: TranscriptMessage.Direction.Side) -> String { side == .a ? a : b }

        /// Whether the connection was up at `time`.
        public func isOpen(at time: Double) -> Bool { opened <= time && closed.map { time < $0 } ?? true }
    }

    /// The torrent the peers share.
    public struct Torrent: Sendable, Equatable {
        /// BEP 27: the metainfo's info dictionary has `private=1`.
        public var isPrivate: Bool
        public init(isPrivate: Bool = false) { self.isPrivate = isPrivate }
    }

    /// The document and the requirement, quoted, that a case checks.
    public struct SpecSource: Sendable, Equatable {
        /// The document, as a name a reader can find (a cite text of ``Document``, `Conformance/documents.json`).
        public var document: String
        /// The section or table of the document, if it has any.
        public var section: String?
        /// The requirement, quoted word for word.
        public var requirement: String

        public init(document: String, section: String? = nil, requirement: String) {
            self.document = document
            self.section = section
            self.requirement = requirement
        }
    }

    /// Where the bytes of a case come from.
    public struct Provenance: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            /// Bytes written down in a protocol document (an example it gives, a rule it states).
            case referenceDocument = "reference_document"
            /// Bytes written from a client's documented or source-read behaviour.
            case clientBehaviour = "client_behaviour"
            /// Bytes captured from a running client (`pexspec probe --record`).
            case capture
        }

        public var kind: Kind
        /// The document, the source file, or the capture setup, in words.
        public var source: String
        /// For a capture: the client that was recorded, name and version.
        public var client: Client?
        /// For a capture: when it was recorded (ISO 8601).
        public var recorded: String?

        public init(kind: Kind, source: String, client: Client? = nil, recorded: String? = nil) {
            self.kind = kind
            self.source = source
            self.client = client
            self.recorded = recorded
        }
    }

    /// A client by name and version (`uTorrent`, `1.8.1`).
    public struct Client: Sendable, Equatable {
        public var name: String
        public var version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// One side of the connection: the client it stands for and the behaviour profile that
    /// predicts its reactions (a ``ClientProfile`` id).
    public struct Peer: Sendable, Equatable {
        public var client: Client
        public var profile: String

        public init(client: Client, profile: String) {
            self.client = client
            self.profile = profile
        }
    }

    public struct Peers: Sendable, Equatable {
        public var a: Peer
        public var b: Peer

        public init(a: Peer, b: Peer) {
            self.a = a
            self.b = b
        }

        public subscript(side: TranscriptMessage.Direction.Side) -> Peer {
            side == .a ? a : b
        }
    }
}

// MARK: - Reading

extension Transcript {
    /// Reads a transcript from its JSON form, rejecting unknown members so that a misspelt key
    /// cannot silently switch a check off.
    public init(json: JSONValue) throws(TranscriptFormatError) {
        let root = try JSONFields(json, path: "$")
        let format = try root.optionalInteger("format") ?? 1
        guard Self.knownFormats.contains(format) else {
            throw TranscriptFormatError(path: "$.format", "format \(format) is not supported (this reader knows \(Self.knownFormats.lowerBound) to \(Self.knownFormats.upperBound))")
        }
        self.format = format
        try root.rejectUnknown(Self.members(format: format))
        id = try root.string("id")
        guard Self.isValidID(id) else {
            throw TranscriptFormatError(path: "$.id", "an id is lower-case segments separated by '/', as in bep10/handshake/example")
        }
        title = try root.string("title")
        let spec = try root.object("spec")
        try spec.rejectUnknown(["document", "section", "requirement"])
        self.spec = SpecSource(document: try spec.string("document"), section: try spec.optionalString("section"), requirement: try spec.string("requirement"))
        let provenance = try root.object("provenance")
        try provenance.rejectUnknown(["kind", "source", "client", "recorded"])
        self.provenance = Provenance(
            kind: try provenance.enumeration("kind", Provenance.Kind.self),
            source: try provenance.string("source"),
            client: try provenance.optionalObject("client").map { (fields) throws(TranscriptFormatError) in try Self.client(fields) },
            recorded: try provenance.optionalString("recorded"))
        let peers = try root.object("peers")
        if format == 1 {
            try peers.rejectUnknown(["a", "b"])
            var pair: [Node] = []
            for name in ["a", "b"] {
                let fields = try peers.object(name)
                try fields.rejectUnknown(["client", "version", "profile"])
                pair.append(Node(name: name, peer: try Self.peer(fields)))
            }
            nodes = pair
            connections = [Connection(id: Self.onlyConnection, a: "a", b: "b")]
            torrent = Torrent()
        } else {
            var nodes: [Node] = []
            for (name, _) in peers.value.objectMembers ?? [] {
                guard Self.isValidName(name) else { throw TranscriptFormatError(path: "$.peers.\(name)", "a peer name is [a-z][a-z0-9_]*") }
                nodes.append(try Self.node(name, try peers.object(name)))
            }
            guard nodes.count >= 2 else { throw TranscriptFormatError(path: "$.peers", "a scenario has at least two peers") }
            self.nodes = nodes
            var connections: [Connection] = []
            for (n, item) in try root.array("connections").enumerated() {
                let path = "$.connections[\(n)]"
                let fields = try JSONFields(item, path: path)
                try fields.rejectUnknown(["id", "a", "b", "opened", "closed"])
                let connection = Connection(
                    id: try fields.string("id"), a: try fields.string("a"), b: try fields.string("b"), opened: try fields.optionalNumber("opened") ?? 0,
                    closed: try fields.optionalNumber("closed"))
                for (key, name) in [("a", connection.a), ("b", connection.b)] where !nodes.contains(where: { $0.name == name }) {
                    throw TranscriptFormatError(path: path + "." + key, "no peer named '\(name)'")
                }
                guard connection.a != connection.b else { throw TranscriptFormatError(path: path + ".b", "a connection joins two different peers") }
                guard !connections.contains(where: { $0.id == connection.id }) else { throw TranscriptFormatError(path: path + ".id", "id '\(connection.id)' is used twice") }
                if let closed = connection.closed, closed < connection.opened { throw TranscriptFormatError(path: path + ".closed", "closes before it opens") }
                connections.append(connection)
            }
            guard !connections.isEmpty else { throw TranscriptFormatError(path: "$.connections", "a version 2 transcript has at least one connection") }
            self.connections = connections
            if let torrent = try root.optionalObject("torrent") {
                try torrent.rejectUnknown(["private"])
                guard let flag = torrent.member("private") else { throw TranscriptFormatError(path: "$.torrent.private", "missing") }
                guard case .bool(let isPrivate) = flag else { throw TranscriptFormatError(path: "$.torrent.private", "expected true or false") }
                self.torrent = Torrent(isPrivate: isPrivate)
            } else {
                self.torrent = Torrent()
            }
        }
        hazard = try root.optionalString("hazard")
        let items = try root.array("messages")
        guard !items.isEmpty else { throw TranscriptFormatError(path: "$.messages", "a transcript has at least one message") }
        var messages: [TranscriptMessage] = []
        var previous: Double = 0
        for (n, item) in items.enumerated() {
            let path = "$.messages[\(n)]"
            let message = try TranscriptMessage(json: item, path: path, format: format)
            if format == 2 {
                guard let conn = message.connection ?? (connections.count == 1 ? connections[0].id : nil) else {
                    throw TranscriptFormatError(path: path + ".conn", "missing: this scenario has several connections")
                }
                guard let connection = connections.first(where: { $0.id == conn }) else {
                    throw TranscriptFormatError(path: path + ".conn", "no connection named '\(conn)'")
                }
                guard connection.isOpen(at: message.time) || message.time == connection.closed else {
                    throw TranscriptFormatError(path: path + ".t", "connection '\(conn)' is not open at \(message.time) s")
                }
            }
            // "Messages are listed in wire order; times never decrease" (docs/conformance.md).
            guard message.time >= previous else {
                throw TranscriptFormatError(path: path + ".t", "time \(message.time) is earlier than the previous message's \(previous)")
            }
            previous = message.time
            messages.append(message)
        }
        self.messages = messages
    }

    /// The members a transcript of `format` may have at its root.
    static func members(format: Int) -> Set<String> {
        let common: Set<String> = ["$schema", "format", "id", "title", "spec", "provenance", "peers", "hazard", "messages"]
        return format == 1 ? common : common.union(["connections", "torrent"])
    }

    static func isValidID(_ id: String) -> Bool {
        let segments = id.split(separator: "/", omittingEmptySubsequences: false)
        return segments.count >= 2 && segments.allSatisfy { segment in
            !segment.isEmpty && segment.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
        }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    private static func node(_ name: String, _ fields: JSONFields) throws(TranscriptFormatError) -> Node {
        try fields.rejectUnknown(["client", "version", "profile", "address", "fetching_metadata"])
        let address = try fields.optionalString("address")
        if let address, PeerAddress(address) == nil { throw TranscriptFormatError(path: fields.path + ".address", "expected ip:port or [ipv6]:port") }
        var fetching = false
        if let flag = fields.member("fetching_metadata") {
            guard case .bool(let value) = flag else { throw TranscriptFormatError(path: fields.path + ".fetching_metadata", "expected true or false") }
            fetching = value
        }
        return Node(name: name, peer: try peer(fields), address: address, fetchingMetadata: fetching)
    }

    private static func client(_ fields: JSONFields) throws(TranscriptFormatError) -> Client {
        try fields.rejectUnknown(["name", "version"])
        return Client(name: try fields.string("name"), version: try fields.string("version"))
    }

    private static func peer(_ fields: JSONFields) throws(TranscriptFormatError) -> Peer {
        return Peer(client: Client(name: try fields.string("client"), version: try fields.string("version")), profile: try fields.string("profile"))
    }
}

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
