import Conformance
import Probe

/// Runs one fuzz connection: opens it as the probe does (handshake, extended handshake,
/// bitfield, interested), sends the messages ``ClientFuzzConfiguration/pace`` seconds apart,
/// stops when the client closes, waits ``ClientFuzzConfiguration/settle`` seconds after the last,
/// and closes.
struct FuzzSession {
    let configuration: ClientFuzzConfiguration
    let profile: ClientProfile?

    /// Gap between the writes of a frame split across TCP segments.
    static let writeGap = 0.02

    func run(index: Int, kind: FuzzMessage.Kind, messages: [FuzzMessage]) async -> SessionOutcome {
        var outcome = SessionOutcome(
            index: index, kind: kind, connection: "", openingFailure: nil, messages: messages, sent: 0, sendTimes: [], end: nil,
            endTime: nil, closedByClient: false, clientVersion: nil, clientExtendedHandshake: nil, clientSpeaksAzureus: false,
            clientPexID: nil, log: [], prediction: nil)
        let peer: ProbePeer
        switch await ProbePeer.open(connectionIndex: index, configuration: configuration.probe) {
        case .failure(let failure):
            outcome.openingFailure = failure.description
            return outcome
        case .success(let opened): peer = opened
        }
        outcome.connection = peer.connection.localAddress
        if let failure = await peer.establish() {
            await peer.finish()
            outcome.openingFailure = failure
            outcome.log = peer.log
            outcome.closedByClient = peer.end?.reason.isByClient ?? false
            return outcome
        }
        outcome.clientVersion = peer.remoteVersion
        outcome.clientExtendedHandshake = peer.remoteExtendedHandshake
        outcome.clientSpeaksAzureus = peer.remoteHandshake?.reserved.contains(.azureusMessaging) ?? false
        outcome.clientPexID = peer.remotePexID
        var end = peer.end
        for message in messages where end == nil {
            outcome.sendTimes.append(peer.connection.clock.now())
            let (frames, trailing) = FrameCut.frames(message.bytes)
            var logged = frames.enumerated().map { (bytes: $0.element, summary: "\(message.summary), frame \($0.offset + 1) of \(frames.count)") }
            if frames.count == 1 { logged[0].summary = message.summary }
            if !trailing.isEmpty { logged.append((trailing, "\(message.summary): \(trailing.count) bytes of an unfinished frame")) }
            guard await peer.sendWrites(message.writes, gap: Self.writeGap, frames: logged) else { break }
            outcome.sent += 1
            if configuration.pace > 0 { end = await peer.waitForEnd(seconds: configuration.pace) }
        }
        if end == nil { end = await peer.waitForEnd(seconds: configuration.settle) }
        await peer.finish()
        if let end {
            outcome.end = end.reason.description
            outcome.endTime = end.time
            outcome.closedByClient = end.reason.isByClient
        }
        outcome.log = peer.log
        outcome.prediction = SessionPrediction.predict(
            profile, own: peer.ownExtendedHandshake(), client: peer.remoteExtendedHandshake, messages: Array(messages.prefix(outcome.sent)),
            times: outcome.sendTimes)
        return outcome
    }
}
