import Bencode
import PexModel
import PeerWire
import WireCore
import WireDecode

/// One-line descriptions of wire messages for the wire log.
enum MessageSummary {
    /// Longest bencode text shown before it is cut.
    static let maxText = 240

    static func handshake(_ handshake: Handshake) -> String {
        "handshake reserved \(Hex.encode(handshake.reserved.encoded)) \(handshake.reserved) info-hash \(Hex.encode(handshake.infoHash)) peer-id \(printable(handshake.peerID))"
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
            let text = name == "ut_pex" ? pexText(payload) : bencodeText(payload)
            return "extended \(id) (\(name)) \(payload.count) bytes: \(text)"
        case .unknown(let id, let payload): return "message id \(id), \(payload.count) bytes"
        default: return message.typeName
        }
    }

    /// A ut_pex payload as the peers it adds and drops, as addresses (`127.0.0.200:1`), the first
    /// few of each list and its count; with the decoder's warnings. Not ut_pex: as bencode.
    static func pexText(_ payload: [UInt8]) -> String {
        guard let decoded = try? UTPexMessage.decode(payload, mode: .lenient) else { return bencodeText(payload) }
        let message = decoded.value
        let dictionary = try? BencodeDecoder().decode(payload).value.dictionary
        func list(_ name: String, _ addresses: [String]) -> String? {
            guard !addresses.isEmpty else { return nil }
            // The real count, from the list's length: the decoder keeps at most its limit.
            let size = name.hasSuffix("6") ? 18 : 6
            let count = dictionary?.entries.first { $0.key == Array(name.utf8) }?.value.bytes.map { $0.count / size } ?? addresses.count
            let shown = addresses.prefix(shownPeers).joined(separator: ", ")
            return "\(name) \(count): \(shown)" + (count > shownPeers ? ", …" : "")
        }
        var parts = [
            list("added", message.added.map(\.address.description)), list("added6", message.added6.map(\.address.description)),
            list("dropped", message.dropped.map(\.description)), list("dropped6", message.dropped6.map(\.description)),
        ].compactMap { $0 }
        if parts.isEmpty { parts = ["no peers"] }
        if !decoded.warnings.isEmpty { parts.append("warnings: " + decoded.warnings.map { "\($0.code) (\($0.message))" }.joined(separator: ", ")) }
        let text = parts.joined(separator: "; ")
        return text.count > maxText * 2 ? String(text.prefix(maxText * 2)) + "…" : text
    }

    /// Peers of one list a summary names before it says "…".
    static let shownPeers = 4

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
