import Bencode
import PeerWire
import PexModel
import WireCore
import WireJSON

// The JSON forms of the PeerWire kinds of `pexspec decode` (docs/peerwire.md gives examples).

/// `{"protocol", "reserved": hex, "extensions", "dht", "fast", "info_hash": hex, "peer_id"}`;
/// `peer_id` is a string when it is UTF-8 and `{"hex": …}` otherwise, as bencode strings are.
func decodeHandshakeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    try Handshake.decode(bytes, mode: mode).map { handshake in
        [
            "protocol": .string(String(decoding: Handshake.protocolString, as: UTF8.self)),
            "reserved": .string(Hex.encode(handshake.reserved.bytes)),
            "extensions": .bool(handshake.reserved.contains(.extensionProtocol)),
            "dht": .bool(handshake.reserved.contains(.dht)),
            "fast": .bool(handshake.reserved.contains(.fast)),
            "info_hash": .string(Hex.encode(handshake.infoHash)),
            "peer_id": BencodeJSON.bytes(handshake.peerID),
        ]
    }
}

/// An array of messages, each `{"type", …typed fields, "payload": hex}`. A stream that ends
/// inside a frame is `unexpected_eof` at its end.
func decodeFramesJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    var decoder = PeerFrameDecoder()
    decoder.append(bytes)
    var frames: [JSONValue] = []
    while let message = try decoder.next() { frames.append(frameJSON(message)) }
    if decoder.hasPartialFrame {
        throw ParseError(.unexpectedEOF, at: bytes.count, "the stream ends inside the frame at offset \(decoder.streamOffset)")
    }
    return Decoded(.array(frames))
}

/// One standard message as JSON; also the payload of Azureus BT_* frames (`az-frame`).
func frameJSON(_ message: PeerMessage) -> JSONValue {
    var members: [(String, JSONValue)] = [("type", .string(message.typeName))]
    func number(_ name: String, _ value: some BinaryInteger) { members.append((name, .integer(Int64(value)))) }
    switch message {
    case .keepAlive:
        return .object(members)
    case .choke, .unchoke, .interested, .notInterested, .bitfield:
        break
    case .have(let index):
        number("piece_index", index)
    case .request(let index, let begin, let length), .cancel(let index, let begin, let length):
        number("index", index)
        number("begin", begin)
        number("length", length)
    case .piece(let index, let begin, let block):
        number("index", index)
        number("begin", begin)
        members.append(("block", .string(Hex.encode(block))))
    case .port(let port):
        number("port", port)
    case .extended(let id, let payload):
        number("extended_id", id)
        members.append(("payload", .string(Hex.encode(payload))))
        return .object(members)
    case .unknown(let id, _):
        number("id", id)
    }
    members.append(("payload", .string(Hex.encode(message.payload))))
    return .object(members)
}

/// The keys present: `m` as an object of name to id, `v` as a string (or `{"hex": …}`),
/// `yourip` / `ipv4` / `ipv6` as address text, integers as numbers, unknown keys under `"extra"`
/// as bencode JSON.
func decodeExtendedHandshakeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    try ExtendedHandshake.decode(bytes, mode: mode).map { handshake in
        var members: [(String, JSONValue)] = []
        func put(_ key: String, _ value: JSONValue?) { if let value { members.append((key, value)) } }
        put("complete_ago", handshake.completeAgo.map(JSONValue.integer))
        put("e", handshake.encryption.map(JSONValue.integer))
        put("ipv4", handshake.ipv4.map { .string($0.description) })
        put("ipv6", handshake.ipv6.map { .string($0.description) })
        put("m", handshake.messages.map { .object($0.map { ($0.name, .integer(Int64($0.id))) }) })
        put("metadata_size", handshake.metadataSize.map(JSONValue.integer))
        put("p", handshake.listenPort.map { .integer(Int64($0)) })
        put("reqq", handshake.requestQueueSize.map(JSONValue.integer))
        put("upload_only", handshake.uploadOnly.map(JSONValue.integer))
        put("v", handshake.clientVersion.map(BencodeJSON.bytes))
        put("yourip", handshake.yourIP.map { .string($0.description) })
        if !handshake.extra.isEmpty { put("extra", BencodeJSON.json(.dictionary(handshake.extra))) }
        return .object(members)
    }
}

/// `{"added": [{"ip", "port", "flags"}], "added6": […], "dropped": [{"ip", "port"}], "dropped6": […]}`,
/// all four always present.
func decodeUTPexJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    func peer(_ address: PeerAddress) -> [(String, JSONValue)] {
        [("ip", .string(address.ip.description)), ("port", .integer(Int64(address.port)))]
    }
    func added(_ peers: [PexPeer]) -> JSONValue {
        .array(peers.map { .object(peer($0.address) + [("flags", .integer(Int64($0.flags.rawValue)))]) })
    }
    func dropped(_ peers: [PeerAddress]) -> JSONValue { .array(peers.map { .object(peer($0)) }) }
    return try UTPexMessage.decode(bytes, mode: mode).map { message in
        [
            "added": added(message.added), "added6": added(message.added6),
            "dropped": dropped(message.dropped), "dropped6": dropped(message.dropped6),
        ]
    }
}
