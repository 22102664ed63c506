import PeerWire
import PexModel
import WireCore

/// An Azureus message with its payload decoded: what ``AzureusFrameDecoder/nextMessage()``
/// returns and the builders take.
///
/// `BT_KEEP_ALIVE` and `BT_CHOKE` … `BT_CANCEL` decode into ``PeerMessage``, the type the
/// standard framer returns, so one peer model serves both dialects.
public enum AzureusMessage: Hashable, Sendable {
    case handshake(AZHandshake)
    case peerExchange(AZPeerExchange)
    /// `BT_KEEP_ALIVE` (as ``PeerMessage/keepAlive``) or `BT_CHOKE` … `BT_CANCEL`.
    case bt(PeerMessage)
    /// `JPC_HELLO`: Wireshark names it; its payload is kept as it came.
    case jpcHello([UInt8])
    /// `JPC_REPLY`: Wireshark names it; its payload is kept as it came.
    case jpcReply([UInt8])
    /// Any other id, with its payload as it came.
    case unknown(id: [UInt8], payload: [UInt8])

    /// The id that carries the message; nil for a ``bt(_:)`` message Azureus framing has no id for
    /// (`port`, `extended`, unknown standard ids).
    public var messageID: AzureusMessageID? {
        switch self {
        case .handshake: return .azHandshake
        case .peerExchange: return .azPeerExchange
        case .bt(let message): return AzureusMessageID(message)
        case .jpcHello: return .jpcHello
        case .jpcReply: return .jpcReply
        case .unknown(let id, _): return AzureusMessageID(bytes: id)
        }
    }

    /// Decodes `frame`'s payload. `payloadOffset` is where the payload starts in the caller's
    /// buffer, so errors and warnings name a position there.
    ///
    /// `BT_KEEP_ALIVE` with a payload is `bad_payload_length`; the other BT_* payloads are checked
    /// by ``PeerMessage/decode(id:payload:offset:mode:)``.
    public static func decode(
        _ frame: AzureusFrame, mode: ParseMode = .lenient, limits: PexLimits = .default, payloadOffset: Int = 0
    ) throws(ParseError) -> Decoded<AzureusMessage> {
        let payload = frame.payload
        do throws(ParseError) {
            switch frame.messageID {
            case .azHandshake:
                return try AZHandshake.decode(payload, mode: mode, limits: limits.bencode).map(AzureusMessage.handshake).shifted(by: payloadOffset)
            case .azPeerExchange:
                return try AZPeerExchange.decode(payload, mode: mode, limits: limits).map(AzureusMessage.peerExchange).shifted(by: payloadOffset)
            case .btKeepAlive:
                guard payload.isEmpty else {
                    throw ParseError(.badPayloadLength, at: 0, "BT_KEEP_ALIVE takes no payload, got \(payload.count) bytes")
                }
                return Decoded(.bt(.keepAlive))
            case .jpcHello:
                return Decoded(.jpcHello(payload))
            case .jpcReply:
                return Decoded(.jpcReply(payload))
            case .unknown(let id):
                return Decoded(.unknown(id: id, payload: payload))
            case .btChoke, .btUnchoke, .btInterested, .btUninterested, .btHave, .btBitfield, .btRequest, .btPiece, .btCancel:
                guard let standardID = frame.messageID.standardMessageID else {
                    return Decoded(.unknown(id: frame.messageID.encoded, payload: payload))
                }
                return try PeerMessage.decode(id: standardID, payload: payload, mode: mode).map(AzureusMessage.bt).shifted(by: payloadOffset)
            }
        } catch {
            throw error.shifted(by: payloadOffset)
        }
    }

    /// The payload as the wire carries it after the version byte.
    public var payload: [UInt8] {
        switch self {
        case .handshake(let handshake): return handshake.encoded
        case .peerExchange(let exchange): return exchange.encoded
        case .bt(let message): return message.payload
        case .jpcHello(let payload), .jpcReply(let payload), .unknown(_, let payload): return payload
        }
    }

    /// The frame that carries the message; nil when ``messageID`` is nil.
    public func frame(version: UInt8 = AzureusFrame.currentVersion) -> AzureusFrame? {
        guard let messageID else { return nil }
        return AzureusFrame(messageID: messageID, version: version, payload: payload)
    }
}

extension Decoded {
    /// The same value with its warnings moved by `delta` bytes.
    func shifted(by delta: Int) -> Decoded {
        Decoded(value, warnings: warnings.map { $0.shifted(by: delta) })
    }
}
