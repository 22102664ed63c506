import Synchronization

/// A clock that moves only when told: tests advance it by a minute in no time.
public final class ManualPexClock: PexClock {
    private let current: Mutex<Double>

    public init(_ start: Double = 0) { current = Mutex(start) }

    public func now() -> Double { current.withLock { $0 } }

    /// Moves the clock forward by `seconds` (negative values are ignored: the clock is monotonic).
    public func advance(by seconds: Double) {
        current.withLock { $0 += max(0, seconds) }
    }

    /// Sets the clock to `time`, if that is not in the past.
    public func set(_ time: Double) {
        current.withLock { $0 = max($0, time) }
    }
}
