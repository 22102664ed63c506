/// The receive paths of both peers of one connection as a ``ClientProfile`` predicts them: feed
/// it a transcript's messages in order and it says what each message's receiver does, following
/// the extended handshakes it has seen (the same state a replay keeps). `pexspec serve` answers
/// the implementation protocol's session requests with it.
public struct ReceivePaths: Sendable {
    private var run: ReplayRun

    public init(profile: ClientProfile) {
        run = ReplayRun(profile: profile)
    }

    /// The reaction of `message`'s receiver, or nil when the profile has no rule for it.
    public mutating func receive(_ message: TranscriptMessage) -> Reaction? {
        run.receive(message).1
    }
}
