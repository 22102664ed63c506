import Bencode
import PexModel
import WireCore

/// The BEP 10 extended handshake: the bencoded dictionary carried by extended message 0.
///
/// Every key BEP 10 defines (`m`, `p`, `v`, `yourip`, `ipv4`, `ipv6`, `reqq`), Transmission's `e`,
/// and `metadata_size`, `upload_only`, `complete_ago` as deployed clients send them are typed
/// properties; every other key is kept in ``extra`` in wire order. All keys are optional.
///
/// Decoding rules (see docs/peerwire.md):
/// - Errors in both modes: bencode errors; a payload that is not a dictionary
///   (`not_a_dictionary` at 0); `m` that is not a dictionary (`not_a_dictionary` at `m`'s value).
/// - Deviations deployed clients tolerate, raised in strict mode and warned about in lenient
///   mode, each at the offset of the value concerned: `wrong_type` (a known key of another type:
///   ignored), `port_out_of_range` (`p` outside 1...65535: ignored), `value_out_of_range` (an `m`
///   id outside 0...255, a negative `reqq` or `metadata_size`: ignored), `bad_address_length`
///   (`yourip` not 4 or 16 bytes, `ipv4` not 4, `ipv6` not 16: ignored), `duplicate_extension_id`
///   (two names with one non-zero id: both kept), `invalid_utf8` (`v` not UTF-8: its bytes kept;
///   an `m` name not UTF-8: that entry dropped), and the bencode decoder's own deviations.
public struct ExtendedHandshake: BencodedMessage, Hashable, Sendable {
    /// One entry of `m`: an extension name and the extended message id the sender receives it on.
    public struct Extension: Hashable, Sendable {
        public var name: String
        /// 0 means the extension is not supported, or disabled by a re-sent handshake.
        public var id: UInt8

        public init(name: String, id: UInt8) {
            self.name = name
            self.id = id
        }
    }

    /// `m`: the sender's extensions in wire order (the first of a repeated name only), nil when
    /// the key is absent. The ids are local to the sender: they are the ids to send those
    /// messages to it with. A re-sent handshake lists only changes (see ``ExtensionRegistry``).
    public var messages: [Extension]?
    /// `p`: the sender's TCP listen port.
    public var listenPort: UInt16?
    /// `v`: client name and version, as sent (UTF-8 per BEP 10; see ``clientVersionString``).
    public var clientVersion: [UInt8]?
    /// `yourip`: the address the sender sees the receiver as (IPv4 or IPv6).
    public var yourIP: IPAddress?
    /// `ipv4`: the sender's IPv4 address.
    public var ipv4: IPAddress?
    /// `ipv6`: the sender's IPv6 address.
    public var ipv6: IPAddress?
    /// `reqq`: how many outstanding requests the sender accepts.
    public var requestQueueSize: Int64?
    /// `e`: 1 when the sender prefers encrypted connections (Transmission).
    public var encryption: Int64?
    /// `metadata_size`: bytes of the info dictionary (ut_metadata). Not checked against any
    /// bound here: a consumer that allocates by it must cap it.
    public var metadataSize: Int64?
    /// `upload_only`: non-zero when the sender is a seed or upload-only.
    public var uploadOnly: Int64?
    /// `complete_ago`: seconds since the sender completed the torrent (libtorrent; -1: never).
    public var completeAgo: Int64?
    /// Every key not named above, in wire order.
    public var extra: BencodeDictionary

    public init(
        messages: [Extension]? = nil, listenPort: UInt16? = nil, clientVersion: String? = nil, yourIP: IPAddress? = nil,
        ipv4: IPAddress? = nil, ipv6: IPAddress? = nil, requestQueueSize: Int64? = nil, encryption: Int64? = nil,
        metadataSize: Int64? = nil, uploadOnly: Int64? = nil, completeAgo: Int64? = nil, extra: BencodeDictionary = [:]
    ) {
        self.messages = messages
        self.listenPort = listenPort
        self.clientVersion = clientVersion.map { Array($0.utf8) }
        self.yourIP = yourIP
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.requestQueueSize = requestQueueSize
        self.encryption = encryption
        self.metadataSize = metadataSize
        self.uploadOnly = uploadOnly
        self.completeAgo = completeAgo
        self.extra = extra
    }

    /// The keys this type reads into properties; all others go to ``extra``.
    public static let knownKeys: Set<String> = [
        "m", "p", "v", "yourip", "ipv4", "ipv6", "reqq", "e", "metadata_size", "upload_only", "complete_ago",
    ]

    /// `v` as text, or nil when absent or not UTF-8.
    public var clientVersionString: String? { clientVersion.flatMap { String(validating: $0, as: UTF8.self) } }

    /// The id `m` gives `name` (0 when disabled), or nil when `m` does not name it.
    public func id(for name: String) -> UInt8? { messages?.first { $0.name == name }?.id }

    // MARK: Decoding

