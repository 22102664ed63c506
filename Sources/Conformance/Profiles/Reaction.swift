import PexSession
import WireCore
import WireJSON

/// What a peer does on receiving a message: what a ``ClientProfile`` predicts, and what a
/// transcript expects. In an expectation every optional member left nil is not compared.
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
        /// A rule of the PEX session that ends the connection (flood, size cap, empty message,
        /// already closed).
        case session(PexVerdict.DisconnectReason)
        /// A rule of the PEX session that throws a whole message away (private torrent, too many peers).
        case ignored(PexVerdict.IgnoreReason)
        /// A torrent-wide cooldown after a message with peers on another connection.
        case torrentCooldown
        /// A frame longer than the profile's ``ClientProfile/maxFrameSize``: the framer's code.
        case frameTooLarge

        /// Every reason, each once.
        public static let all: [Reason] =
            ClientProfile.Situation.allCases.map(Reason.situation) + PexVerdict.DisconnectReason.allCases.map(Reason.session)
            + PexVerdict.IgnoreReason.allCases.map(Reason.ignored) + [.frameTooLarge, .torrentCooldown]

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
            case .ignored(let reason): reason.rawValue
            case .frameTooLarge: ParseError.Code.frameTooLarge.rawValue
            case .torrentCooldown: "torrent_cooldown"
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
    /// The BEP 11 rules the message breaks (``PexRuleViolation`` codes, sorted), as the receiver's
    /// checks see them; nil when not known (a message that is not PEX, a payload that does not decode).
    public var violations: [String]?
    /// Where the prediction comes from: the document or source it was read from. Never compared.
    public var source: String?

    public init(
        _ kind: Kind, reason: Reason? = nil, learned: Int? = nil, forgot: Int? = nil, violations: [String]? = nil, source: String? = nil
    ) {
        self.kind = kind
        self.reason = reason
        self.learned = learned
        self.forgot = forgot
        self.violations = violations.map { $0.sorted() }
        self.source = source
    }

    public static func == (lhs: Reaction, rhs: Reaction) -> Bool {
        lhs.kind == rhs.kind && lhs.reason == rhs.reason && lhs.learned == rhs.learned && lhs.forgot == rhs.forgot
            && lhs.violations == rhs.violations
    }

    /// True when `actual` shows what this expectation states: the kind always; reason, learned,
    /// forgot and violations only when this expectation gives them.
    public func isMet(by actual: Reaction) -> Bool {
        actual.kind == kind && (reason == nil || reason == actual.reason) && (learned == nil || learned == actual.learned)
            && (forgot == nil || forgot == actual.forgot) && (violations == nil || violations == (actual.violations ?? []))
    }

    public var description: String {
        var text = kind.rawValue
        if let reason { text += " (\(reason))" }
        if let learned { text += ", learns \(learned)" }
        if let forgot { text += ", forgets \(forgot)" }
        if let violations { text += violations.isEmpty ? ", breaks no BEP 11 rule" : ", breaks BEP 11: \(violations.joined(separator: " "))" }
        return text
    }

    // MARK: JSON

    /// The transcript form: `{"kind", "reason"?, "learned"?, "forgot"?, "violations"?}`.
    var json: JSONValue {
        var members = JSONObject([("kind", .string(kind.rawValue))])
        members.put("reason", string: reason?.rawValue)
        members.put("learned", integer: learned)
        members.put("forgot", integer: forgot)
        members.put("violations", violations.map { .array($0.map(JSONValue.string)) })
        return members.value
    }

    init(json fields: JSONFields) throws(TranscriptFormatError) {
        try fields.rejectUnknown(["kind", "reason", "learned", "forgot", "violations"])
        var violations: [String]?
        if fields.member("violations") != nil {
            violations = []
            for (n, item) in try fields.array("violations").enumerated() {
                guard let code = item.stringValue, PexRuleViolationCode.isKnown(code) else {
                    throw TranscriptFormatError(path: fields.path + ".violations[\(n)]", "expected a BEP 11 rule code (\(PexRuleViolationCode.all))")
                }
                violations?.append(code)
            }
        }
        self.init(
            try fields.enumeration("kind", Kind.self), reason: try fields.optionalEnumeration("reason", Reason.self), learned: try fields.optionalInteger("learned"),
            forgot: try fields.optionalInteger("forgot"), violations: violations)
    }
}
