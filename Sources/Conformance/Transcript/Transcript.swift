/// One conformance case: a recorded exchange between peers, each message with the decoded
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
