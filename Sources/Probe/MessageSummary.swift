import Bencode
import PeerWire
import WireCore
import WireDecode

/// One-line descriptions of wire messages for the wire log.
enum MessageSummary {
    /// Longest bencode text shown before it is cut.
    static let maxText = 240

    static func handshake(_ handshake: Handshake) -> String {
        "handshake reserved \(Hex.encode(handshake.reserved.bytes)) \(handshake.reserved) info-hash \(Hex.encode(handshake.infoHash)) peer-id \(printable(handshake.peerID))"
    }

    /// `names` maps the extended ids of messages in this direction to extension names.
    static func message(_ message: PeerMessage, names: [UInt8: String]) -> String {
        switch message {
        case .bitfield(let bits): return "bitfield \(bits.count) bytes, \(bits.reduce(0) { $0 + $1.nonzeroBitCount }) pieces set"
        case .have(let index): return "have \(index)"
        case .piece(let index, let begin, let block): return "piece \(index) @\(begin), \(block.count) bytes"
        case .request(let index, let begin, let length): return "request \(index) @\(begin) +\(length)"
        case .extended(let id, let payload):
            let name = id == 0 ? "handshake" : names[id] ?? "unassigned"
            return "extended \(id) (\(name)) \(payload.count) bytes: \(bencodeText(payload))"
        case .unknown(let id, let payload): return "message id \(id), \(payload.count) bytes"
        default: return message.typeName
        }
    }

    /// The payload as JSON text when it is bencode, else its first bytes in hex.
    static func bencodeText(_ payload: [UInt8]) -> String {
        let outcome = WireDecoder.decode(.bencode, payload)
        let text: String
        switch outcome.result {
        case .success(let decoded): text = decoded.value.serialized()
        case .failure(let error): text = "not bencode (\(error.code) at \(error.offset)): " + Hex.encode(payload.prefix(32))
        }
        return text.count > maxText ? String(text.prefix(maxText)) + "…" : text
    }

    private static func printable(_ bytes: [UInt8]) -> String {
        String(bytes.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
    }
}