    /// The decoder behind ``BencodedMessage/decode(_:mode:limits:)``: the payload of extended
    /// message 0 (after the extended id byte). Offsets count from the start of `payload`.
    public static func decodeBody(
        _ payload: UnsafeBufferPointer<UInt8>, mode: ParseMode, limits: BencodeLimits
    ) throws(ParseError) -> Decoded<ExtendedHandshake> {
        var reader = try BencodedPayload(payload, what: "extended handshake", mode: mode, limits: limits)
        var handshake = ExtendedHandshake()
        for (keyNode, value) in reader.uniqueEntries {
            guard let keyBytes = keyNode.stringBytes else { continue }
            let key = String(validating: keyBytes, as: UTF8.self) ?? ""
            switch key {
            case "m":
                handshake.messages = try readMessages(value, reader: &reader)
            case "p":
                handshake.listenPort = try reader.port(value, key: key, valid: 1...UInt16.max)
            case "v":
                guard let bytes = try reader.string(value, key: key) else { break }
                if String(validating: bytes, as: UTF8.self) == nil {
                    try reader.diagnostics.tolerate(.invalidUTF8, at: value.offset, "'v' is not UTF-8")
                }
                handshake.clientVersion = Array(bytes)
            case "yourip", "ipv4", "ipv6":
                guard let bytes = try reader.string(value, key: key) else { break }
                let allowed = key == "yourip" ? [4, 16] : key == "ipv4" ? [4] : [16]
                guard allowed.contains(bytes.count), let address = IPAddress(bytes: bytes) else {
                    try reader.diagnostics.tolerate(
                        .badAddressLength, at: value.offset, "'\(key)' is \(bytes.count) bytes, expected \(allowed.map(String.init).joined(separator: " or "))")
                    break
                }
                switch key {
                case "yourip": handshake.yourIP = address
                case "ipv4": handshake.ipv4 = address
                default: handshake.ipv6 = address
                }
            case "reqq", "metadata_size":
                guard let number = try reader.integer(value, key: key) else { break }
                guard number >= 0 else {
                    try reader.diagnostics.tolerate(.valueOutOfRange, at: value.offset, "'\(key)' is negative")
                    break
                }
                if key == "reqq" { handshake.requestQueueSize = number } else { handshake.metadataSize = number }
            case "e": handshake.encryption = try reader.integer(value, key: key)
            case "upload_only": handshake.uploadOnly = try reader.integer(value, key: key)
            case "complete_ago": handshake.completeAgo = try reader.integer(value, key: key)
            default: break
            }
        }
        handshake.extra = BencodeDictionary(entries: reader.unknownEntries(known: knownKeys))
        return Decoded(handshake, warnings: reader.diagnostics.warnings)
    }

    /// Reads `m` (step by step as BEP 10 states it: a dictionary of names to ids, 0 = disabled,
    /// no two extensions sharing an id).
    private static func readMessages<Bytes>(_ node: BencodeNode<Bytes>, reader: inout BencodedPayload<Bytes>) throws(ParseError) -> [Extension] {
        guard node.kind == .dictionary else {
            throw ParseError(.notADictionary, at: node.offset, "'m' must be a dictionary of extension names to ids")
        }
        var messages: [Extension] = []
        var owners: [UInt8: String] = [:]
        for (keyNode, value) in BencodedPayload<Bytes>.uniqueEntries(of: node) {
            guard let nameBytes = keyNode.stringBytes else { continue }
            guard let name = String(validating: nameBytes, as: UTF8.self) else {
                try reader.diagnostics.tolerate(.invalidUTF8, at: keyNode.offset, "an extension name in 'm' is not UTF-8")
                continue
            }
            guard let number = try reader.integer(value, key: "m." + name) else { continue }
            guard let id = UInt8(exactly: number) else {
                try reader.diagnostics.tolerate(.valueOutOfRange, at: value.offset, "'m.\(name)' is \(number), not an id in 0...255")
                continue
            }
            if id != 0 {
                if let owner = owners[id] {
                    try reader.diagnostics.tolerate(
                        .duplicateExtensionID, at: value.offset, "'\(name)' and '\(owner)' share extended id \(id)")
                } else {
                    owners[id] = name
                }
            }
            messages.append(Extension(name: name, id: id))
        }
        return messages
    }

    // MARK: Building

    /// The dictionary as a bencode value: the typed properties, then ``extra`` (a key of ``extra``
    /// that a property also writes is left out).
    public var bencodeValue: BencodeValue {
        var dict = BencodeDictionary()
        if let messages {
            dict["m"] = .dictionary(BencodeDictionary(entries: messages.map { .init(key: Array($0.name.utf8), value: .integer(Int64($0.id))) }))
        }
        if let listenPort { dict["p"] = .integer(Int64(listenPort)) }
        if let clientVersion { dict["v"] = .string(clientVersion) }
        if let yourIP { dict["yourip"] = .string(yourIP.bytes) }
        if let ipv4 { dict["ipv4"] = .string(ipv4.bytes) }
        if let ipv6 { dict["ipv6"] = .string(ipv6.bytes) }
        if let requestQueueSize { dict["reqq"] = .integer(requestQueueSize) }
        if let encryption { dict["e"] = .integer(encryption) }
        if let metadataSize { dict["metadata_size"] = .integer(metadataSize) }
        if let uploadOnly { dict["upload_only"] = .integer(uploadOnly) }
        if let completeAgo { dict["complete_ago"] = .integer(completeAgo) }
        dict.entries += extra.entries
        return .dictionary(dict)
    }

    /// The payload in canonical bencode (keys sorted, first of a repeated key or name only).
    public var encoded: [UInt8] { BencodeEncoder.encode(bencodeValue) }

    /// Extended message 0 carrying this handshake.
    public var message: PeerMessage { .extended(id: 0, payload: encoded) }
}
