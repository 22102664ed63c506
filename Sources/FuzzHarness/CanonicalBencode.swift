import Bencode

extension BencodeValue {
    /// The value the canonical encoder writes: in every dictionary the first entry of each key
    /// only, keys sorted by their bytes. Decoding an encoder's output gives this value.
    var canonical: BencodeValue {
        switch self {
        case .integer, .string: return self
        case .list(let items): return .list(items.map { $0.canonical })
        case .dictionary(let dict): return .dictionary(BencodeDictionary(entries: Self.canonicalEntries(dict.entries)))
        }
    }

    /// `entries` as the canonical encoder writes them: first of each key, sorted, values canonical.
    static func canonicalEntries(_ entries: [BencodeDictionary.Entry]) -> [BencodeDictionary.Entry] {
        var seen = Set<[UInt8]>()
        var out: [BencodeDictionary.Entry] = []
        for entry in entries where seen.insert(entry.key).inserted {
            out.append(BencodeDictionary.Entry(key: entry.key, value: entry.value.canonical))
        }
        return out.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}
