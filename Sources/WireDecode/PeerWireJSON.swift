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
            "reserved": .string(Hex.encode(handshake.reserved.encoded)),
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
    var decoder = PeerFrameDecoder(mode: mode)
    var frames: [JSONValue] = []
    var warnings: [ParseWarning] = []
    var unlisted = 0
    var firstUnlisted = 0
    // Fed a chunk at a time, so the framer holds at most one frame beside the input.
    var start = 0
    repeat {
        let end = min(bytes.count, start + FramesListing.chunk)
        decoder.append(bytes[start..<end])
        start = end
        while true {
            let offset = decoder.streamOffset
            guard let message = try decoder.nextDecoded() else { break }
            warnings += message.warnings
            if frames.count < FramesListing.maxListed {
                frames.append(frameJSON(message.value))
            } else {
                if unlisted == 0 { firstUnlisted = offset }
                unlisted += 1
            }
        }
    } while start < bytes.count
    if decoder.hasPartialFrame {
        throw ParseError(.unexpectedEOF, at: bytes.count, "the stream ends inside the frame at offset \(decoder.streamOffset)")
    }
    guard unlisted > 0 else { return Decoded(.array(frames), warnings: warnings) }
    let warning = ParseWarning(
        .framesNotListed, at: firstUnlisted,
        "\(unlisted) more frames from offset \(firstUnlisted) decoded and valid, not listed (the listing stops at \(FramesListing.maxListed))")
    return Decoded(.array(frames), warnings: warnings + [warning])
}

/// How `decode frames` bounds its output: it lists the first ``maxListed`` frames and counts the
/// rest (decoded and checked all the same), so its memory is a small multiple of its input.
public enum FramesListing {
    public static let maxListed = 10_000
    static let chunk = 1 << 16
}

/// One standard message as JSON; also the payload of Azureus BT_* frames (`az-frame`).
func frameJSON(_ message: PeerMessage) -> JSONValue {
    var members = JSONObject([("type", .string(message.typeName))])
    switch message {
    case .keepAlive:
        return members.value
    case .choke, .unchoke, .interested, .notInterested, .bitfield, .haveAll, .haveNone:
        break
    case .have(let index), .suggest(let index), .allowedFast(let index):
        members.put("piece_index", integer: index)
    case .request(let index, let begin, let length), .cancel(let index, let begin, let length), .reject(let index, let begin, let length):
        members.put("index", integer: index)
        members.put("begin", integer: begin)
        members.put("length", integer: length)
    case .piece(let index, let begin, let block):
        members.put("index", integer: index)
        members.put("begin", integer: begin)
        members.put("block", .string(Hex.encode(block)))
    case .port(let port):
        members.put("port", integer: port)
    case .extended(let id, let payload):
        members.put("extended_id", integer: id)
        members.put("payload", .string(Hex.encode(payload)))
        return members.value
    case .unknown(let id, _):
        members.put("id", integer: id)
    }
    members.put("payload", .string(Hex.encode(message.payload)))
    return members.value
}

/// The keys present: `m` as an object of name to id, `v` as a string (or `{"hex": …}`),
/// `yourip` / `ipv4` / `ipv6` as address text, integers as numbers, unknown keys under `"extra"`
/// as bencode JSON.
func decodeExtendedHandshakeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    try ExtendedHandshake.decode(bytes, mode: mode).map { handshake in
        var members = JSONObject()
        members.put("complete_ago", integer: handshake.completeAgo)
        members.put("e", integer: handshake.encryption)
        members.put("ipv4", handshake.ipv4.map(PexJSON.address))
        members.put("ipv6", handshake.ipv6.map(PexJSON.address))
        members.put("m", handshake.messages.map { .object($0.map { ($0.name, .integer(Int64($0.id))) }) })
        members.put("metadata_size", integer: handshake.metadataSize)
        members.put("p", integer: handshake.listenPort)
        members.put("reqq", integer: handshake.requestQueueSize)
        members.put("upload_only", integer: handshake.uploadOnly)
        members.put("v", handshake.clientVersion.map(BencodeJSON.bytes))
        members.put("yourip", handshake.yourIP.map(PexJSON.address))
        members.put("extra", BencodeJSON.extra(handshake.extra.entries))
        return members.value
    }
}

/// `{"added": [{"ip", "port", "flags"}], "added6": […], "dropped": [{"ip", "port"}], "dropped6": […]}`,
/// all four always present.
func decodeUTPexJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    func added(_ peers: [PexPeer]) -> JSONValue {
        .array(peers.map { peer in PexJSON.peer(peer.address) { $0.put("flags", integer: peer.flags.rawValue) } })
    }
    func dropped(_ peers: [PeerAddress]) -> JSONValue { .array(peers.map { PexJSON.peer($0) }) }
    return try UTPexMessage.decode(bytes, mode: mode).map { message in
        [
            "added": added(message.added), "added6": added(message.added6),
            "dropped": dropped(message.dropped), "dropped6": dropped(message.dropped6),
        ]
    }
}
