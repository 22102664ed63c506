import PexModel
import WireJSON

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
