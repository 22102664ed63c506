/// Where a ``PexSession`` reads the time: seconds on a monotonic scale. Inject a
/// ``ManualPexClock`` in tests so that a minute of PEX passes without waiting.
public protocol PexClock: Sendable {
    /// Seconds since an arbitrary fixed origin; never decreases.
    func now() -> Double
}

/// The monotonic clock of the process (`ContinuousClock`), counted from the clock's creation.
public struct SystemPexClock: PexClock {
    private let origin: ContinuousClock.Instant

    public init() { origin = ContinuousClock.now }

    public func now() -> Double {
        let elapsed = origin.duration(to: ContinuousClock.now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}
