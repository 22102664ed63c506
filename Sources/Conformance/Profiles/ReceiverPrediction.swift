import PeerWire
import PexModel

/// What one deployed client would do with messages an implementation is about to send.
public struct ReceiverPrediction: Sendable {
    public var profile: ClientProfile
    /// The reaction to each message, in order; nil where the profile has no rule. Predictions stop
    /// at the first disconnect.
    public var reactions: [Reaction?]

    /// The first reaction that is not a plain accept: what the sender should worry about.
    public var firstHazard: Reaction? {
        for reaction in reactions {
            guard let reaction else { continue }
            if reaction.kind != .accept { return reaction }
        }
        return nil
    }
}

extension ClientProfile {
    /// Predicts, for each deployed client, its reaction to PEX payloads sent at the given times
    /// (seconds since the connection opened), on a connection whose bitfield has been exchanged.
    ///
    /// ```swift
    /// let empty = Array("de".utf8)
    /// let hazards = ClientProfile.predict(sending: [(0, empty)]).filter { $0.firstHazard != nil }
    /// // uTorrent 1.8.1: disconnect (empty_pex)
    /// ```
    public static func predict(
        sending messages: [(time: Double, payload: [UInt8])], dialect: PexMessageFacts.Dialect = .utPex, among profiles: [ClientProfile] = deployed
    ) -> [ReceiverPrediction] {
        profiles.map { profile in
            var connection = ProfileConnection(profile: profile, bitfieldSeen: true)
            var reactions: [Reaction?] = []
            for message in messages {
                let facts = dialect == .utPex ? PexMessageFacts(utPexPayload: message.payload) : PexMessageFacts(azureusPexPayload: message.payload)
                let reaction = connection.react(to: .pex(facts, frameSize: message.payload.count + 6), at: message.time)
                reactions.append(reaction)
                if reaction?.kind == .disconnect { break }
            }
            return ReceiverPrediction(profile: profile, reactions: reactions)
        }
    }

    /// Predicts the same for updates about to be sent as ut_pex (a ``PexSession``'s
    /// ``PexSession/nextMessage()``), written as ``UTPexMessage`` writes them; an update with no
    /// peer is written as `de`, the message a naive sender emits.
    public static func predict(
        sendingUpdates updates: [(time: Double, update: PexUpdate)], among profiles: [ClientProfile] = deployed
    ) -> [ReceiverPrediction] {
        let messages = updates.map { item in
            (time: item.time, payload: (try? UTPexMessage(item.update).encoded()) ?? Array("de".utf8))
        }
        return predict(sending: messages, dialect: .utPex, among: profiles)
    }
}
