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
    /// How many of the announced peers the receiver keeps.
    public var learned: Int?
    /// Where the prediction comes from: the document or source it was read from.
    public var source: String?

    public init(_ kind: Kind, reason: String? = nil, learned: Int? = nil, source: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.learned = learned
        self.source = source
    }

    public static func == (lhs: Reaction, rhs: Reaction) -> Bool {
        lhs.kind == rhs.kind && lhs.reason == rhs.reason && lhs.learned == rhs.learned
    }

    public var description: String {
        var text = kind.rawValue
        if let reason { text += " (\(reason))" }
        if let learned { text += ", learns \(learned)" }
        return text
    }
}
