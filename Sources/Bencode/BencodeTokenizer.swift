import WireCore

/// The single pass that validates a bencoded buffer and lays out its tokens.
///
/// It works on a raw buffer so that every input type shares one fast loop, keeps its own stack
/// of open containers (bounded by `maxDepth`) instead of recursing, and compares every length it
/// reads with the bytes that remain before using it.
struct BencodeTokenizer {
    private struct OpenContainer {
        var tokenIndex: Int
        var isDictionary: Bool
        var expectingKey: Bool
        /// Content range of the previous key, to check sorting and duplicates.
        var previousKey: Range<Int>?
    }

    let bytes: UnsafeBufferPointer<UInt8>
    let limits: BencodeLimits
    var diagnostics: Diagnostics
    var tokens: [BencodeToken] = []
    private var position = 0
    private var open: [OpenContainer] = []

    init(bytes: UnsafeBufferPointer<UInt8>, limits: BencodeLimits, mode: ParseMode) {
        self.bytes = bytes
        self.limits = limits
        self.diagnostics = Diagnostics(mode: mode)
    }

    private static let digit0 = UInt8(ascii: "0")
    private static let digit9 = UInt8(ascii: "9")

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= Self.digit0 && b <= Self.digit9 }

    /// Tokenizes one value starting at offset 0 and returns the offset just past it.
    /// Bytes after the value are reported as `trailing_data` when `reportTrailingData` is true.
    mutating func run(reportTrailingData: Bool) throws(ParseError) -> Int {
        let count = bytes.count
        guard count <= Int(UInt32.max) else {
            throw ParseError(.limitExceeded, at: Int(UInt32.max), "input larger than 4 GiB")
        }
        scanning: while true {
            // Inside a container: its end, or (in a dictionary) the next key.
            if var top = open.last {
                guard position < count else {
                    throw ParseError(.unexpectedEOF, at: position, "input ends inside a \(top.isDictionary ? "dictionary" : "list")")
                }
                let byte = bytes[position]
                if byte == UInt8(ascii: "e") {
                    if top.isDictionary && !top.expectingKey {
                        throw ParseError(.expectedValue, at: position, "dictionary key without a value")
                    }
                    tokens[top.tokenIndex].end = UInt32(truncatingIfNeeded: position + 1)
                    tokens[top.tokenIndex].payload = UInt64(tokens.count - top.tokenIndex - 1)
                    position += 1
                    open.removeLast()
                    if valueCompleted() { break scanning }
                    continue
                }
                if top.isDictionary && top.expectingKey {
                    guard isDigit(byte) else {
                        throw ParseError(.expectedDigit, at: position, "dictionary key must be a byte string")
                    }
                    let keyStart = position
                    let content = try string()
                    if let previous = top.previousKey {
                        let order = compare(previous, content)
                        if order == 0 {
                            try diagnostics.tolerate(.duplicateKey, at: keyStart, "key repeats the previous key")
                        } else if order > 0 {
                            try diagnostics.tolerate(.unsortedKeys, at: keyStart, "key sorts before the previous key")
                        }
                    }
                    top.previousKey = content
                    top.expectingKey = false
                    open[open.count - 1] = top
                    continue
                }
            }
            guard position < count else {
                throw ParseError(.unexpectedEOF, at: position, "input ends where a value was expected")
            }
            switch bytes[position] {
            case UInt8(ascii: "i"):
                try integer()
                if valueCompleted() { break scanning }
            case UInt8(ascii: "l"), UInt8(ascii: "d"):
                let isDictionary = bytes[position] == UInt8(ascii: "d")
                guard open.count < limits.maxDepth else {
                    throw ParseError(.depthExceeded, at: position, "nesting deeper than \(limits.maxDepth)")
                }
                try appendToken(BencodeToken(kind: isDictionary ? .dictionary : .list, start: position, end: position + 1, payload: 0))
                open.append(OpenContainer(tokenIndex: tokens.count - 1, isDictionary: isDictionary, expectingKey: true, previousKey: nil))
                position += 1
            case Self.digit0...Self.digit9:
                _ = try string()
                if valueCompleted() { break scanning }
            default:
                throw ParseError(.expectedValue, at: position, "a value starts with i, l, d or a digit")
            }
        }
        if reportTrailingData && position < count {
            try diagnostics.tolerate(.trailingData, at: position, "\(count - position) bytes after the value")
        }
        return position
    }

    /// Marks the value just read as complete; returns true when it was the top-level value.
    private mutating func valueCompleted() -> Bool {
        guard !open.isEmpty else { return true }
        if open[open.count - 1].isDictionary { open[open.count - 1].expectingKey = true }
        return false
    }

    private mutating func appendToken(_ token: BencodeToken) throws(ParseError) {
        guard tokens.count < limits.maxTokens else {
            throw ParseError(.limitExceeded, at: Int(token.start), "more than \(limits.maxTokens) tokens")
        }
        tokens.append(token)
    }

    /// Reads decimal digits at `position`; returns the magnitude (nil on overflow of UInt64) and the digit count.
    private mutating func digits() throws(ParseError) -> (magnitude: UInt64?, count: Int) {
        let first = position
        var magnitude: UInt64? = 0
        while position < bytes.count, isDigit(bytes[position]) {
            if position - first >= limits.maxIntegerDigits {
                throw ParseError(.limitExceeded, at: first, "more than \(limits.maxIntegerDigits) digits")
            }
            if let m = magnitude {
                let (times10, o1) = m.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(bytes[position] - Self.digit0))
                magnitude = (o1 || o2) ? nil : sum
            }
            position += 1
        }
        return (magnitude, position - first)
    }

    /// Reads `<length>:<content>` at `position` and returns the content range.
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
        let contentStart = position + 1
        // Compare the claimed length with what is present before touching anything.
        guard length <= UInt64(bytes.count - contentStart) else {
            throw ParseError(.unexpectedEOF, at: bytes.count, "string claims \(length) bytes, \(bytes.count - contentStart) remain")
        }
        let end = contentStart + Int(length)
        try appendToken(BencodeToken(kind: .string, start: start, end: end, payload: UInt64(contentStart)))
        position = end
        return contentStart..<end
    }

    /// Reads `i<digits>e` at `position`.
    private mutating func integer() throws(ParseError) {
        let start = position
        position += 1
        var negative = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        let digitStart = position
        let (magnitude, digitCount) = try digits()
        guard position < bytes.count else {
            throw ParseError(.unexpectedEOF, at: position, "input ends inside an integer")
        }
        guard digitCount > 0 else {
            throw ParseError(.expectedDigit, at: position, "integer without digits")
        }
        guard bytes[position] == UInt8(ascii: "e") else {
            throw ParseError(.expectedDigit, at: position, "integer must end with 'e'")
        }
        let limit: UInt64 = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        guard let m = magnitude, m <= limit else {
            throw ParseError(.overflow, at: digitStart, "integer outside the 64-bit range")
        }
        if digitCount > 1 && bytes[digitStart] == Self.digit0 {
            try diagnostics.tolerate(.leadingZero, at: digitStart, "integer with a leading zero")
        }
        if negative && m == 0 {
            try diagnostics.tolerate(.negativeZero, at: start + 1, "negative zero")
        }
        let value: Int64 = negative ? Int64(bitPattern: 0 &- m) : Int64(m)
        position += 1
        try appendToken(BencodeToken(kind: .integer, start: start, end: position, payload: UInt64(bitPattern: value)))
    }

    /// Byte-wise order of two ranges of the buffer: negative, zero or positive.
    private func compare(_ a: Range<Int>, _ b: Range<Int>) -> Int {
        let common = min(a.count, b.count)
        var i = 0
        while i < common {
            let x = bytes[a.lowerBound + i]
            let y = bytes[b.lowerBound + i]
            if x != y { return x < y ? -1 : 1 }
            i += 1
        }
        return a.count - b.count
    }
}
