import Bencode
import PeerWire
import PexModel
import WireCore

/// The AZ_HANDSHAKE payload: a bencoded dictionary that introduces the client and lists the
/// messages it supports (the Azureus messaging document, lines 13–37).
///
/// Decoding, in the document's order:
/// - `identity` (required, 20 bytes): absent is `missing_key`, another length
///   `bad_identity_length`; lenient mode keeps whatever bytes came (none when absent).
/// - `client`, `version` (required strings): absent `missing_key`, not UTF-8 `invalid_utf8`;
///   lenient mode uses "" or the text with replacement characters.
/// - `tcp_port`, `udp_port`, `udp2_port` (optional integers): outside 0...65535
///   `port_out_of_range`, ignored in lenient mode.
/// - `handshake_type` (optional integer, 0 plain, 1 crypto): another value `value_out_of_range`,
///   ignored in lenient mode.
/// - `messages` (required list of `{id, ver}` dictionaries, `ver` a 1-byte string): `ver` given as
///   an integer is `integer_message_version` and taken when it fits a byte; an entry without a
///   usable `id` or `ver` is `bad_message_entry` and dropped in lenient mode.
/// - Any other key (BiglyBT sends `upload_only`, `ipv6`, `mds`, `pad`, `session`, `reconn`) is
///   kept in ``unknownKeys`` and written back by ``encoded``.
///
/// A key of the wrong bencode type is `wrong_type` (ignored in lenient mode); strict mode throws
/// on the first deviation.
public struct AZHandshake: BencodedMessage, Hashable, Sendable {
    /// One entry of `messages`: a message id the client supports and its version.
    public struct Message: Hashable, Sendable {
        public var id: AzureusMessageID
        public var version: UInt8

        public init(id: AzureusMessageID, version: UInt8 = AzureusFrame.currentVersion) {
            self.id = id
            self.version = version
        }
    }

    /// The keys this type reads; every other key is kept in ``unknownKeys``.
    public static let knownKeys: Set<String> = [
        "identity", "client", "version", "tcp_port", "udp_port", "udp2_port", "handshake_type", "messages",
    ]

    /// 20 random bytes chosen once at start-up (20 bytes unless a lenient decode kept another length).
    public var identity: [UInt8]
    /// The client's name, such as `Transmission`.
    public var client: String
    /// The client's version, such as `0.7`.
    public var version: String
    public var tcpPort: UInt16?
    public var udpPort: UInt16?
    /// The UDP non-data port.
    public var udp2Port: UInt16?
    public var handshakeType: HandshakeType?
    public var messages: [Message]
    /// Entries with keys outside ``knownKeys``, in wire order.
    public var unknownKeys: [BencodeDictionary.Entry]

    public init(
        identity: [UInt8], client: String, version: String, tcpPort: UInt16? = nil, udpPort: UInt16? = nil,
        udp2Port: UInt16? = nil, handshakeType: HandshakeType? = nil, messages: [Message] = [],
        unknownKeys: [BencodeDictionary.Entry] = []
    ) {
        self.identity = identity
        self.client = client
        self.version = version
        self.tcpPort = tcpPort
        self.udpPort = udpPort
        self.udp2Port = udp2Port
        self.handshakeType = handshakeType
        self.messages = messages
        self.unknownKeys = unknownKeys
    }

    /// The decoder behind ``BencodedMessage/decode(_:mode:limits:)``: the bencoded payload
    /// (offsets count from its first byte), read with the bencode decoder's `limits`.
    public static func decodeBody(
        _ payload: UnsafeBufferPointer<UInt8>, mode: ParseMode, limits: BencodeLimits
    ) throws(ParseError) -> Decoded<AZHandshake> {
        try BencodedPayload.read(payload, what: "AZ_HANDSHAKE", mode: mode, limits: limits) { (dict) throws(ParseError) in
            try decodeBody(&dict)
        }
    }

    private static func decodeBody(_ dict: inout BencodedPayload) throws(ParseError) -> Decoded<AZHandshake> {
        let identity = try dict.bytes(dict.root["identity"], "identity", length: 20, code: .badIdentityLength)
        let client = try dict.text("client")
        let version = try dict.text("version")
        let tcpPort = try dict.port("tcp_port")
        let udpPort = try dict.port("udp_port")
        let udp2Port = try dict.port("udp2_port")

        var handshakeType: HandshakeType?
        if let node = try dict.value("handshake_type", .integer), let raw = node.integer {
            handshakeType = UInt8(exactly: raw).flatMap(HandshakeType.init(rawValue:))
            if handshakeType == nil {
                try dict.diagnostics.tolerate(.valueOutOfRange, at: node.offset, "handshake_type \(raw) is neither 0 nor 1")
            }
        }

        var messages: [Message] = []
        if let list = try dict.value("messages", .list, required: true) {
            for item in list.children {
                if let message = try Self.message(item, &dict) { messages.append(message) }
            }
        }

        let handshake = AZHandshake(
            identity: identity, client: client, version: version, tcpPort: tcpPort, udpPort: udpPort, udp2Port: udp2Port,
            handshakeType: handshakeType, messages: messages, unknownKeys: dict.unknownEntries(known: knownKeys))
        return Decoded(handshake, warnings: dict.diagnostics.warnings)
    }

    /// One `{id, ver}` entry of `messages`, or nil (tolerated) when it has no usable id or version.
    private static func message(_ item: BencodedPayload.Node, _ dict: inout BencodedPayload) throws(ParseError) -> Message? {
        guard let entry = try dict.expect(item, .dictionary, "a messages entry") else { return nil }
        guard let idBytes = entry["id"]?.stringBytes else {
            try dict.diagnostics.tolerate(.badMessageEntry, at: entry.offset, "a messages entry without a string 'id'")
            return nil
        }
        let id = AzureusMessageID(bytes: idBytes)
        guard let ver = entry["ver"] else {
            try dict.diagnostics.tolerate(.badMessageEntry, at: entry.offset, "messages entry \(id) has no 'ver'")
            return nil
        }
        if let bytes = ver.stringBytes, bytes.count == 1, let byte = bytes.first {
            return Message(id: id, version: byte)
        }
        if let integer = ver.integer {
            try dict.diagnostics.tolerate(.integerMessageVersion, at: ver.offset, "'ver' of \(id) is an integer, expected a 1-byte string")
            if let byte = UInt8(exactly: integer) { return Message(id: id, version: byte) }
        }
        try dict.diagnostics.tolerate(.badMessageEntry, at: ver.offset, "'ver' of \(id) is not a 1-byte string")
        return nil
    }

    /// The payload as canonical bencode: the optional keys only when set, unknown keys kept.
    public var encoded: [UInt8] {
        var dict = BencodeDictionary(entries: unknownKeys)
        dict["identity"] = .string(identity)
        dict["client"] = .string(Array(client.utf8))
        dict["version"] = .string(Array(version.utf8))
        if let tcpPort { dict["tcp_port"] = .integer(Int64(tcpPort)) }
        if let udpPort { dict["udp_port"] = .integer(Int64(udpPort)) }
        if let udp2Port { dict["udp2_port"] = .integer(Int64(udp2Port)) }
        if let handshakeType { dict["handshake_type"] = .integer(Int64(handshakeType.rawValue)) }
        dict["messages"] = .list(messages.map { ["id": .string($0.id.encoded), "ver": .string([$0.version])] })
        return BencodeEncoder.encode(.dictionary(dict))
    }
}
