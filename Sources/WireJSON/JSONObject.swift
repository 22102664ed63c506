/// Builds a JSON object member by member, in order, optional members only when present: the one
/// way pexspec writes its objects (decode envelopes, transcripts, reports).
public struct JSONObject: Sendable {
    public private(set) var members: [(String, JSONValue)]

    public init(_ members: [(String, JSONValue)] = []) { self.members = members }

    /// Adds `key` when `value` is present.
    public mutating func put(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }

    /// Adds `key` as a string when `value` is present.
    public mutating func put(_ key: String, string value: String?) {
        put(key, value.map(JSONValue.string))
    }

    /// Adds `key` as a JSON integer when `value` is present.
    public mutating func put(_ key: String, integer value: (some BinaryInteger)?) {
        put(key, value.map { .integer(Int64(clamping: $0)) })
    }

    /// Adds `key` as a number rounded to milliseconds when `value` is present (times, durations).
    public mutating func put(_ key: String, seconds value: Double?) {
        put(key, value.map { .double(($0 * 1000).rounded() / 1000) })
    }

    /// The object.
    public var value: JSONValue { .object(members) }
}
