import Bencode
import WireCore

/// Keeps every peer address a fuzzed PEX message announces on this machine: a client that dials
/// what it learns must never reach beyond loopback.
///
/// Works on the bytes in place (the zero-copy ``BencodeDocument`` gives each string's range), so a
/// mutated message keeps its non-canonical encoding, its key order and its trailing bytes. In the
/// top-level `added`, `dropped` (ut_pex, 6-byte entries; AZ_PEER_EXCHANGE, lists of 6-byte
/// strings), `added6` and `dropped6` (18-byte entries): an IPv4 address becomes 127.a.b.c (its
/// last three bytes kept), unless it is 0.0.0.0, 255.255.255.255 or multicast, which no TCP
/// connect takes off the machine; an IPv6 address becomes ::1 unless it is ::, link-local,
/// multicast or v4-mapped (its IPv4 part then treated as above). Ports become 1 (where nothing
/// listens), except 0 and 65535, which stay as the edge cases they are. A trailing partial entry
/// is left as it is: it names no peer.
public enum LoopbackPeers {
    static let keys = ["added", "dropped", "added6", "dropped6"]

    /// The most bytes ``confineAll(_:)`` scans; the generator never makes larger messages.
    public static let maxScannedBytes = 1 << 20

    /// `bytes` (frames, or a payload) with every bencoded dictionary in it confined, wherever it
    /// starts: a mutated run of frames can put a PEX payload at any offset, and a misaligned
    /// length makes the client read from any of them.
    public static func confineAll(_ bytes: [UInt8]) -> [UInt8] {
        var out = bytes
        var offset = 0
        let end = min(bytes.count, maxScannedBytes)
        while offset < end {
            if out[offset] == 0x64 {
                let confined = confine(Array(out[offset..<end]))
                out.replaceSubrange(offset..<end, with: confined)
            }
            offset += 1
        }
        return out
    }

    /// `payload` with its announced peers moved to loopback; unchanged when it is not bencode.
    public static func confine(_ payload: [UInt8]) -> [UInt8] {
        guard let document = try? BencodeDecoder(mode: .lenient).documentPrefix(payload) else { return payload }
        var out = payload
        let root = document.root
        guard root.kind == .dictionary else { return payload }
        for (key, value) in root.entries {
            guard let name = key.utf8String, keys.contains(name) else { continue }
            let entrySize = name.hasSuffix("6") ? 18 : 6
            if let range = value.stringRange {
                confine(&out, range, entrySize: entrySize)
            } else if value.kind == .list {
                for item in value.children {
                    guard let range = item.stringRange else { continue }
                    // Azureus entries are one peer each; a 18-byte one is an IPv6 peer.
                    if range.count == 6 || range.count == 18 { confine(&out, range, entrySize: range.count) }
                }
            }
        }
        return out
    }

    static func confine(_ bytes: inout [UInt8], _ range: Range<Int>, entrySize: Int) {
        var entry = range.lowerBound
        while entry + entrySize <= range.upperBound {
            if entrySize == 6 {
                confineIPv4(&bytes, at: entry)
            } else {
                confineIPv6(&bytes, at: entry)
            }
            confinePort(&bytes, at: entry + entrySize - 2)
            entry += entrySize
        }
    }

    static func confineIPv4(_ bytes: inout [UInt8], at offset: Int) {
        let first = bytes[offset]
        let all = bytes[offset..<(offset + 4)]
        if all.allSatisfy({ $0 == 0 }) || all.allSatisfy({ $0 == 0xFF }) || (224...239).contains(first) { return }
        bytes[offset] = 127
    }

    static func confineIPv6(_ bytes: inout [UInt8], at offset: Int) {
        let address = Array(bytes[offset..<(offset + 16)])
        if address.allSatisfy({ $0 == 0 }) { return }                           // ::
        if address[0] == 0xFF { return }                                         // multicast
        if address[0] == 0xFE && address[1] & 0xC0 == 0x80 { return }            // link-local
        if address[0..<10].allSatisfy({ $0 == 0 }) && address[10] == 0xFF && address[11] == 0xFF {
            confineIPv4(&bytes, at: offset + 12)                                 // v4-mapped
            return
        }
        for i in 0..<15 { bytes[offset + i] = 0 }
        bytes[offset + 15] = 1                                                   // ::1
    }

    static func confinePort(_ bytes: inout [UInt8], at offset: Int) {
        let port = BigEndian.uint16(bytes, at: offset)
        guard port != 0 && port != 0xFFFF else { return }
        bytes[offset] = 0
        bytes[offset + 1] = 1
    }
}
