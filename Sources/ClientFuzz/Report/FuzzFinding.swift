import Probe

/// A crash, hang, leak, assertion or unpredicted disconnect, with the messages that caused it.
public struct FuzzFinding: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The client's process is gone.
        case crash
        /// The process is alive but does not complete a handshake within the deadline.
        case hang
        /// Resident memory or open descriptors grew past the thresholds.
        case leak
        /// The client's log reports an assertion, a sanitizer error or a fatal signal.
        case assertion
        /// A disconnect the client's profile does not predict.
        case unpredictedDisconnect = "unpredicted_disconnect"
    }

    public var kind: Kind
    public var summary: String
    /// The messages: minimised when ``minimized`` is true, else those of the sessions of the last batch.
    public var messages: [FuzzMessage] { connections.flatMap { $0 } }
    /// The same messages by connection, as they were sent (the connections of a batch ran at once).
    public var connections: [[FuzzMessage]]
    public var minimized: Bool
    /// The batch it showed in (0-based) and the session, when one session caused it.
    public var batch: Int
    public var session: Int?
    /// The wire log of the replay that reproduced it (minimised), or of the session that showed it.
    public var log: [WireLogEntry]
    /// How reproduction and minimisation went.
    public var note: String
    /// Whether a replay on a fresh connection drew it again; nil when not replayed.
    public var reproduced: Bool?
    /// For unpredicted disconnects: what the trigger has in common with others of its group
    /// (`ext_handshake/resize_string`, `an extended handshake with metadata_size`); one finding
    /// stands for the group.
    public var cause: String = ""
    /// Connections that showed the same cause, this one included.
    public var occurrences = 1
    /// The messages of up to ``maxAlternates`` more of them, tried when this one does not replay.
    public var alternates: [[FuzzMessage]] = []

    public static let maxAlternates = 3
}
