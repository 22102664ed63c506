/// What a peer does on receiving a message, as a ``ClientProfile`` predicts it.
public struct Reaction: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// Takes the message and acts on it.
        case accept
        /// Stays connected and does nothing with the message.
        case ignore
        /// Stays connected but throws away the peers the message announces.
        case dropPeers = "drop_peers"
        /// Closes the connection.
        case disconnect
    }

    public var kind: Kind
    /// A stable reason code (`flood`, `invalid_bencode`, `empty_pex`, …) for anything but a plain accept.
    public var reason: String?
    /// How many of the announced peers the receiver keeps; nil when its profile does not know.
    public var learned: Int?
    /// How many peers it knew the message makes it forget (its `dropped` peers); nil when its profile does not know.
    public var forgot: Int?
    /// Where the prediction comes from: the document or source it was read from.
    public var source: String?

    public init(_ kind: Kind, reason: String? = nil, learned: Int? = nil, forgot: Int? = nil, source: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.learned = learned
        self.forgot = forgot
        self.source = source
    }

    public static func == (lhs: Reaction, rhs: Reaction) -> Bool {
        lhs.kind == rhs.kind && lhs.reason == rhs.reason && lhs.learned == rhs.learned && lhs.forgot == rhs.forgot
    }

    public var description: String { Self.describe(kind, reason: reason, learned: learned, forgot: forgot) }

    /// `disconnect (flood)`, `accept, learns 2, forgets 1`: how reports write a reaction, expected or actual.
    static func describe(_ kind: Kind, reason: String?, learned: Int?, forgot: Int?) -> String {
        var text = kind.rawValue
        if let reason { text += " (\(reason))" }
        if let learned { text += ", learns \(learned)" }
        if let forgot { text += ", forgets \(forgot)" }
        return text
    }
}
