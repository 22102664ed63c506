import Bencode
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import WireCore

extension ProbePeer {
    // MARK: Events

    /// The next event: queued ones first, then the connection's. Received bytes are logged and
    /// keep-alive timers are handled here; nil once the connection has ended and all is taken.
    package func next() async -> ConnectionEvent? {
        while true {
            if !backlog.isEmpty { return backlog.removeFirst() }
            guard let event = await iterator.next() else { return nil }
            switch event {
            case .handshake(let handshake, let bytes, let time):
                connection.consumed(PeerChannelHandler.eventOverhead + event.byteCount)
                wireLog.append(WireLogEntry(kind: .received, time: time, framing: .handshake, bytes: bytes, summary: MessageSummary.handshake(handshake)))
            case .message(let message, let bytes, let time):
                connection.consumed(PeerChannelHandler.eventOverhead + event.byteCount)
                received.add(frames: 1, bytes: bytes.count, keepAlives: message == .keepAlive ? 1 : 0, at: time)
                wireLog.append(WireLogEntry(kind: .received, time: time, framing: .standard, bytes: bytes, summary: MessageSummary.message(message, names: inboundNames)))
                if message == .unchoke { unchoked = true }
                if message == .choke { unchoked = false }
            case .repeated(let message, let bytes, let count, let first, let last):
                connection.consumed(PeerChannelHandler.eventOverhead + event.byteCount)
                received.add(frames: count, bytes: bytes.count * count, keepAlives: message == .keepAlive ? count : 0, at: last)
                wireLog.append(WireLogEntry(
                    kind: .received, time: first, framing: .standard, bytes: bytes, summary: MessageSummary.message(message, names: inboundNames),
                    count: count, until: last))
            case .excess(let frames, let bytes, let keepAlives, let first, let last):
                connection.consumed(PeerChannelHandler.eventOverhead)
                received.add(frames: frames, bytes: bytes, keepAlives: keepAlives, at: last)
                received.excessFrames += frames
                wireLog.append(WireLogEntry(
                    kind: .event, time: first, framing: .none, bytes: [],
                    summary: "\(frames) frames (\(bytes) bytes, \(keepAlives) keep-alives) over the cap of \(configuration.maxFramesPerSecond) a second, counted, not decoded one by one",
                    until: last))
            case .closed(let reason, let partial, let time):
                end = (reason, time)
                if !partial.isEmpty {
                    wireLog.append(WireLogEntry(kind: .received, time: time, framing: .none, bytes: partial, summary: "\(partial.count) bytes of an unfinished frame"))
                }
                wireLog.append(WireLogEntry(kind: .event, time: time, framing: .none, bytes: [], summary: reason.description))
            case .timer(let tag, let time):
                if tag == Self.keepAliveTag {
                    if unchoked, let piece = requestPiece {
                        send(.request(index: piece, begin: 0, length: Self.requestLength))
                    } else {
                        sendFrame(PeerMessage.keepAlive.encoded, summary: "keep-alive", at: time)
                    }
                    connection.schedule(Self.keepAliveTag, after: configuration.keepAliveInterval)
                    continue
                }
            }
            return event
        }
    }

    /// A fresh tag, and a timer with it after `seconds`.
    package func startTimer(_ name: String, after seconds: Double) -> String {
        timerSerial += 1
        let tag = "\(name)#\(timerSerial)"
        connection.schedule(tag, after: seconds)
        return tag
    }

    /// Waits up to `seconds`, and no later than ``deadline``, for the client to close the
    /// connection. Returns the end when it did, nil when the connection is still open (then
    /// ``pastDeadline`` says whether the deadline cut the wait short); other events are logged
    /// and dropped. The wait ends at its time even when events queue faster than they are taken.
    package func waitForEnd(seconds: Double) async -> (reason: ConnectionEnd, time: Double)? {
        if let end { return end }
        let seconds = min(seconds, max(0, self.deadline - connection.clock.now()))
        let tag = startTimer("settle", after: seconds)
        let deadline = connection.clock.now() + seconds
        while let event = await next() {
            switch event {
            case .closed(let reason, _, let time): return (reason, time)
            case .timer(let t, _) where t == tag: return nil
            default: if connection.clock.now() >= deadline { return nil }
            }
        }
        return end
    }

    /// Closes the connection (if the client has not) and takes the last events.
    package func finish() async {
        if end == nil { await connection.close() }
        while await next() != nil {}
    }
}
