import AzureusWire
import Bencode
import PeerWire
import PexModel
import WireCore
import WireJSON

// The JSON forms of the Azureus kinds of `pexspec decode` (docs/azureus.md gives examples).

/// One whole frame, its length included:
/// `{"message_id": "AZ_PEER_EXCHANGE", "version": 1, "payload": …}`, with `"flags"` and
/// `"padding"` (hex) between version and payload for BiglyBT's flags-and-version byte. The payload is an object
/// for AZ_HANDSHAKE and AZ_PEER_EXCHANGE, the message fields for BT_*, and `{"hex": …}` for
/// JPC_HELLO, JPC_REPLY and unknown ids. An unknown id that is not UTF-8 is `{"hex": …}` too.
func decodeAzureusFrameJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    let frame = try AzureusFrame.decode(bytes, mode: mode)
    let message = try AzureusMessage.decode(frame.value, mode: mode, payloadOffset: frame.value.headerSize)
    var members = JSONObject([
        ("message_id", BencodeJSON.bytes(frame.value.messageID.encoded)),
        ("version", .integer(Int64(frame.value.versionNumber))),
    ])
    if frame.value.hasVersionFlags {
        members.put("flags", integer: frame.value.flags)
        if frame.value.hasPadding { members.put("padding", .string(Hex.encode(frame.value.padding))) }
    }
    members.put("payload", AzureusJSON.json(message.value))
    return Decoded(members.value, warnings: frame.warnings + message.warnings)
}

/// The bencoded AZ_PEER_EXCHANGE payload alone:
/// `{"infohash": hex, "added": [{"ip", "port", "handshake": "plain" | "crypto", "udp_port"}], "dropped": […]}`;
/// `handshake` and `udp_port` appear when the message carries them.
func decodeAzureusPexJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    try AZPeerExchange.decode(bytes, mode: mode).map(AzureusJSON.json)
}

/// The JSON of the Azureus messages, shared by `az-frame` and `az-pex`.
enum AzureusJSON {
    static func json(_ message: AzureusMessage) -> JSONValue {
        switch message {
        case .handshake(let handshake): return json(handshake)
        case .peerExchange(let exchange): return json(exchange)
        // The same JSON as the `frames` kind gives the standard message.
        case .bt(let message): return frameJSON(message)
        case .jpcHello(let payload), .jpcReply(let payload), .unknown(_, let payload): return ["hex": .string(Hex.encode(payload))]
        }
    }

    static func json(_ exchange: AZPeerExchange) -> JSONValue {
        func peers(_ peers: [AZPeerExchange.Peer]) -> JSONValue {
            .array(peers.map { peer in
                PexJSON.peer(peer.address) { members in
                    members.put("handshake", peer.handshakeType.map(PexJSON.handshakeType))
                    members.put("udp_port", integer: peer.udpPort)
                }
            })
        }
        return ["infohash": .string(Hex.encode(exchange.infohash)), "added": peers(exchange.added), "dropped": peers(exchange.dropped)]
    }

    /// `{"identity": hex, "client", "version", "tcp_port", "udp_port", "udp2_port", "handshake_type":
    /// "plain" | "crypto", "messages": [{"id", "ver"}], "extra": {…}}`; the optional keys only when present,
    /// unknown keys under `extra` as bencode JSON.
    static func json(_ handshake: AZHandshake) -> JSONValue {
        var members = JSONObject([
            ("identity", .string(Hex.encode(handshake.identity))),
            ("client", .string(handshake.client)),
            ("version", .string(handshake.version)),
        ])
        members.put("tcp_port", integer: handshake.tcpPort)
        members.put("udp_port", integer: handshake.udpPort)
        members.put("udp2_port", integer: handshake.udp2Port)
        members.put("handshake_type", handshake.handshakeType.map(PexJSON.handshakeType))
        members.put("messages", .array(handshake.messages.map { ["id": BencodeJSON.bytes($0.id.encoded), "ver": .integer(Int64($0.version))] }))
        members.put("extra", BencodeJSON.extra(handshake.unknownKeys))
        return members.value
    }
}
