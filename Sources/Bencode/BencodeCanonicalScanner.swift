/// One forward pass over a bencoded payload that accepts only its plainest form, for the typed
/// message decoders' fast path: they read a message of the shape they expect straight from the
/// bytes, with no token array, and give up (every method returns nil or false) at anything else,
/// leaving it to the general path (``BencodeDecoder/withView(_:_:)``), which reports every
/// deviation with its code and offset.
///
/// What it accepts is exactly what the tokenizer accepts without an error or a warning in either
/// mode, or less: string lengths and integers without a leading zero, no `-0`, integers of at
/// most 18 digits (no overflow possible), every digit run within ``BencodeLimits/maxIntegerDigits``,
/// dictionary keys in strictly increasing order (so none repeats), no byte after the top-level
/// value, at most ``BencodeLimits/maxTokens`` values counted as the tokenizer counts them, and
/// no token read while ``BencodeLimits/maxDepth`` containers are open. A decoder that takes the
/// fast path must likewise give up wherever its general path would warn, so that both paths
/// return the same value and the fast one no warning.
///
/// Every length read is compared with the bytes that remain before it is used; offsets stay
/// below the input's size, at most 4 GiB, so adding one to an offset cannot overflow.
@usableFromInline
package struct BencodeCanonicalScanner {
    @usableFromInline let base: UnsafePointer<UInt8>
    @usableFromInline let count: Int
    /// Offset of the next byte to read.
    @usableFromInline package private(set) var position = 0
    @usableFromInline var tokens = 0
    @usableFromInline var depth = 0
    @usableFromInline let maxTokens: Int
    @usableFromInline let maxDepth: Int
    /// The most digits read: ``BencodeLimits/maxIntegerDigits``, and never more than 18.
    @usableFromInline let maxDigits: Int

    /// A scanner at the start of `bytes`, or nil when they are empty or larger than 4 GiB.
    @inlinable
    package init?(_ bytes: UnsafeBufferPointer<UInt8>, limits: BencodeLimits) {
        guard let base = bytes.baseAddress, bytes.count > 0, bytes.count <= Int(UInt32.max) else { return nil }
        self.base = base
        count = bytes.count
        maxTokens = limits.maxTokens
        maxDepth = limits.maxDepth
        maxDigits = min(limits.maxIntegerDigits, 18)
    }

    /// True when the whole input has been read, every container closed, within the token limit.
    @inlinable package var isComplete: Bool { position == count && depth == 0 && tokens <= maxTokens }

    /// Opens the list (`l`) or dictionary (`d`) that comes next. False, having read nothing,
    /// when something else comes or its contents would exceed the depth limit.
    @inlinable @inline(__always)
    package mutating func open(_ byte: UInt8) -> Bool {
        // Its contents, its closing `e` included, are read with one more container open.
        guard position < count, base[position] == byte, depth &+ 1 < maxDepth else { return false }
        position &+= 1
        depth &+= 1
        tokens &+= 1
        return true
    }

    /// Closes the open container when its `e` comes next.
    @inlinable @inline(__always)
    package mutating func close() -> Bool {
        guard position < count, base[position] == UInt8(ascii: "e"), depth > 0 else { return false }
        position &+= 1
        depth &-= 1
        return true
    }

    /// Reads the dictionary that comes next: `entry` gets each key, in strictly increasing
    /// order, with the scanner at its value, which it must read (returning true) or refuse
    /// (returning false). False when `entry` refuses or anything is not canonical.
    @inlinable @inline(__always)
    package mutating func dictionary(_ entry: (UnsafeBufferPointer<UInt8>, inout Self) -> Bool) -> Bool {
        guard open(UInt8(ascii: "d")) else { return false }
        var previous: UnsafeBufferPointer<UInt8>?
        while !close() {
            guard let key = key(after: previous), entry(key, &self) else { return false }
            previous = key
        }
        return true
    }

    /// Reads the list that comes next: `item` reads each item (returning true) or refuses it.
    @inlinable @inline(__always)
    package mutating func list(_ item: (inout Self) -> Bool) -> Bool {
        guard open(UInt8(ascii: "l")) else { return false }
        while !close() {
            guard item(&self) else { return false }
        }
        return true
    }

    /// True when `bytes` are one dictionary and nothing else, read by ``dictionary(_:)`` with
    /// `entry` within `limits`.
    @inlinable @inline(__always)
    package static func readDictionary(
        _ bytes: UnsafeBufferPointer<UInt8>, limits: BencodeLimits, _ entry: (UnsafeBufferPointer<UInt8>, inout Self) -> Bool
    ) -> Bool {
        guard var scanner = Self(bytes, limits: limits) else { return false }
        return scanner.dictionary(entry) && scanner.isComplete
    }

    /// The canonical digits at `position`: their value and where they end.
    @inlinable @inline(__always)
    func digits(from first: Int) -> (value: Int, end: Int)? {
        var at = first
        var value = 0
        while at < count {
            let digit = base[at] &- UInt8(ascii: "0")
            if digit > 9 { break }
            value = value &* 10 &+ Int(digit)
            at &+= 1
        }
        let digitCount = at &- first
        guard digitCount > 0, digitCount <= maxDigits, digitCount == 1 || base[first] != UInt8(ascii: "0") else { return nil }
        return (value, at)
    }

    /// The content of the byte string that comes next, in place.
    @inlinable @inline(__always)
    package mutating func string() -> UnsafeBufferPointer<UInt8>? {
        guard let (length, colon) = digits(from: position), colon < count, base[colon] == UInt8(ascii: ":") else { return nil }
        let start = colon &+ 1
        guard length <= count &- start else { return nil }
        position = start &+ length
        tokens &+= 1
        return UnsafeBufferPointer(start: base + start, count: length)
    }

    /// Reads the byte string that comes next when it has exactly `length` bytes (below 10: a
    /// one-digit length), without reading its length as a number.
    @inlinable @inline(__always)
    package mutating func string(length: Int) -> Bool {
        precondition(length >= 0 && length < 10, "a one-digit length")
        guard count &- position >= length &+ 2, base[position] == UInt8(ascii: "0") &+ UInt8(length),
            base[position &+ 1] == UInt8(ascii: ":"), 1 <= maxDigits
        else { return false }
        position &+= length &+ 2
        tokens &+= 1
        return true
    }

    /// The next dictionary key, which must sort after `previous` (the dictionary's previous key;
    /// nil for its first).
    @inlinable @inline(__always)
    package mutating func key(after previous: UnsafeBufferPointer<UInt8>?) -> UnsafeBufferPointer<UInt8>? {
        guard let key = string() else { return nil }
        if let previous, !Self.sorts(previous, before: key) { return nil }
        return key
    }

    /// True when `a` sorts strictly before `b`, byte by byte.
    @inlinable @inline(__always)
    static func sorts(_ a: UnsafeBufferPointer<UInt8>, before b: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(a.count, b.count)
        // Keys are short: a plain loop beats a call to memcmp.
        for i in 0..<common where a[i] != b[i] { return a[i] < b[i] }
        return a.count < b.count
    }

    /// The integer that comes next.
    @inlinable @inline(__always)
    package mutating func integer() -> Int64? {
        guard position < count, base[position] == UInt8(ascii: "i") else { return nil }
        let negative = position &+ 1 < count && base[position &+ 1] == UInt8(ascii: "-")
        guard let (magnitude, end) = digits(from: negative ? position &+ 2 : position &+ 1), end < count,
            base[end] == UInt8(ascii: "e"), !(negative && magnitude == 0)
        else { return nil }
        position = end &+ 1
        tokens &+= 1
        return Int64(negative ? -magnitude : magnitude)
    }
}
