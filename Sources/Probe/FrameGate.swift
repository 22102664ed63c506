import PeerWire

/// What stands between a connection's frames and the case that reads them, so that a client that
/// floods cannot grow the probe's memory or delay its timers: a run of identical frames becomes
/// one ``ConnectionEvent/repeated(_:bytes:count:first:last:)`` (at least once a second while it
/// lasts), and frames beyond ``maxFramesPerSecond`` distinct ones in a second are only counted,
/// as one ``ConnectionEvent/excess(frames:bytes:keepAlives:first:last:)`` per second.
///
/// Pure: the channel handler feeds it frames and asks for what is due; the tests drive it alone.
struct FrameGate {
    /// Distinct frames delivered per second; more are counted, not delivered.
    var maxFramesPerSecond: Int
    /// Seconds a run of identical frames is held before it is delivered (and a new run begins).
    var maxRunAge = 1.0

    private var last: [UInt8]?
    private var run: (message: PeerMessage, bytes: [UInt8], count: Int, first: Double, last: Double)?
    private var secondStart = -1.0
    private var deliveredThisSecond = 0
    private var excess: (frames: Int, bytes: Int, keepAlives: Int, first: Double, last: Double)?

    init(maxFramesPerSecond: Int) {
        self.maxFramesPerSecond = maxFramesPerSecond
    }

    /// True while something is held back: the caller should ask for ``flush(time:)`` soon.
    var isHolding: Bool { run != nil || excess != nil }

    /// The events due now for one more frame, in order.
    mutating func admit(_ message: PeerMessage, bytes: [UInt8], time: Double) -> [ConnectionEvent] {
        var events: [ConnectionEvent] = []
        if bytes == last {
            if run == nil {
                run = (message, bytes, 1, time, time)
            } else {
                run?.count += 1
                run?.last = time
            }
            if let run, time - run.first >= maxRunAge { events += flushRun() }
            return events
        }
        events += flushRun()
        last = bytes
        if time - secondStart >= 1 {
            events += flushExcess()
            secondStart = time
            deliveredThisSecond = 0
        }
        if deliveredThisSecond >= maxFramesPerSecond {
            let keepAlive = bytes.count == 4 ? 1 : 0
            if excess == nil {
                excess = (1, bytes.count, keepAlive, time, time)
            } else {
                excess?.frames += 1
                excess?.bytes += bytes.count
                excess?.keepAlives += keepAlive
                excess?.last = time
            }
            return events
        }
        deliveredThisSecond += 1
        events.append(.message(message, bytes: bytes, time: time))
        return events
    }

    /// Everything held back, in order: at the connection's end and on the handler's flush timer.
    mutating func flush(time: Double) -> [ConnectionEvent] {
        flushRun() + flushExcess()
    }

    private mutating func flushRun() -> [ConnectionEvent] {
        guard let held = run else { return [] }
        run = nil
        return [.repeated(held.message, bytes: held.bytes, count: held.count, first: held.first, last: held.last)]
    }

    private mutating func flushExcess() -> [ConnectionEvent] {
        guard let held = excess else { return [] }
        excess = nil
        return [.excess(frames: held.frames, bytes: held.bytes, keepAlives: held.keepAlives, first: held.first, last: held.last)]
    }
}
