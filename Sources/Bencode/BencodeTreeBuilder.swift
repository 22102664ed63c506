/// Builds the owned ``BencodeValue`` of a token subtree straight from the tokens and the raw
/// input: one pass, each array allocated once at its final size, strings copied with one move.
///
/// Only validated tokens reach it, so every offset lies within `bytes`; each range is still
/// checked before it is read, so not even a bug here could read outside the input.
///
/// In a document of many tokens, a short string met again is the same array as before, retained
/// rather than allocated and copied: keys repeat in every dictionary of a list of dictionaries
/// (a torrent's file list), as short values do. Arrays are values, so sharing changes nothing a
/// caller can see but the allocations.
struct BencodeTreeBuilder {
    let tokens: UnsafeBufferPointer<BencodeToken>
    let bytes: UnsafeBufferPointer<UInt8>
    /// The short strings built last, by a hash of their bytes (``recentSlots`` of them); empty for
    /// a small document, where a repeat is unlikely and the table would cost an allocation.
    private var recent: [[UInt8]]

    /// Strings of at most this many bytes are looked up in ``recent``.
    private static let recentMaxLength = 16
    private static let recentSlots = 64

    init(tokens: UnsafeBufferPointer<BencodeToken>, bytes: UnsafeBufferPointer<UInt8>) {
        self.tokens = tokens
        self.bytes = bytes
        recent = tokens.count >= 4 * Self.recentSlots ? Array(repeating: [], count: Self.recentSlots) : []
    }

    /// The value of the subtree at `index`.
    static func value(tokens: UnsafeBufferPointer<BencodeToken>, bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> BencodeValue {
        var builder = BencodeTreeBuilder(tokens: tokens, bytes: bytes)
        return builder.value(at: index).value
    }

    /// The value of the subtree at `index` of a document's storage.
    static func value(tokens: BencodeTokenStorage, bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> BencodeValue {
        tokens.withTokens { value(tokens: $0, bytes: bytes, at: index) }
    }

    /// The value at `index` and the index just past its subtree.
    mutating func value(at index: Int) -> (value: BencodeValue, next: Int) {
        let token = self.token(index)
        switch token.kind {
        case .integer:
            return (.integer(integer(token)), index + 1)
        case .string:
            return (.string(string(token)), index + 1)
        case .list:
            let stop = index + 1 + Int(token.payload)
            var items: [BencodeValue] = []
            items.reserveCapacity(childCount(index + 1, stop))
            var child = index + 1
            while child < stop {
                let (item, next) = value(at: child)
                items.append(item)
                child = next
            }
            return (.list(items), stop)
        case .dictionary:
            let stop = index + 1 + Int(token.payload)
            var entries: [BencodeDictionary.Entry] = []
            entries.reserveCapacity(childCount(index + 1, stop) / 2)
            var child = index + 1
            while child + 1 < stop {
                let key = string(self.token(child))
                let (item, next) = value(at: child + 1)
                entries.append(BencodeDictionary.Entry(key: key, value: item))
                child = next
            }
            return (.dictionary(BencodeDictionary(entries: entries)), stop)
        }
    }

    private func token(_ index: Int) -> BencodeToken {
        precondition(index >= 0 && index < tokens.count, "token index out of range")
        return tokens[index]
    }

    /// How many siblings start between `first` and `stop`.
    private func childCount(_ first: Int, _ stop: Int) -> Int {
        var n = 0
        var child = first
        while child < stop {
            let t = token(child)
            child += 1 + (t.kind == .list || t.kind == .dictionary ? Int(t.payload) : 0)
            n += 1
        }
        return n
    }

    @inline(__always)
    private mutating func string(_ token: BencodeToken) -> [UInt8] {
        let content = slice(Int(token.payload)..<Int(token.end))
        if recent.isEmpty || content.isEmpty || content.count > Self.recentMaxLength { return Array(content) }
        return shared(content)
    }

    /// `content` (1 to ``recentMaxLength`` bytes) as the array built for the same bytes last,
    /// when its slot of ``recent`` still holds it.
    private mutating func shared(_ content: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        let count = content.count
        let slot = (Int(content[0]) &* 7 &+ Int(content[count - 1]) &* 3 &+ count &* 17) & (Self.recentSlots - 1)
        let known = recent[slot].withUnsafeBufferPointer { cached in
            guard cached.count == count else { return false }
            for i in 0..<count where cached[i] != content[i] { return false }
            return true
        }
        if known { return recent[slot] }
        let string = Array(content)
        recent[slot] = string
        return string
    }

    private func integer(_ token: BencodeToken) -> Int64 {
        BencodeToken.integerValue(slice(Int(token.start) + 1..<Int(token.end) - 1))
    }

    private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "token outside the input")
        return UnsafeBufferPointer(rebasing: bytes[range])
    }
}
