/// The arrival times a ``FloodRule`` needs: the last `messages - 1` of them, nothing more.
public struct FloodDetector: Sendable, Hashable {
    public let rule: FloodRule
    private var arrivals: [Double] = []

    public init(rule: FloodRule) { self.rule = rule }

    /// Records a message arriving at `time`; true when it completes a flood.
    public mutating func record(at time: Double) -> Bool {
        let kept = rule.messages - 1
        let flood = arrivals.count == kept && arrivals.first.map { time - $0 < rule.seconds } == true
        arrivals.append(time)
        if arrivals.count > kept { arrivals.removeFirst(arrivals.count - kept) }
        return flood
    }

    public mutating func reset() { arrivals.removeAll() }
}
