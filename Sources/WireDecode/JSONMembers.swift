import WireJSON

/// The members of a JSON object in the order they are added, optional ones only when present:
/// the one way every kind of `pexspec decode` writes its objects.
struct JSONMembers {
    private(set) var members: [(String, JSONValue)] = []

    init(_ members: [(String, JSONValue)] = []) { self.members = members }

    /// Adds `key` when `value` is present.
    mutating func put(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }

    /// Adds `key` as a JSON number when `value` is present.
    mutating func put(_ key: String, integer value: (some BinaryInteger)?) {
        put(key, value.map { .integer(Int64($0)) })
    }

    var object: JSONValue { .object(members) }
}
