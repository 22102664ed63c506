#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WireCore

/// The single pass that validates a bencoded buffer and lays out its tokens.
///
/// It works on a raw buffer so that every input type shares one fast loop, and compares every
/// length it reads with the bytes that remain before using it. Nesting is bounded by `maxDepth`
/// without a stack of its own: an open container's token holds the index of the container around
/// it until it closes, so opening a container allocates nothing.
///
/// Offsets never exceed the input's size, which ``run(reportTrailingData:)`` first checks is at
/// most 4 GiB: adding a small constant to one cannot overflow, so the inner loop does it with
/// wrapping arithmetic (`&+`) and spares the overflow checks.
struct BencodeTokenizer {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: BencodeLimits
    var diagnostics: Diagnostics
    var tokens: BencodeTokenWriter
    private var position = 0
    /// The keys seen so far in each open dictionary that has had a key out of order (by the
    /// dictionary's token index): in sorted order a repeat is always the previous key, out of
    /// order it may be any earlier one. Built at a dictionary's first unsorted key, dropped when
    /// it closes; holds at most the keys' bytes, which are in the input.
    private var repeatedKeyChecks: [Int: Set<ArraySlice<UInt8>>] = [:]

    /// `scratch`: where the first tokens go (see ``BencodeTokenWriter``).
    init(bytes: UnsafeBufferPointer<UInt8>, limits: BencodeLimits, mode: ParseMode, scratch: UnsafeMutableBufferPointer<BencodeToken>) {
        self.bytes = bytes
        self.limits = limits
        self.diagnostics = Diagnostics(mode: mode)
        self.tokens = BencodeTokenWriter(
            scratch: scratch, expectedTokens: Self.expectedTokens(byteCount: bytes.count, maxTokens: limits.maxTokens), maxCount: limits.maxTokens)
    }

