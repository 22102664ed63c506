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
    /// Every key not named above, in wire order (the first entry of a repeated key).
    public var extra: BencodeDictionary {
        get { extraStorage.dictionary }
        set { extraStorage = LazyBencodeDictionary(newValue) }
    }
    /// ``extra``, kept as wire bytes after a decode until it is read.
    var extraStorage: LazyBencodeDictionary

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
        self.extraStorage = LazyBencodeDictionary(extra)
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
        if let handshake = decodeCanonical(payload, limits: limits) { return Decoded(handshake, warnings: []) }
        return try BencodedPayload.read(payload, what: "extended handshake", mode: mode, limits: limits) { (reader) throws(ParseError) in
            var handshake = ExtendedHandshake()
            var unknown = UnknownEntries()
            // One pass over the root's entries, in wire order, each key read at its first entry.
            var first = BencodedPayload.FirstEntries(reader)
            try reader.root.forEachEntry { (keyBytes, value) throws(ParseError) in
                guard first.isFirst(keyBytes) else { return }
                guard let key = Key(keyBytes) else {
                    unknown.append(value)
                    return
                }
                switch key {
                case .m:
                    handshake.messages = try readMessages(value, reader: &reader)
                case .p:
                    handshake.listenPort = try reader.port(value, key: "p", valid: 1...UInt16.max)
                case .v:
                    guard let bytes = try reader.string(value, key: "v") else { break }
                    if !value.isUTF8String {
                        try reader.diagnostics.tolerate(.invalidUTF8, at: value.offset, "'v' is not UTF-8")
                    }
                    handshake.clientVersion = Array(bytes)
                case .yourip, .ipv4, .ipv6:
                    guard let bytes = try reader.string(value, key: key.name) else { break }
                    guard let address = key.address(bytes) else {
                        let expected = key == .yourip ? "4 or 16" : key == .ipv4 ? "4" : "16"
                        try reader.diagnostics.tolerate(
                            .badAddressLength, at: value.offset, "'\(key.name)' is \(bytes.count) bytes, expected \(expected)")
                        break
                    }
                    switch key {
                    case .yourip: handshake.yourIP = address
                    case .ipv4: handshake.ipv4 = address
                    default: handshake.ipv6 = address
                    }
                case .reqq, .metadataSize:
                    guard let number = try reader.integer(value, key: key.name) else { break }
                    guard number >= 0 else {
                        try reader.diagnostics.tolerate(.valueOutOfRange, at: value.offset, "'\(key.name)' is negative")
                        break
                    }
                    if key == .reqq { handshake.requestQueueSize = number } else { handshake.metadataSize = number }
                case .e: handshake.encryption = try reader.integer(value, key: "e")
                case .uploadOnly: handshake.uploadOnly = try reader.integer(value, key: "upload_only")
                case .completeAgo: handshake.completeAgo = try reader.integer(value, key: "complete_ago")
                }
            }
            handshake.extraStorage = unknown.finish()
            return Decoded(handshake, warnings: reader.diagnostics.warnings)
        }
    }

    /// The keys read into properties (``knownKeys``), matched against a key's bytes in place.
    private enum Key {
        case m, p, v, yourip, ipv4, ipv6, reqq, e, metadataSize, uploadOnly, completeAgo

        init?(_ key: UnsafeBufferPointer<UInt8>) {
            func matches(_ name: StaticString) -> Bool { BencodedPayload.key(key, is: name) }
            switch key.count {
            case 1:
                switch key[0] {
                case UInt8(ascii: "m"): self = .m
                case UInt8(ascii: "p"): self = .p
                case UInt8(ascii: "v"): self = .v
                case UInt8(ascii: "e"): self = .e
                default: return nil
                }
            case 4:
                if matches("reqq") { self = .reqq } else if matches("ipv4") { self = .ipv4 } else if matches("ipv6") { self = .ipv6 } else { return nil }
            case 6: if matches("yourip") { self = .yourip } else { return nil }
            case 11: if matches("upload_only") { self = .uploadOnly } else { return nil }
            case 12: if matches("complete_ago") { self = .completeAgo } else { return nil }
            case 13: if matches("metadata_size") { self = .metadataSize } else { return nil }
            default: return nil
            }
        }

        /// The address in `bytes` when their length fits the key (`yourip` 4 or 16 bytes, `ipv4`
        /// 4, `ipv6` 16), else nil.
        @inline(__always)
        func address(_ bytes: UnsafeBufferPointer<UInt8>) -> IPAddress? {
            let fits = self == .yourip ? bytes.count == 4 || bytes.count == 16 : bytes.count == (self == .ipv4 ? 4 : 16)
            return fits ? IPAddress(bytes: bytes) : nil
        }

        var name: StaticString {
            switch self {
            case .m: "m"
            case .p: "p"
            case .v: "v"
            case .yourip: "yourip"
            case .ipv4: "ipv4"
            case .ipv6: "ipv6"
            case .reqq: "reqq"
            case .e: "e"
            case .metadataSize: "metadata_size"
            case .uploadOnly: "upload_only"
            case .completeAgo: "complete_ago"
            }
        }
    }

    /// The fast path: a payload in canonical bencode holding only known keys, each of its type
    /// and in its range, `m` a dictionary of UTF-8 names to ids with no non-zero id shared and
    /// `v` UTF-8, read in one pass over its bytes with no token array. Nil for anything else,
    /// which the general path decodes and reports on; it would give this handshake and no warning.
    @inline(__always)
    private static func decodeCanonical(_ payload: UnsafeBufferPointer<UInt8>, limits: BencodeLimits) -> ExtendedHandshake? {
        var handshake = ExtendedHandshake()
        let read = BencodeCanonicalScanner.readDictionary(payload, limits: limits) { keyBytes, scanner in
            guard let key = Key(keyBytes) else { return false }
            switch key {
            case .m:
                guard let messages = canonicalMessages(&scanner) else { return false }
                handshake.messages = messages
            case .p:
                guard let number = scanner.integer(), number >= 1, number <= Int64(UInt16.max) else { return false }
                handshake.listenPort = UInt16(truncatingIfNeeded: number)
            case .v:
                guard let bytes = scanner.string(), BencodeView.isUTF8(bytes) else { return false }
                handshake.clientVersion = Array(bytes)
            case .yourip, .ipv4, .ipv6:
                guard let bytes = scanner.string(), let address = key.address(bytes) else { return false }
                switch key {
                case .yourip: handshake.yourIP = address
                case .ipv4: handshake.ipv4 = address
                default: handshake.ipv6 = address
                }
            case .reqq, .metadataSize:
                guard let number = scanner.integer(), number >= 0 else { return false }
                if key == .reqq { handshake.requestQueueSize = number } else { handshake.metadataSize = number }
            case .e, .uploadOnly, .completeAgo:
                guard let number = scanner.integer() else { return false }
                switch key {
                case .e: handshake.encryption = number
                case .uploadOnly: handshake.uploadOnly = number
                default: handshake.completeAgo = number
                }
            }
            return true
        }
        // No unknown key: `extra` is empty, as `ExtendedHandshake()` made it.
        return read ? handshake : nil
    }

    /// `m` on the fast path, from its `d` to its `e`: nil unless every name is UTF-8, every id
    /// in 0...255 and no non-zero id shared.
    @inline(__always)
    private static func canonicalMessages(_ scanner: inout BencodeCanonicalScanner) -> [Extension]? {
        var messages: [Extension] = []
        messages.reserveCapacity(8)
        var owners = IDOwners()
        let read = scanner.dictionary { nameBytes, scanner in
            guard let name = BencodedPayload.utf8String(nameBytes), let number = scanner.integer(), let id = UInt8(exactly: number),
                id == 0 || owners.claim(id, index: messages.count, in: messages) == nil
            else { return false }
            messages.append(Extension(name: name, id: id))
            return true
        }
        return read ? messages : nil
    }

    /// Reads `m` (step by step as BEP 10 states it: a dictionary of names to ids, 0 = disabled,
    /// no two extensions sharing an id).
    private static func readMessages(_ node: BencodedPayload.Node, reader: inout BencodedPayload) throws(ParseError) -> [Extension] {
        guard node.kind == .dictionary else {
            throw ParseError(.notADictionary, at: node.offset, "'m' must be a dictionary of extension names to ids")
        }
        var messages: [Extension] = []
        messages.reserveCapacity(node.count)
        var owners = IDOwners()
        var first = BencodedPayload.FirstEntries(reader)
        try node.forEachEntry { (nameBytes, value) throws(ParseError) in
            guard first.isFirst(nameBytes) else { return }
            guard let name = BencodedPayload.utf8String(nameBytes) else {
                // The key's token is just before its value's.
                try reader.diagnostics.tolerate(.invalidUTF8, at: node.document.node(at: value.index - 1).offset, "an extension name in 'm' is not UTF-8")
                return
            }
            guard let number = try reader.expect(value, .integer, "'m.\(name)'")?.integer else { return }
            guard let id = UInt8(exactly: number) else {
                try reader.diagnostics.tolerate(.valueOutOfRange, at: value.offset, "'m.\(name)' is \(number), not an id in 0...255")
                return
            }
            if id != 0, let owner = owners.claim(id, index: messages.count, in: messages) {
                try reader.diagnostics.tolerate(
                    .duplicateExtensionID, at: value.offset, "'\(name)' and '\(owner)' share extended id \(id)")
            }
            messages.append(Extension(name: name, id: id))
        }
        return messages
    }

    /// Which extended ids `m` has given out so far: a bit per id, so that a handshake without a
    /// shared id allocates nothing for the check; the first holder of each id is indexed once an
    /// id is shared, so that any number of shared ids costs constant time each.
    private struct IDOwners {
        private var taken: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        private var firstHolder: [Int]?

        /// Records that `messages[index]` (about to be appended) has `id`; returns the name of the
        /// first extension that already has it, if any.
        mutating func claim(_ id: UInt8, index: Int, in messages: [Extension]) -> String? {
            let bit = UInt64(1) << (id % 64)
            let word: UInt64
            switch id / 64 {
            case 0: word = taken.0; taken.0 |= bit
            case 1: word = taken.1; taken.1 |= bit
            case 2: word = taken.2; taken.2 |= bit
            default: word = taken.3; taken.3 |= bit
            }
            guard word & bit != 0 else {
                firstHolder?[Int(id)] = index
                return nil
            }
            if firstHolder == nil {
                var holders = [Int](repeating: -1, count: 256)
                for (i, message) in messages.enumerated() where holders[Int(message.id)] < 0 { holders[Int(message.id)] = i }
                firstHolder = holders
            }
            guard let holder = firstHolder?[Int(id)], messages.indices.contains(holder) else { return nil }
            return messages[holder].name
        }
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
