/// Builds the owned ``BencodeValue`` of a token subtree straight from the tokens and the raw
/// input: one pass, each array allocated once at its final size, strings copied with one move.
///
/// Only validated tokens reach it, so every offset lies within `bytes`; each range is still
/// checked before it is read, so not even a bug here could read outside the input.
struct BencodeTreeBuilder {
    let tokens: UnsafeBufferPointer<BencodeToken>
    let bytes: UnsafeBufferPointer<UInt8>

    /// Builds from a document's storage: `body` runs while its tokens are at hand.
    static func withBuilder<R>(tokens: BencodeTokenStorage, bytes: UnsafeBufferPointer<UInt8>, _ body: (BencodeTreeBuilder) -> R) -> R {
        tokens.withTokens { body(BencodeTreeBuilder(tokens: $0, bytes: bytes)) }
    }

    /// The value at `index` and the index just past its subtree.
    func value(at index: Int) -> (value: BencodeValue, next: Int) {
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

    private func string(_ token: BencodeToken) -> [UInt8] {
        Array(slice(Int(token.payload)..<Int(token.end)))
    }

    private func integer(_ token: BencodeToken) -> Int64 {
        BencodeToken.integerValue(slice(Int(token.start) + 1..<Int(token.end) - 1))
    }

    private func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "token outside the input")
        return UnsafeBufferPointer(rebasing: bytes[range])
    }
}
