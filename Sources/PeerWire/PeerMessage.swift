import WireCore

/// One message of the BitTorrent peer wire protocol, after the handshake.
///
/// Both dialects decode into this type: the standard framer, and Azureus framing, whose
/// `BT_CHOKE` … `BT_CANCEL` and `BT_KEEP_ALIVE` carry the same payloads.
public enum PeerMessage: Hashable, Sendable {
    case keepAlive
    case choke
    case unchoke
    case interested
    case notInterested
    case have(pieceIndex: UInt32)
    case bitfield([UInt8])
    case request(index: UInt32, begin: UInt32, length: UInt32)
    case piece(index: UInt32, begin: UInt32, block: [UInt8])
    case cancel(index: UInt32, begin: UInt32, length: UInt32)
    /// BEP 5: the sender's DHT port.
    case port(UInt16)
    /// BEP 10: id 20, the extended message id (0 is the extended handshake) and its payload.
    case extended(id: UInt8, payload: [UInt8])
    /// Any other message id, kept as it came.
    case unknown(id: UInt8, payload: [UInt8])

    /// The message id byte on the wire; nil for keep-alive, which has none.
    public var id: UInt8? {
        switch self {
        case .keepAlive: return nil
        case .choke: return 0
        case .unchoke: return 1
        case .interested: return 2
        case .notInterested: return 3
        case .have: return 4
        case .bitfield: return 5
        case .request: return 6
        case .piece: return 7
        case .cancel: return 8
        case .port: return 9
        case .extended: return 20
        case .unknown(let id, _): return id
        }
    }

    /// The name used in the decode contract's JSON (`"type"`).
    public var typeName: String {
        switch self {
        case .keepAlive: return "keep_alive"
        case .choke: return "choke"
        case .unchoke: return "unchoke"
        case .interested: return "interested"
        case .notInterested: return "not_interested"
        case .have: return "have"
        case .bitfield: return "bitfield"
        case .request: return "request"
        case .piece: return "piece"
        case .cancel: return "cancel"
        case .port: return "port"
        case .extended: return "extended"
        case .unknown: return "unknown"
        }
    }

    /// Decodes the payload that follows message id `id`. `offset` is where the payload starts in
    /// the caller's buffer, so errors name a position there.
    public static func decode(id: UInt8, payload: some RandomAccessCollection<UInt8>, offset: Int = 0) throws(ParseError) -> PeerMessage {
        func expectLength(_ n: Int) throws(ParseError) {
            guard payload.count == n else {
                throw ParseError(.badPayloadLength, at: offset, "message id \(id) takes \(n) payload bytes, got \(payload.count)")
            }
        }
        func word(_ i: Int) -> UInt32 { BigEndian.uint32(payload, at: i) }
        switch id {
        case 0: try expectLength(0); return .choke
        case 1: try expectLength(0); return .unchoke
        case 2: try expectLength(0); return .interested
        case 3: try expectLength(0); return .notInterested
        case 4: try expectLength(4); return .have(pieceIndex: word(0))
        case 5: return .bitfield(Array(payload))
        case 6: try expectLength(12); return .request(index: word(0), begin: word(4), length: word(8))
        case 7:
            guard payload.count >= 8 else {
                throw ParseError(.badPayloadLength, at: offset, "piece takes at least 8 payload bytes, got \(payload.count)")
            }
            return .piece(index: word(0), begin: word(4), block: Array(payload.dropFirst(8)))
        case 8: try expectLength(12); return .cancel(index: word(0), begin: word(4), length: word(8))
        case 9: try expectLength(2); return .port(BigEndian.uint16(payload, at: 0))
        case 20:
            guard let first = payload.first else {
                throw ParseError(.extendedTooShort, at: offset, "extended message without an extended id")
            }
            return .extended(id: first, payload: Array(payload.dropFirst()))
        default: return .unknown(id: id, payload: Array(payload))
        }
    }

    /// The payload after the message id byte.
    public var payload: [UInt8] {
        var out: [UInt8] = []
        switch self {
        case .keepAlive, .choke, .unchoke, .interested, .notInterested: break
        case .have(let index): BigEndian.append(index, to: &out)
        case .bitfield(let bits): out = bits
        case .request(let index, let begin, let length), .cancel(let index, let begin, let length):
            BigEndian.append(index, to: &out)
            BigEndian.append(begin, to: &out)
            BigEndian.append(length, to: &out)
        case .piece(let index, let begin, let block):
            BigEndian.append(index, to: &out)
            BigEndian.append(begin, to: &out)
            out += block
        case .port(let port): BigEndian.append(port, to: &out)
        case .extended(let id, let payload): out = [id] + payload
        case .unknown(_, let payload): out = payload
        }
        return out
    }

    /// The whole frame as the standard peer wire sends it: 4-byte big-endian length, id, payload.
    public var frame: [UInt8] {
        guard let id else { return [0, 0, 0, 0] }
        let body = payload
        var out: [UInt8] = []
        out.reserveCapacity(5 + body.count)
        BigEndian.append(UInt32(1 + body.count), to: &out)
        out.append(id)
        out += body
        return out
    }
}
