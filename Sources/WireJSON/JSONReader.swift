/// Why JSON text could not be read, with the byte offset (and, when ``JSONReadRules`` refused it,
/// the JSON path of the member).
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var offset: Int
    public var message: String
    /// Where a ``JSONReadRules`` check refused the document (`$.messages[3].hex`); nil for a syntax error.
    public var path: String?
    public init(offset: Int, message: String, path: String? = nil) {
        self.offset = offset
        self.message = message
        self.path = path
    }
    public var description: String {
        path.map { "\($0): \(message)" } ?? "JSON syntax error at offset \(offset): \(message)"
    }
}

/// One step of a JSON path: a member name or an array index.
public enum JSONPathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)

    /// `$.messages[3].hex`.
    public static func render(_ path: [JSONPathComponent]) -> String {
        var out = "$"
        for component in path {
            switch component {
            case .key(let key): out += "." + key
            case .index(let index): out += "[\(index)]"
            }
        }
        return out
    }
}

/// Checks a reader applies while it reads, so that a document is refused at the first member it
/// must not have, before that member's value is read (a 100-million-element array under an
/// unknown name costs nothing), and a string is refused once it passes its length cap.
public struct JSONReadRules: Sendable {
    /// Called with the path of an object and a member name before the member's value is read;
    /// a non-nil answer refuses the document with that message.
    public var member: @Sendable (_ objectPath: [JSONPathComponent], _ name: String) -> String?
    /// The most bytes a string at this path may hold; nil: no cap.
    public var maxStringLength: @Sendable (_ path: [JSONPathComponent]) -> Int?

    public init(
        member: @escaping @Sendable ([JSONPathComponent], String) -> String? = { _, _ in nil },
        maxStringLength: @escaping @Sendable ([JSONPathComponent]) -> Int? = { _ in nil }
    ) {
        self.member = member
        self.maxStringLength = maxStringLength
    }
}

extension JSONValue {
    /// Parses RFC 8259 JSON text. Object member order is kept. Nesting deeper than `maxDepth` is refused.
    public static func parse(_ text: some Collection<UInt8>, maxDepth: Int = 256, rules: JSONReadRules? = nil) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: Array(text), maxDepth: maxDepth, rules: rules)
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.position == reader.bytes.count else { throw reader.fail("trailing characters") }
        return value
    }

    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct JSONReader {
    let bytes: [UInt8]
    let maxDepth: Int
    let rules: JSONReadRules?
    var position = 0
    /// The path of the value being read, kept only when there are rules to apply.
    var path: [JSONPathComponent] = []

    init(bytes: [UInt8], maxDepth: Int, rules: JSONReadRules?) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.rules = rules
    }

    func refuse(_ message: String, at path: [JSONPathComponent]) -> JSONSyntaxError {
        JSONSyntaxError(offset: position, message: message, path: JSONPathComponent.render(path))
    }

    func fail(_ message: String) -> JSONSyntaxError { JSONSyntaxError(offset: position, message: message) }

    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    mutating func skipSpace() {
        while let c = current, c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 { position += 1 }
    }

    mutating func expect(_ literal: String) throws(JSONSyntaxError) {
        for c in literal.utf8 {
            guard current == c else { throw fail("expected \(literal)") }
            position += 1
        }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= maxDepth else { throw fail("nesting deeper than \(maxDepth)") }
        guard let c = current else { throw fail("unexpected end of input") }
        switch c {
        case UInt8(ascii: "{"):
            position += 1
            var members: [(String, JSONValue)] = []
            skipSpace()
            if current == UInt8(ascii: "}") { position += 1; return .object(members) }
            while true {
                skipSpace()
                guard current == UInt8(ascii: "\"") else { throw fail("expected a member name") }
                let key = try string()
                if let rules {
                    if let refusal = rules.member(path, key) { throw refuse(refusal, at: path + [.key(key)]) }
                    path.append(.key(key))
                }
                skipSpace()
                try expect(":")
                skipSpace()
                members.append((key, try value(depth: depth + 1)))
                if rules != nil { path.removeLast() }
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect("}")
                return .object(members)
            }
        case UInt8(ascii: "["):
            position += 1
            var items: [JSONValue] = []
            skipSpace()
            if current == UInt8(ascii: "]") { position += 1; return .array(items) }
            while true {
                skipSpace()
                if rules != nil { path.append(.index(items.count)) }
                items.append(try value(depth: depth + 1))
                if rules != nil { path.removeLast() }
                skipSpace()
                if current == UInt8(ascii: ",") { position += 1; continue }
                try expect("]")
                return .array(items)
            }
        case UInt8(ascii: "\""): return .string(try string(limit: rules?.maxStringLength(path)))
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return try number()
        }
    }

    mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = position
        var isInteger = true
        if current == UInt8(ascii: "-") { position += 1 }
        guard let first = current, first >= 0x30, first <= 0x39 else { throw fail("expected a value") }
        while let c = current, (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
            || c == UInt8(ascii: "E") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-")
        {
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { isInteger = false }
            position += 1
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger, let i = Int64(text) { return .integer(i) }
        guard let d = Double(text) else { throw JSONSyntaxError(offset: start, message: "malformed number") }
        return .double(d)
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[position]
            let nibble: UInt32
            switch c {
            case 0x30...0x39: nibble = UInt32(c - 0x30)
            case 0x61...0x66: nibble = UInt32(c - 0x61 + 10)
            case 0x41...0x46: nibble = UInt32(c - 0x41 + 10)
            default: throw fail("bad \\u escape")
            }
            value = value << 4 | nibble
            position += 1
        }
        return value
    }

    mutating func string(limit: Int? = nil) throws(JSONSyntaxError) -> String {
        position += 1  // opening quote
        var out: [UInt8] = []
        while true {
            if let limit, out.count > limit { throw refuse("a string longer than \(limit) bytes", at: path) }
            guard let c = current else { throw fail("unterminated string") }
            position += 1
            switch c {
            case UInt8(ascii: "\""):
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let e = current else { throw fail("unterminated escape") }
                position += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5c)
                case UInt8(ascii: "/"): out.append(0x2f)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0c)
                case UInt8(ascii: "n"): out.append(0x0a)
                case UInt8(ascii: "r"): out.append(0x0d)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xd800..<0xdc00).contains(scalar), current == UInt8(ascii: "\\"),
                        position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                    {
                        position += 2
                        let low = try hex4()
                        scalar = 0x10000 + ((scalar - 0xd800) << 10) + (low &- 0xdc00)
                    }
                    let unicode = Unicode.Scalar(scalar) ?? "\u{fffd}"
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default: throw fail("unknown escape")
                }
            case 0x00..<0x20:
                throw fail("control character in string")
            default:
                out.append(c)
            }
        }
    }
}
