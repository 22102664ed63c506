/// A bencoded value as an owned tree.
///
/// Not `indirect`: lists and dictionaries already hold their children in arrays, so boxing every
/// value would only add an allocation per integer and string.
public enum BencodeValue: Hashable, Sendable {
    case integer(Int64)
    case string([UInt8])
    case list([BencodeValue])
    case dictionary(BencodeDictionary)

    public var integer: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    public var bytes: [UInt8]? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A byte string as UTF-8 text, or nil.
    public var utf8String: String? {
        if case .string(let s) = self { return String(validating: s, as: UTF8.self) }
        return nil
    }

    public var list: [BencodeValue]? {
        if case .list(let l) = self { return l }
        return nil
    }

    public var dictionary: BencodeDictionary? {
        if case .dictionary(let d) = self { return d }
        return nil
    }

    /// The value for `key` when this is a dictionary.
    public subscript(key: String) -> BencodeValue? { dictionary?[key] }
}

/// A bencoded dictionary that keeps its entries in wire order, duplicates included.
///
/// Lookups return the first entry with a key, as libtorrent's `dict_find` does, and the encoder
/// writes that first entry only; later duplicates stay in ``entries`` for inspection.
public struct BencodeDictionary: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var key: [UInt8]
        public var value: BencodeValue
        public init(key: [UInt8], value: BencodeValue) {
            self.key = key
            self.value = value
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry] = []) { self.entries = entries }

    public subscript(key: some Collection<UInt8>) -> BencodeValue? {
        entries.first { $0.key.elementsEqual(key) }?.value
    }

    public subscript(key: String) -> BencodeValue? {
        get { self[key.utf8] }
        set {
            let keyBytes = Array(key.utf8)
            if let i = entries.firstIndex(where: { $0.key == keyBytes }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key: keyBytes, value: newValue))
            }
        }
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
}

extension BencodeValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .string(Array(value.utf8)) }
    public init(arrayLiteral elements: BencodeValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, BencodeValue)...) {
        self = .dictionary(BencodeDictionary(entries: elements.map { .init(key: Array($0.0.utf8), value: $0.1) }))
    }
}

extension BencodeDictionary: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, BencodeValue)...) {
        self.init(entries: elements.map { .init(key: Array($0.0.utf8), value: $0.1) })
    }
}
