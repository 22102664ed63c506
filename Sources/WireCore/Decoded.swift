/// A decoded value together with the warnings a lenient decoder recorded on the way.
public struct Decoded<Value> {
    public var value: Value
    public var warnings: [ParseWarning]

    public init(_ value: Value, warnings: [ParseWarning] = []) {
        self.value = value
        self.warnings = warnings
    }

    public func map<T>(_ transform: (Value) throws -> T) rethrows -> Decoded<T> {
        Decoded<T>(try transform(value), warnings: warnings)
    }
}

extension Decoded: Sendable where Value: Sendable {}
extension Decoded: Equatable where Value: Equatable {}
