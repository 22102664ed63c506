import Foundation
import WireJSON

/// One conformance case: a recorded exchange between two peers, each message with the decoded
/// structure or error it must produce and the reaction the receiving peer must show.
///
/// A transcript is one JSON file (`Conformance/cases/<spec>/<section>/<name>.json`) described in
/// `docs/conformance.md` and `Conformance/schema/transcript.schema.json`, so a client author in
/// any language can replay it against their own parser.
public struct Transcript: Sendable, Equatable {
    /// The version of the transcript format this type reads and writes.
    public static let formatVersion = 1

    /// h2spec-style id: spec, section and name (`bep10/handshake/example`).
    public var id: String
    /// One line saying what the case checks.
    public var title: String
    public var spec: SpecSource
    public var provenance: Provenance
    /// Peer `a` opened the connection; `b` accepted it.
    public var peers: Peers
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
        self.peers = peers
        self.hazard = hazard
        self.messages = messages
    }

    /// The document and the requirement, quoted, that a case checks.
    public struct SpecSource: Sendable, Equatable {
        /// The document, as a name a reader can find (`BEP 10`, `reference/002_e63e2538efcb285d.txt`).
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
        try root.rejectUnknown(["$schema", "format", "id", "title", "spec", "provenance", "peers", "hazard", "messages"])
        if let format = try root.optionalInteger("format"), format != Self.formatVersion {
            throw TranscriptFormatError(path: "$.format", "format \(format) is not supported (this reader knows \(Self.formatVersion))")
        }
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
        try peers.rejectUnknown(["a", "b"])
        self.peers = Peers(a: try Self.peer(try peers.object("a")), b: try Self.peer(try peers.object("b")))
        hazard = try root.optionalString("hazard")
        let items = try root.array("messages")
        guard !items.isEmpty else { throw TranscriptFormatError(path: "$.messages", "a transcript has at least one message") }
        var messages: [TranscriptMessage] = []
        for (n, item) in items.enumerated() {
            messages.append(try TranscriptMessage(json: item, path: "$.messages[\(n)]"))
        }
        self.messages = messages
    }

    /// Reads the transcript in the JSON file at `path`.
    public init(contentsOf path: String) throws(TranscriptFormatError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranscriptFormatError(file: path, path: "$", "cannot read the file")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse([UInt8](data))
        } catch {
            throw TranscriptFormatError(file: path, path: "$", error.description)
        }
        do {
            try self.init(json: json)
        } catch {
            var located = error
            located.file = path
            throw located
        }
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

    private static func client(_ fields: JSONFields) throws(TranscriptFormatError) -> Client {
        try fields.rejectUnknown(["name", "version"])
        return Client(name: try fields.string("name"), version: try fields.string("version"))
    }

    private static func peer(_ fields: JSONFields) throws(TranscriptFormatError) -> Peer {
        try fields.rejectUnknown(["client", "version", "profile"])
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
            ("format", .integer(Int64(Self.formatVersion))),
            ("id", .string(id)),
            ("title", .string(title)),
            ("spec", specMembers.value),
            ("provenance", provenanceMembers.value),
            ("peers", ["a": peer(peers.a), "b": peer(peers.b)]),
        ])
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