    private static let digit0 = UInt8(ascii: "0")
    private static let digit9 = UInt8(ascii: "9")
    /// The enclosing-container index of a top-level container.
    private static let noParent = -1

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b &- Self.digit0 <= 9 }

    /// The capacity taken when the stack scratch buffer is outgrown. Large inputs get room for
    /// their worst case (a token per two bytes) at once: such an allocation is mapped fresh, so
    /// the pages that stay unused are never touched and cost no memory, and the tokens are never
    /// copied to grow. Medium inputs, served from the heap, start with a typical density.
    /// Beyond 2^20 tokens (16 MiB) the storage grows by doubling instead, so that raised limits
    /// and a huge input of few tokens never ask for an outsized allocation up front.
    private static func expectedTokens(byteCount: Int, maxTokens: Int) -> Int {
        let bound = byteCount >= 1 << 16 ? byteCount / 2 + 1 : byteCount / 4 + 16
        return max(0, min(bound, maxTokens, 1 << 20))
    }

    /// Tokenizes one value starting at offset 0 and returns the offset just past it.
    /// Bytes after the value are reported as `trailing_data` when `reportTrailingData` is true.
    mutating func run(reportTrailingData: Bool) throws(ParseError) -> Int {
        let count = bytes.count
        guard count <= Int(UInt32.max) else {
            throw ParseError(.limitExceeded, at: Int(UInt32.max), "input larger than 4 GiB")
        }
        // The innermost open container and its state; the state of the containers around it is
        // recovered from the tokens when it closes.
        var top = Self.noParent
        var depth = 0
        var inDictionary = false
        var expectingKey = false
        /// Content range of the open dictionary's previous key, to check sorting and duplicates.
        var previousKey: Range<Int>?
        // The top-level value is a token too: with no container open, a limit of 0 stops it.
        if limits.maxDepth == 0 && count > 0 {
            throw ParseError(.depthExceeded, at: 0, "a depth limit of 0 admits no value")
        }
        scanning: while true {
            if top != Self.noParent {
                guard position < count else {
                    throw ParseError(.unexpectedEOF, at: position, "input ends inside a \(inDictionary ? "dictionary" : "list")")
                }
                // As libtorrent's bdecode: no token (a closing `e` included) is read while
                // `maxDepth` containers are open.
                guard depth < limits.maxDepth else {
                    throw ParseError(.depthExceeded, at: position, "more than \(limits.maxDepth - 1) levels of nesting")
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: "e") {
                    if inDictionary && !expectingKey {
                        throw ParseError(.expectedValue, at: position, "dictionary key without a value")
                    }
                    let closed = top
                    top = tokens[closed].payload == UInt32.max ? Self.noParent : Int(tokens[closed].payload)
                    tokens[closed].end = UInt32(truncatingIfNeeded: position + 1)
                    tokens[closed].payload = UInt32(truncatingIfNeeded: tokens.count - closed - 1)
                    position &+= 1
                    depth &-= 1
                    if !repeatedKeyChecks.isEmpty { repeatedKeyChecks[closed] = nil }
                    if top == Self.noParent { break scanning }
                    inDictionary = tokens[top].kind == .dictionary
                    if inDictionary {
                        // A container in a dictionary is a value: its key is the token just before it.
                        let key = tokens[closed - 1]
                        previousKey = Int(key.payload)..<Int(key.end)
                        expectingKey = true
                    }
                    continue
                }
                if inDictionary && expectingKey {
                    guard isDigit(byte) else {
                        throw ParseError(.expectedDigit, at: position, "dictionary key must be a byte string")
                    }
                    let keyStart = position
                    let content = try string()
                    if let previous = previousKey {
                        // A sorted key repeats no earlier key unless the dictionary has had an
                        // unsorted one (then it has a set of its keys): no set lookup before that.
                        let order = compare(previous, content)
                        if order == 0 {
                            try diagnostics.tolerate(.duplicateKey, at: keyStart, "key repeats the previous key")
                        } else if (order > 0 || !repeatedKeyChecks.isEmpty) && isEarlierKey(content, order: order, inDictionaryAt: top) {
                            try diagnostics.tolerate(.duplicateKey, at: keyStart, "key repeats an earlier key")
                        } else if order > 0 {
                            try diagnostics.tolerate(.unsortedKeys, at: keyStart, "key sorts before the previous key")
                        }
                    }
                    previousKey = content
                    expectingKey = false
                    continue
                }
            }
            guard position < count else {
                throw ParseError(.unexpectedEOF, at: position, "input ends where a value was expected")
            }
            switch bytes[position] {
            case UInt8(ascii: "i"):
                if !canonicalNonZeroInteger() { try integer() }
                if top == Self.noParent { break scanning }
                // A run of integers in a list (an index list) stays in this loop: the container
                // and its depth do not change, so the checks made for this token hold for them.
                if !inDictionary {
                    while position < count && bytes[position] == UInt8(ascii: "i") && canonicalNonZeroInteger() {}
                }
                expectingKey = true
            case UInt8(ascii: "l"), UInt8(ascii: "d"):
                let isDictionary = bytes[position] == UInt8(ascii: "d")
                guard depth < limits.maxDepth else {
                    throw ParseError(.depthExceeded, at: position, "more than \(limits.maxDepth - 1) levels of nesting")
                }
                let parent = top == Self.noParent ? Int(UInt32.max) : top
                try appendToken(BencodeToken(kind: isDictionary ? .dictionary : .list, start: position, end: position + 1, payload: parent))
                top = tokens.count - 1
                depth += 1
                inDictionary = isDictionary
                expectingKey = true
                previousKey = nil
                position &+= 1
            case Self.digit0...Self.digit9:
                _ = try string()
                if top == Self.noParent { break scanning }
                expectingKey = true
            default:
                throw ParseError(.expectedValue, at: position, "a value starts with i, l, d or a digit")
            }
        }
        if reportTrailingData && position < count {
            try diagnostics.tolerate(.trailingData, at: position, "\(count - position) bytes after the value")
        }
        return position
    }

    @inline(__always)
    private mutating func appendToken(_ token: BencodeToken) throws(ParseError) {
        guard tokens.append(token) else {
            throw ParseError(.limitExceeded, at: Int(token.start), "more than \(limits.maxTokens) tokens")
        }
    }

    /// The digits at `first`: where they end, and their value, which is exact for up to 19
    /// digits (the caller reads longer runs again with ``checkedMagnitude(_:)``).
    /// Everything is kept in registers: this loop is the inner loop of integer-heavy documents.
    @inline(__always)
    private func scanDigits(from first: Int) -> (end: Int, magnitude: UInt64) {
        let count = bytes.count
        var at = first
        var magnitude: UInt64 = 0
        while at < count {
            let digit = bytes[at] &- Self.digit0
            if digit > 9 { break }
            magnitude = magnitude &* 10 &+ UInt64(digit)
            at &+= 1
        }
        return (at, magnitude)
    }

    /// Reads decimal digits at `position`; returns the magnitude (nil on overflow of UInt64) and the digit count.
    @inline(__always)
    private mutating func digits() throws(ParseError) -> (magnitude: UInt64?, count: Int) {
        let first = position
        let (end, magnitude) = scanDigits(from: first)
        let digitCount = end &- first
        // The same failure, at the same offset, as stopping at the first digit too many.
        if digitCount > max(limits.maxIntegerDigits, 0) {
            throw ParseError(.limitExceeded, at: first, "more than \(limits.maxIntegerDigits) digits")
        }
        position = end
        return (digitCount <= 19 ? magnitude : checkedMagnitude(first..<end), digitCount)
    }

    private func checkedMagnitude(_ digits: Range<Int>) -> UInt64? {
        var magnitude: UInt64 = 0
        for at in digits {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[at] &- Self.digit0))
            if o1 || o2 { return nil }
            magnitude = sum
        }
        return magnitude
    }

    /// Reads `<length>:<content>` at `position` and returns the content range.
    @inline(__always)
    private mutating func string() throws(ParseError) -> Range<Int> {
        let start = position
        let (magnitude, digitCount) = try digits()
        guard position < bytes.count else {
            throw ParseError(.unexpectedEOF, at: position, "input ends inside a string length")
        }
        guard bytes[position] == UInt8(ascii: ":") else {
            throw ParseError(.expectedColon, at: position, "string length must end with ':'")
        }
        guard let length = magnitude, length <= UInt64(Int64.max) else {
            throw ParseError(.overflow, at: start, "string length does not fit a 64-bit integer")
        }
        if digitCount > 1 && bytes[start] == Self.digit0 {
            try diagnostics.tolerate(.leadingZero, at: start, "string length with a leading zero")
        }
        let contentStart = position &+ 1
        // Compare the claimed length with what is present before touching anything.
        guard length <= UInt64(bytes.count - contentStart) else {
            throw ParseError(.unexpectedEOF, at: bytes.count, "string claims \(length) bytes, \(bytes.count - contentStart) remain")
        }
        let end = contentStart + Int(length)
        try appendToken(BencodeToken(kind: .string, start: start, end: end, payload: contentStart))
        position = end
        return contentStart..<end
    }

    /// The common case of ``integer()``, inlined in the scanning loop: a non-zero integer of at
    /// most 18 digits without a leading zero, which can neither overflow nor deviate. Reads it
    /// and returns true, or returns false having changed nothing, and ``integer()`` decides
    /// (as it does when the token limit is reached, so that the same error comes from one place).
    @inline(__always)
    private mutating func canonicalNonZeroInteger() -> Bool {
        let start = position
        let count = bytes.count
        var first = start &+ 1
        guard first < count else { return false }
        if bytes[first] == UInt8(ascii: "-") {
            first &+= 1
            guard first < count else { return false }
        }
        guard bytes[first] &- Self.digit0 &- 1 < 9 else { return false }
        let end = scanDigits(from: first).end
        let digitCount = end &- first
        guard digitCount <= 18, digitCount <= limits.maxIntegerDigits, end < count, bytes[end] == UInt8(ascii: "e"),
            tokens.append(BencodeToken(kind: .integer, start: start, end: end &+ 1, payload: 0))
        else { return false }
        position = end &+ 1
        return true
    }

    /// Reads `i<digits>e` at `position`. The value is checked here and read again from the
    /// digits when asked for (``BencodeToken/integerValue(_:)``).
    @inline(__always)
    private mutating func integer() throws(ParseError) {
        let start = position
        let count = bytes.count
        let negative = start &+ 1 < count && bytes[start &+ 1] == UInt8(ascii: "-")
        let digitStart = negative ? start &+ 2 : start &+ 1
        let (end, wrapping) = scanDigits(from: digitStart)
        let digitCount = end &- digitStart
        if digitCount > max(limits.maxIntegerDigits, 0) {
            throw ParseError(.limitExceeded, at: digitStart, "more than \(limits.maxIntegerDigits) digits")
        }
        guard end < count else {
            throw ParseError(.unexpectedEOF, at: end, "input ends inside an integer")
        }
        guard digitCount > 0 else {
            throw ParseError(.expectedDigit, at: end, "integer without digits")
        }
        guard bytes[end] == UInt8(ascii: "e") else {
            throw ParseError(.expectedDigit, at: end, "integer must end with 'e'")
        }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard let m = digitCount <= 19 ? wrapping : checkedMagnitude(digitStart..<end), m <= limit else {
            throw ParseError(.overflow, at: digitStart, "integer outside the 64-bit range")
        }
        if digitCount > 1 && bytes[digitStart] == Self.digit0 {
            try diagnostics.tolerate(.leadingZero, at: digitStart, "integer with a leading zero")
        }
        if negative && m == 0 {
            try diagnostics.tolerate(.negativeZero, at: start + 1, "negative zero")
        }
        position = end &+ 1
        try appendToken(BencodeToken(kind: .integer, start: start, end: end &+ 1, payload: 0))
    }

    /// True when `key`, the newest key of the open dictionary whose token is at `dictionary`,
    /// repeats one of its earlier keys other than the previous one (`order` compares the
    /// previous key with it). Costs nothing while
    /// the dictionary's keys are sorted; from its first unsorted key on, one set lookup a key.
    private mutating func isEarlierKey(_ key: Range<Int>, order: Int, inDictionaryAt dictionary: Int) -> Bool {
        if repeatedKeyChecks[dictionary] == nil {
            guard order > 0 else { return false }
            // The dictionary's earlier keys: each key token is followed by its value's subtree.
            var seen = Set<ArraySlice<UInt8>>()
            var index = dictionary + 1
            while index < tokens.count - 1 {
                let keyToken = tokens[index]
                seen.insert(slice(Int(keyToken.payload)..<Int(keyToken.end)))
                let value = tokens[index + 1]
                index += 2 + (value.kind == .list || value.kind == .dictionary ? Int(value.payload) : 0)
            }
            repeatedKeyChecks[dictionary] = seen
        }
        return !repeatedKeyChecks[dictionary, default: []].insert(slice(key)).inserted
    }

    private func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { ArraySlice(bytes[range]) }

    /// Byte-wise order of two ranges of the buffer: negative, zero or positive.
    private func compare(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        let common = min(a.count, b.count)
        // Both ranges are content ranges the tokenizer checked against the buffer, and a
        // non-empty range implies a non-empty buffer.
        if common > 0, let base = bytes.baseAddress {
            let order = memcmp(base + a.lowerBound, base + b.lowerBound, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }
}
