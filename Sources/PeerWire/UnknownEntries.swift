import Bencode

/// A dictionary of the entries a typed decoder does not read, kept as their wire bytes until
/// someone asks for them: decoding a message with unknown keys then copies their bytes once
/// instead of building a value tree nobody may read.
///
/// Equality and hashing are those of the dictionary it stands for.
struct LazyBencodeDictionary: Hashable, Sendable {
    private enum Storage: Sendable {
        case value(BencodeDictionary)
        /// `d`, the entries as they were on the wire (first of a repeated key only), `e`: bytes the
        /// bencode decoder has validated.
        case encoded([UInt8])
    }

    private var storage: Storage

    init(_ value: BencodeDictionary) { storage = .value(value) }

    fileprivate init(encoded: [UInt8]) { storage = .encoded(encoded) }

    /// The entries in wire order.
    var dictionary: BencodeDictionary {
        switch storage {
        case .value(let value):
            return value
        case .encoded(let bytes):
            // Validated once already, under the caller's limits, which may exceed the defaults:
            // read again with the widest limits, in lenient mode (the order of the entries is
            // the wire's, sorted or not).
            let limits = BencodeLimits(maxDepth: BencodeLimits.depthCeiling, maxTokens: .max, maxIntegerDigits: .max)
            guard case .dictionary(let dictionary)? = try? BencodeDecoder(mode: .lenient, limits: limits).decode(bytes).value else {
                return BencodeDictionary()  // unreachable: the bytes are a dictionary the decoder accepted
            }
            return dictionary
        }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        if case .encoded(let a) = lhs.storage, case .encoded(let b) = rhs.storage, a == b { return true }
        return lhs.dictionary == rhs.dictionary
    }

    func hash(into hasher: inout Hasher) { hasher.combine(dictionary) }
}

/// Collects the unknown entries of one dictionary during a decoder's pass over it.
struct UnknownEntries {
    private var bytes: [UInt8] = []

    /// Keeps the entry of `value` (the caller passes each key once, its first entry).
    mutating func append(_ value: BencodedPayload.Node) {
        if bytes.isEmpty { bytes.append(UInt8(ascii: "d")) }
        // The key's token is just before its value's.
        bytes.append(contentsOf: value.document.node(at: value.index - 1).encodedBytes)
        bytes.append(contentsOf: value.encodedBytes)
    }

    /// The entries kept; an empty dictionary costs nothing.
    consuming func finish() -> LazyBencodeDictionary {
        guard !bytes.isEmpty else { return LazyBencodeDictionary(BencodeDictionary()) }
        bytes.append(UInt8(ascii: "e"))
        return LazyBencodeDictionary(encoded: bytes)
    }
}
