import WireJSON

/// What the receiving peer does with a message.
public struct ExpectedReaction: Sendable, Equatable, CustomStringConvertible {
    public var kind: Reaction.Kind
    /// For `disconnect` (and `drop_peers`): the reason code the profile must give
    /// (`flood`, `invalid_bencode`, …); not compared when nil.
    public var reason: Reaction.Reason?
    /// How many announced peers the receiver keeps from this message; not compared when nil.
    public var learned: Int?
    /// How many known peers the message's `dropped` makes the receiver forget; not compared when nil.
    public var forgot: Int?

    public init(kind: Reaction.Kind, reason: Reaction.Reason? = nil, learned: Int? = nil, forgot: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.learned = learned
        self.forgot = forgot
    }

    /// True when `actual` is what this expectation asks for.
    public func isMet(by actual: Reaction) -> Bool {
        actual.kind == kind && (reason == nil || reason == actual.reason) && (learned == nil || learned == actual.learned)
            && (forgot == nil || forgot == actual.forgot)
    }

    var json: JSONValue {
        var members = JSONObject([("kind", .string(kind.rawValue))])
        members.put("reason", reason.map { .string($0.rawValue) })
        members.put("learned", integer: learned)
        members.put("forgot", integer: forgot)
        return members.value
    }

    public var description: String { Reaction.describe(kind, reason: reason, learned: learned, forgot: forgot) }
}
