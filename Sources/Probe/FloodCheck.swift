/// `bep3/frame/keep-alive-flood`: how fast the client sent keep-alives (and frames at all) on the
/// checking connection. A flood is itself a finding; the probe's own state stays bounded by
/// ``FrameGate`` and ``ConnectionLog`` whatever the rate.
enum FloodCheck {
    static let keepAliveFlood = ProbeCase(
        id: "bep3/frame/keep-alive-flood", title: "Keep-alives come at most about once a minute, not as a flood",
        document: "BEP 3, peer messages",
        requirement: "Messages of length zero are keepalives, and ignored. Keepalives are generally sent once every two minutes, but note that timeouts can be done much more quickly when data is expected.")

    static let cases = [keepAliveFlood]

    /// Keep-alives allowed in `seconds` of observation: one, and one more per 30 s.
    static func allowed(seconds: Double) -> Int { 1 + Int(max(0, seconds) / 30) }

    /// The finding for what was received over `seconds` of observation.
    static func finding(_ received: TrafficCount, seconds: Double) -> Finding {
        let expected = "at most \(allowed(seconds: seconds)) keep-alives in \(ProbePeer.seconds(seconds.rounded())) (one, and one per 30 s)"
        guard seconds > 0 else {
            return .inconclusive(expected: expected, reason: "the connection was not observed after the opening")
        }
        let rate = Double(received.keepAlives) / seconds
        var evidence = [
            "\(received.keepAlives) keep-alives, \(received.frames) frames, \(received.bytes) bytes in " + String(format: "%.1f s (%.1f keep-alives/s)", seconds, rate)
        ]
        if received.excessFrames > 0 { evidence.append("\(received.excessFrames) frames over the probe's per-second cap, counted, not decoded one by one") }
        let actual = String(format: "%d keep-alives in %.1f s (%.1f a second)", received.keepAlives, seconds, rate)
        return .check(received.keepAlives <= allowed(seconds: seconds), expected: expected, actual: actual, evidence: evidence)
    }
}
