/// Frames a client sent on one connection, counted whatever was kept of them.
struct TrafficCount: Sendable, Equatable {
    var frames = 0
    var bytes = 0
    var keepAlives = 0
    /// Frames over the per-second cap: counted here, never decoded one by one.
    var excessFrames = 0
    /// The time of the last frame counted.
    var last: Double?

    mutating func add(frames: Int, bytes: Int, keepAlives: Int, at time: Double) {
        self.frames += frames
        self.bytes += bytes
        self.keepAlives += keepAlives
        last = time
    }
}
