/// One rule a client follows (a value: a policy, a number, a yes or no) and the public source
/// that says so: the profiles' private-torrent and extension-table rules, and every swarm
/// behaviour (``SwarmBehaviour/Rule``).
public struct SourcedRule<Value: Sendable & Equatable>: Sendable, Equatable {
    public var value: Value
    public var source: String

    public init(_ value: Value, _ source: String) {
        self.value = value
        self.source = source
    }
}

extension SourcedRule: Hashable where Value: Hashable {}
