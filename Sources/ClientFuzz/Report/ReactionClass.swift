import Probe

/// One distinct reaction of the client: what was sent (kind, the first mutation of the message
/// it reacted to), what it did, and how that compares with its profile; with how often it was
/// seen and the first session that showed it.
public struct ReactionClass: Sendable {
    public enum Verdict: String, Sendable, CaseIterable {
        /// What the profile predicts.
        case asPredicted = "as_predicted"
        /// The client closed the connection where its profile predicts it stays (or closes later): a finding.
        case unpredictedDisconnect = "unpredicted_disconnect"
        /// The client stayed where its profile predicts a disconnect.
        case stayedAgainstPrediction = "stayed_against_prediction"
        /// The profile has no rule for a message before the reaction: the reaction is new to it.
        case unknownToProfile = "unknown_to_profile"
    }

    public var kind: FuzzMessage.Kind
    /// The first mutation of the message the client reacted to (the last it was sent), `none` for a seed sent as it is.
    public var mutation: String
    public var observed: ObservedReaction
    public var verdict: Verdict
    /// What the profile predicted, in words.
    public var predicted: String
    public var count = 1
    /// The first session with this reaction.
    public var example: SessionOutcome
    /// The shortest run of messages found to draw the reaction on a fresh connection, when it was minimised.
    public var minimized: [FuzzMessage]?
    /// How minimisation went (`2 replays: 1 message`), or why it was not tried.
    public var minimizeNote: String?
    /// The wire log of the minimised replay.
    public var minimizedLog: [WireLogEntry]?

    /// What identifies the class: kind, mutation, reaction, verdict.
    public var signature: String { "\(kind.rawValue)/\(mutation): \(observed.rawValue), \(verdict.rawValue)" }
}
