import PexSession
import WireCore

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

    /// Why a receiver does anything but a plain accept: one closed set, written in transcripts as
    /// its ``rawValue`` (`flood`, `invalid_bencode`, `flags_length_mismatch`, …).
    public enum Reason: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// A message a profile has a rule for; named by the decoder code it reacts to, where
        /// there is one.
        case situation(ClientProfile.Situation)
        /// A rule of the PEX session (flood, size cap, empty message, already closed).
        case session(PexVerdict.DisconnectReason)
        /// A frame longer than the profile's ``ClientProfile/maxFrameSize``: the framer's code.
        case frameTooLarge

        /// Every reason, each once.
        public static let all: [Reason] =
            ClientProfile.Situation.allCases.map(Reason.situation) + PexVerdict.DisconnectReason.allCases.map(Reason.session) + [.frameTooLarge]

        /// The reason a transcript names `rawValue`, or nil.
        public init?(rawValue: String) {
            guard let reason = Self.all.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = reason
        }

        /// The transcript's word for it.
        public var rawValue: String {
            switch self {
            case .situation(let situation): situation.rawValue
            case .session(let reason): reason.rawValue
            case .frameTooLarge: ParseError.Code.frameTooLarge.rawValue
            }
        }

        public var description: String { rawValue }
    }

    public var kind: Kind
    /// Why, for anything but a plain accept.
    public var reason: Reason?
    /// How many of the announced peers the receiver keeps; nil when its profile does not know.
    public var learned: Int?
    /// How many peers it knew the message makes it forget (its `dropped` peers); nil when its profile does not know.
    public var forgot: Int?
    /// Where the prediction comes from: the document or source it was read from.
    public var source: String?

    public init(_ kind: Kind, reason: Reason? = nil, learned: Int? = nil, forgot: Int? = nil, source: String? = nil) {
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
    static func describe(_ kind: Kind, reason: Reason?, learned: Int?, forgot: Int?) -> String {
        var text = kind.rawValue
        if let reason { text += " (\(reason))" }
        if let learned { text += ", learns \(learned)" }
        if let forgot { text += ", forgets \(forgot)" }
        return text
    }
}
