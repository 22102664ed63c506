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
    /// BEP 6 (Fast extension), id 13: a piece the receiver might download.
    case suggest(pieceIndex: UInt32)
    /// BEP 6, id 14: the sender has every piece (in place of a bitfield).
    case haveAll
    /// BEP 6, id 15: the sender has no piece (in place of a bitfield).
    case haveNone
    /// BEP 6, id 16: a request the sender will not serve.
    case reject(index: UInt32, begin: UInt32, length: UInt32)
    /// BEP 6, id 17: a piece the receiver may request while choked.
    case allowedFast(pieceIndex: UInt32)
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
        case .suggest: return 13
        case .haveAll: return 14
        case .haveNone: return 15
        case .reject: return 16
        case .allowedFast: return 17
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
        case .suggest: return "suggest"
        case .haveAll: return "have_all"
        case .haveNone: return "have_none"
        case .reject: return "reject"
        case .allowedFast: return "allowed_fast"
        case .extended: return "extended"
        case .unknown: return "unknown"
        }
    }

    /// Decodes the payload that follows message id `id`, in `mode`: strict mode also rejects an
    /// empty bitfield (`empty_bitfield`) and a piece with no block (`empty_block`), which lenient
    /// mode returns with the warning. `offset` is where the payload starts in the caller's
    /// buffer, so errors and warnings name a position there.
    ///
    /// Every message of a fixed length (BEP 3's, BEP 5's `port`, BEP 6's Fast messages) of
    /// another length is `bad_payload_length` in both modes, as deployed clients disconnect.
    public static func decode(
        id: UInt8, payload: some RandomAccessCollection<UInt8>, offset: Int = 0, mode: ParseMode
    ) throws(ParseError) -> Decoded<PeerMessage> {
        let message = try decode(id: id, payload: payload, offset: offset)
        var diagnostics = Diagnostics(mode: mode)
        switch message {
        case .bitfield(let bits) where bits.isEmpty:
            try diagnostics.tolerate(.emptyBitfield, at: offset, "a bitfield of no bytes: a peer with no piece sends none, or have_none")
        case .piece(_, _, let block) where block.isEmpty:
            try diagnostics.tolerate(.emptyBlock, at: offset + 8, "a piece message with no block")
        default:
            break
        }
        return Decoded(message, warnings: diagnostics.warnings)
    }

    /// Decodes the payload that follows message id `id` as framing does, with no mode: only a
    /// payload whose length does not fit its id is an error. `offset` is where the payload
    /// starts in the caller's buffer, so errors name a position there.
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
        case 13: try expectLength(4); return .suggest(pieceIndex: word(0))
        case 14: try expectLength(0); return .haveAll
        case 15: try expectLength(0); return .haveNone
        case 16: try expectLength(12); return .reject(index: word(0), begin: word(4), length: word(8))
        case 17: try expectLength(4); return .allowedFast(pieceIndex: word(0))
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
        case .keepAlive, .choke, .unchoke, .interested, .notInterested, .haveAll, .haveNone: break
        case .have(let index), .suggest(let index), .allowedFast(let index): BigEndian.append(index, to: &out)
        case .bitfield(let bits): out = bits
        case .request(let index, let begin, let length), .cancel(let index, let begin, let length),
            .reject(let index, let begin, let length):
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
    public var encoded: [UInt8] {
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
