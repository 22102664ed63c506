import WireJSON

/// Typed access to the members of one JSON object of a transcript, naming the member's path in
/// every error so that a broken file says where it is broken.
struct JSONFields {
    let value: JSONValue
    let path: String

    init(_ value: JSONValue, path: String) throws(TranscriptFormatError) {
        guard value.objectMembers != nil else { throw TranscriptFormatError(path: path, "expected an object") }
        self.value = value
        self.path = path
    }

    func member(_ key: String) -> JSONValue? {
        guard let found = value[key], found != .null else { return nil }
        return found
    }

    func string(_ key: String) throws(TranscriptFormatError) -> String {
        guard let found = try optionalString(key) else { throw TranscriptFormatError(path: path + "." + key, "missing string") }
        return found
    }

    func optionalString(_ key: String) throws(TranscriptFormatError) -> String? {
        guard let found = member(key) else { return nil }
        guard let text = found.stringValue else { throw TranscriptFormatError(path: path + "." + key, "expected a string") }
        return text
    }

    func optionalInteger(_ key: String) throws(TranscriptFormatError) -> Int? {
        guard let found = member(key) else { return nil }
        guard let number = found.integerValue, let int = Int(exactly: number) else {
            throw TranscriptFormatError(path: path + "." + key, "expected an integer")
        }
        return int
    }

    func optionalNumber(_ key: String) throws(TranscriptFormatError) -> Double? {
        guard let found = member(key) else { return nil }
        guard let number = found.doubleValue, number.isFinite else { throw TranscriptFormatError(path: path + "." + key, "expected a number") }
        return number
    }

    func object(_ key: String) throws(TranscriptFormatError) -> JSONFields {
        guard let found = member(key) else { throw TranscriptFormatError(path: path + "." + key, "missing object") }
        return try JSONFields(found, path: path + "." + key)
    }

    func optionalObject(_ key: String) throws(TranscriptFormatError) -> JSONFields? {
        guard let found = member(key) else { return nil }
        return try JSONFields(found, path: path + "." + key)
    }

    func array(_ key: String) throws(TranscriptFormatError) -> [JSONValue] {
        guard let found = member(key) else { return [] }
        guard let items = found.arrayValue else { throw TranscriptFormatError(path: path + "." + key, "expected an array") }
        return items
    }

    /// A string member that must be one of an enumeration's raw values.
    func enumeration<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(TranscriptFormatError) -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw TranscriptFormatError(path: path + "." + key, "unknown value '\(text)'") }
        return value
    }

    /// An optional string member that, when present, must be one of an enumeration's raw values.
    func optionalEnumeration<T: RawRepresentable>(_ key: String, _ type: T.Type) throws(TranscriptFormatError) -> T? where T.RawValue == String {
        member(key) == nil ? nil : try enumeration(key, type)
    }

    /// Members not in `known`: a typo in a key name must not silently turn a check off.
    func rejectUnknown(_ known: Set<String>) throws(TranscriptFormatError) {
        for (key, _) in value.objectMembers ?? [] where !known.contains(key) {
            throw TranscriptFormatError(path: path + "." + key, "unknown member")
        }
    }
}
