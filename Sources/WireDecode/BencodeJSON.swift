import Bencode
import WireCore
import WireJSON

/// Bencode as JSON, per the decode contract: integers are numbers; a byte string is a JSON string
/// when it is valid UTF-8 and `{"hex": "…"}` otherwise; lists are arrays; a dictionary is an
/// object in wire order (first entry of a repeated key), a key that is not UTF-8 written as
/// `hex:` and its hex.
public enum BencodeJSON {
    public static func json(_ value: BencodeValue) -> JSONValue {
        switch value {
        case .integer(let i): return .integer(i)
        case .string(let s): return bytes(s)
        case .list(let items): return .array(items.map(json))
        case .dictionary(let dict):
            var seen = Set<[UInt8]>()
            var members = JSONObject()
            for entry in dict.entries where seen.insert(entry.key).inserted {
                members.put(key(entry.key), json(entry.value))
            }
            return members.value
        }
    }

    /// A byte string: text when it is UTF-8, `{"hex": …}` otherwise.
    public static func bytes(_ bytes: some Collection<UInt8>) -> JSONValue {
        if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
        return ["hex": .string(Hex.encode(bytes))]
    }

    /// The entries a message keeps besides its typed fields, as the object of its `"extra"`
    /// member; nil when there are none.
    static func extra(_ entries: [BencodeDictionary.Entry]) -> JSONValue? {
        // Not a `?:` expression: JSONValue is ExpressibleByNilLiteral, so `nil` there would be JSON null.
        guard !entries.isEmpty else { return Optional.none }
        return json(.dictionary(BencodeDictionary(entries: entries)))
    }

    /// A dictionary key: its text when UTF-8, `hex:` and its hex otherwise.
    public static func key(_ bytes: some Collection<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? "hex:" + Hex.encode(bytes)
    }
}

func decodeBencodeJSON(_ bytes: [UInt8], mode: ParseMode) throws(ParseError) -> Decoded<JSONValue> {
    try BencodeDecoder(mode: mode).decode(bytes).map(BencodeJSON.json)
}
