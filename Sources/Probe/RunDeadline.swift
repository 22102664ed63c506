import Synchronization

/// When a probe run must end, whatever the client does: set once connection 0 has made the
/// plan (its window is known then), at that moment plus the run's window and
/// ``ProbeConfiguration/runGrace``. The run's window is the plan's observation window, or the
/// swarm's when ``ProbeConfiguration/swarmWindow`` is given and longer.
///
/// Every task of the run reads it: connection 0's watch and the swarm's timeline end at the
/// window's end, a robustness connection or the extra peer waits no longer than the deadline,
/// and a case that could not finish by it is `inconclusive` with ``reason``, never `pass`.
/// Until it is set (connection 0 is still opening, bounded by its connect and handshake
/// timeouts), nothing waits on it.
final class RunDeadline: Sendable {
    /// The reason every case cut by the deadline gives.
    static let reason = "run deadline reached"

    private struct Ends {
        var window: ContinuousClock.Instant
        var deadline: ContinuousClock.Instant
    }

    private let ends = Mutex<Ends?>(nil)
    private let clock = ContinuousClock()

    /// Sets the ends from now: the window's after `window` seconds, the deadline `grace` later.
    /// Only the first call counts.
    func start(window: Double, grace: Double) {
        let now = clock.now
        let end = now + Self.duration(window)
        ends.withLock { ends in
            if ends == nil { ends = Ends(window: end, deadline: end + Self.duration(grace)) }
        }
    }

    /// Seconds until the deadline; infinity while unset, never below 0.
    func remaining() -> Double { seconds(until: ends.withLock { $0?.deadline }) }

    /// Seconds until the run's window ends; infinity while unset, never below 0.
    func windowRemaining() -> Double { seconds(until: ends.withLock { $0?.window }) }

    /// True once the deadline has passed.
    var reached: Bool { remaining() <= 0 }

    private func seconds(until instant: ContinuousClock.Instant?) -> Double {
        guard let instant else { return .infinity }
        let left = instant - clock.now
        return max(0, Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18)
    }

    private static func duration(_ seconds: Double) -> Duration {
        seconds.isFinite ? .milliseconds(Int64((seconds * 1000).rounded(.up))) : .seconds(86_400 * 365)
    }
}
