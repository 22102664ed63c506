import Bencode
import WireCore

/// Writes a tree as bencode in its own entry order, duplicates kept, with the deviations a lenient
/// decoder tolerates: leading zeros in integers and string lengths, `i-0e`, bytes after the value.
///
/// ``Bencode/BencodeEncoder`` writes the canonical form and must stay canonical; this writer exists
/// only to feed decoders the forms real clients send.
struct NonCanonicalBencodeWriter {
    /// Leading zeros (and `i-0e` for a zero) on one number chosen at random, and on each other
    /// number with a one-in-four chance.
    var leadingZeros = false
    /// Bytes written after the value.
    var trailing: [UInt8] = []

    func write(_ value: BencodeValue, using generator: inout SeededGenerator) -> [UInt8] {
        var numbers = 0
        if leadingZeros { count(value, &numbers) }
        // The number (integer or string length) that is always written non-canonically.
        let chosen = numbers > 0 ? Int.random(in: 0..<numbers, using: &generator) : -1
        var out: [UInt8] = []
        var index = 0
        append(value, to: &out, chosen: chosen, index: &index, using: &generator)
        out += trailing
        return out
    }

    /// Counts the numbers: integers, string lengths and key lengths.
    private func count(_ value: BencodeValue, _ numbers: inout Int) {
        switch value {
        case .integer, .string: numbers += 1
        case .list(let items): for item in items { count(item, &numbers) }
        case .dictionary(let dict):
            for entry in dict.entries {
                numbers += 1
                count(entry.value, &numbers)
            }
        }
    }

    private func append(_ value: BencodeValue, to out: inout [UInt8], chosen: Int, index: inout Int, using generator: inout SeededGenerator) {
        switch value {
        case .integer(let i):
            out.append(UInt8(ascii: "i"))
            if skew(&index, chosen, &generator) {
                if i == 0 && Bool.random(using: &generator) {
                    out += Array("-0".utf8)
                } else {
                    if i < 0 { out.append(UInt8(ascii: "-")) }
                    out += [UInt8](repeating: UInt8(ascii: "0"), count: Int.random(in: 1...3, using: &generator))
                    out += Array(String(i.magnitude).utf8)
                }
            } else {
                out += Array(String(i).utf8)
            }
            out.append(UInt8(ascii: "e"))
        case .string(let s):
            appendString(s, to: &out, chosen: chosen, index: &index, using: &generator)
        case .list(let items):
            out.append(UInt8(ascii: "l"))
            for item in items { append(item, to: &out, chosen: chosen, index: &index, using: &generator) }
            out.append(UInt8(ascii: "e"))
        case .dictionary(let dict):
            out.append(UInt8(ascii: "d"))
            for entry in dict.entries {
                appendString(entry.key, to: &out, chosen: chosen, index: &index, using: &generator)
                append(entry.value, to: &out, chosen: chosen, index: &index, using: &generator)
            }
            out.append(UInt8(ascii: "e"))
        }
    }

    private func appendString(_ s: [UInt8], to out: inout [UInt8], chosen: Int, index: inout Int, using generator: inout SeededGenerator) {
        if skew(&index, chosen, &generator) {
            out += [UInt8](repeating: UInt8(ascii: "0"), count: Int.random(in: 1...2, using: &generator))
        }
        out += Array(String(s.count).utf8)
        out.append(UInt8(ascii: ":"))
        out += s
    }

    /// Whether the number at `index` gets leading zeros; advances `index`.
    private func skew(_ index: inout Int, _ chosen: Int, _ generator: inout SeededGenerator) -> Bool {
        defer { index += 1 }
        guard leadingZeros else { return false }
        return index == chosen || Int.random(in: 0..<4, using: &generator) == 0
    }
}
