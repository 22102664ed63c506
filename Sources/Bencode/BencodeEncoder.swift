/// Writes canonical bencode: dictionary keys sorted by their raw bytes, no leading zeros, and a
/// repeated key written once (its first entry), so that decoding canonical input and encoding
/// the result gives the same bytes.
public enum BencodeEncoder {
    public static func encode(_ value: BencodeValue) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    public static func append(_ value: BencodeValue, to out: inout [UInt8]) {
        switch value {
        case .integer(let i):
            out.append(UInt8(ascii: "i"))
            out.append(contentsOf: String(i).utf8)
            out.append(UInt8(ascii: "e"))
        case .string(let s):
            appendString(s, to: &out)
        case .list(let items):
            out.append(UInt8(ascii: "l"))
            for item in items { append(item, to: &out) }
            out.append(UInt8(ascii: "e"))
        case .dictionary(let dict):
            out.append(UInt8(ascii: "d"))
            for entry in canonicalEntries(dict) {
                appendString(entry.key, to: &out)
                append(entry.value, to: &out)
            }
            out.append(UInt8(ascii: "e"))
        }
    }

    public static func appendString(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        out.append(contentsOf: String(bytes.count).utf8)
        out.append(UInt8(ascii: ":"))
        out.append(contentsOf: bytes)
    }

    /// The entries in canonical order: sorted by key bytes, the first of equal keys kept.
    static func canonicalEntries(_ dict: BencodeDictionary) -> [BencodeDictionary.Entry] {
        let order = dict.entries.indices.sorted { a, b in
            let ka = dict.entries[a].key, kb = dict.entries[b].key
            if ka == kb { return a < b }
            return ka.lexicographicallyPrecedes(kb)
        }
        var result: [BencodeDictionary.Entry] = []
        result.reserveCapacity(order.count)
        for i in order where result.last?.key != dict.entries[i].key {
            result.append(dict.entries[i])
        }
        return result
    }
}
