import Bencode
import WireCore
import WireJSON

/// Bencode as JSON, per the decode contract, one-to-one: two different bencode values never
/// print the same JSON.
///
/// - an integer is a number; a list an array;
/// - a byte string is a JSON string when it is valid UTF-8, and `{"hex": "…"}` otherwise;
/// - a dictionary is an object in wire order, each key written by ``key(_:)``; one with a
///   repeated key (lenient mode) is `{"dict": [[key, value], …]}`, every entry in wire order.
///
/// ``key(_:)`` writes a key as its text unless it is not UTF-8, is `hex` or `dict`, or starts
/// with `hex:`: those are `hex:` and the key's hex. So no dictionary's object has a member
/// `hex` or `dict`, and the objects of the three forms cannot be confused.
public enum BencodeJSON {
    /// The member of a byte string that is not UTF-8.
    static let hexMember = "hex"
    /// The member of a dictionary with a repeated key.
    static let entriesMember = "dict"
    static let hexKeyPrefix = "hex:"

    public static func json(_ value: BencodeValue) -> JSONValue {
        switch value {
        case .integer(let i): return .integer(i)
        case .string(let s): return bytes(s)
        case .list(let items): return .array(items.map(json))
        case .dictionary(let dict):
            var seen = Set<[UInt8]>()
            guard dict.entries.allSatisfy({ seen.insert($0.key).inserted }) else {
                return [entriesMember: .array(dict.entries.map { [.string(key($0.key)), json($0.value)] })]
            }
            return .object(dict.entries.map { (key($0.key), json($0.value)) })
        }
    }

    /// A byte string: text when it is UTF-8, `{"hex": …}` otherwise.
    public static func bytes(_ bytes: some Collection<UInt8>) -> JSONValue {
        if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
        return [hexMember: .string(Hex.encode(bytes))]
    }

    /// The entries a message keeps besides its typed fields, as the object of its `"extra"`
    /// member; nil when there are none.
    static func extra(_ entries: [BencodeDictionary.Entry]) -> JSONValue? {
        // Not a `?:` expression: JSONValue is ExpressibleByNilLiteral, so `nil` there would be JSON null.
        guard !entries.isEmpty else { return Optional.none }
        return json(.dictionary(BencodeDictionary(entries: entries)))
    }

    /// A dictionary key: its text, or `hex:` and its hex when it is not UTF-8, is `hex` or `dict`,
    /// or starts with `hex:`.
    public static func key(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self), text != hexMember, text != entriesMember,
            !text.hasPrefix(hexKeyPrefix)
        {
            return text
        }
        return hexKeyPrefix + Hex.encode(bytes)
    }
}

func decodeBencodeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    try BencodeDecoder(mode: mode).decode(bytes).map(BencodeJSON.json)
}
