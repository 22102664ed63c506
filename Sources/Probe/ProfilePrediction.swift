import Conformance

/// What a client's ``ClientProfile`` predicts it does with a robustness input: the stateful
/// rules run on a ``ProfileConnection`` over the frames at the times they are sent.
struct ProfilePrediction: Sendable, Equatable {
    /// `stays` or `disconnects`; nil when the profile has no rule for some frame before any
    /// disconnect.
    var reaction: ObservedReaction?
    /// The reaction kinds in order, with the rule's source, for the report.
    var explanation: String

    /// Feeds `frames`, sent `spacing` seconds apart, to a connection whose bitfield has been
    /// exchanged (the probe sends its own before any input).
    static func predict(_ profile: ClientProfile, frames: [RobustnessProbe.Frame], spacing: Double) -> ProfilePrediction {
        var connection = ProfileConnection(profile: profile, bitfieldSeen: true)
        var kinds: [String] = []
        for (n, frame) in frames.enumerated() {
            guard let reaction = connection.react(to: frame.incoming, at: Double(n) * spacing) else {
                return ProfilePrediction(reaction: nil, explanation: "no rule in \(profile.id) for message \(n + 1)")
            }
            kinds.append(reaction.description)
            if reaction.kind == .disconnect {
                let at = frames.count > 1 ? " at message \(n + 1)" : ""
                return ProfilePrediction(reaction: .disconnects, explanation: "\(profile.id): \(reaction.description)\(at)" + (reaction.source.map { "; \($0)" } ?? ""))
            }
        }
        let summary = Set(kinds).sorted().joined(separator: ", ")
        return ProfilePrediction(reaction: .stays, explanation: "\(profile.id): \(summary)")
    }

    /// The profile for `id`, or the one the client's `v` names (``ClientIdentity``).
    static func profile(named id: String?, version: String?) -> ClientProfile? {
        if let id { return ClientProfile.named(id) }
        return version.flatMap(ClientIdentity.identify(version:)).flatMap { ClientProfile.named($0.profile) }
    }
}
