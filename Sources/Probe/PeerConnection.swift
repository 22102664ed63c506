import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One TCP connection from the probe to the client under test.
///
/// Bytes go out with ``send(_:)``; everything that comes back, and the timers the case sets,
/// arrives in order on ``events``. The stream ends after a ``ConnectionEvent/closed(_:time:)``.
final class PeerConnection: Sendable {
    let events: AsyncStream<ConnectionEvent>
    let clock: ConnectionClock
    /// The local address the connection leaves from (`127.0.0.2:40123`).
    let localAddress: String
    private let channel: Channel
    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private let shared: NIOLockedValueBox<ConnectionShared>

    private init(
        channel: Channel, events: AsyncStream<ConnectionEvent>, continuation: AsyncStream<ConnectionEvent>.Continuation,
        clock: ConnectionClock, shared: NIOLockedValueBox<ConnectionShared>
    ) {
        self.channel = channel
        self.events = events
        self.continuation = continuation
        self.clock = clock
        self.shared = shared
        self.localAddress = channel.localAddress.map(Self.describe) ?? "?"
    }

    /// Connects to `target`, leaving from `source` (port 0: any) when given.
    static func open(
        to target: SocketAddress, from source: SocketAddress?, group: EventLoopGroup, configuration: ProbeConfiguration
    ) async throws -> PeerConnection {
        let (events, continuation) = AsyncStream.makeStream(of: ConnectionEvent.self)
        let shared = NIOLockedValueBox(ConnectionShared())
        let clock = ConnectionClock()
        var bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.milliseconds(Int64(min(max(0, configuration.connectTimeout.isNaN ? 0 : configuration.connectTimeout), 86_400) * 1000)))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        PeerChannelHandler(
                            continuation: continuation, clock: clock, shared: shared,
                            maxFrameSize: configuration.maxFrameSize, maxBufferedBytes: configuration.maxBufferedBytes,
                            maxFramesPerSecond: configuration.maxFramesPerSecond))
                }
            }
        if let source { bootstrap = bootstrap.bind(to: source) }
        let channel = try await bootstrap.connect(to: target).get()
        return PeerConnection(channel: channel, events: events, continuation: continuation, clock: clock, shared: shared)
    }

    /// Queues `bytes` for writing without waiting for them to leave: a client that stops reading
    /// must not stall the case, whose timers still fire. False when the connection is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        guard channel.isActive else { return false }
        shared.withLockedValue { $0.writesStarted += 1 }
        let shared = self.shared
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).whenComplete { result in
            shared.withLockedValue { state in
                if case .success = result { state.writesCompleted += 1 } else { state.writesFailed += 1 }
            }
        }
        return true
    }

    /// Writes queued so far, and how many the socket took whole (or failed).
    var writes: (started: Int, completed: Int, failed: Int) {
        shared.withLockedValue { ($0.writesStarted, $0.writesCompleted, $0.writesFailed) }
    }

    /// Delivers ``ConnectionEvent/timer(_:time:)`` with `tag` on ``events`` after `seconds`.
    func schedule(_ tag: String, after seconds: Double) {
        let continuation = self.continuation
        let clock = self.clock
        // Clamped to a day so that no value converts to an out-of-range Int64.
        let nanoseconds = Int64(min(max(0, seconds.isNaN ? 0 : seconds), 86_400) * 1e9)
        channel.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
            continuation.yield(.timer(tag, time: clock.now()))
        }
    }

    /// The case has taken an event of `size` bytes off ``events``.
    func consumed(_ size: Int) {
        shared.withLockedValue { $0.pendingBytes -= size }
    }

    /// Closes the connection; ``events`` then ends with ``ConnectionEnd/closedByProbe``.
    func close() async {
        shared.withLockedValue { $0.closedByProbe = true }
        try? await channel.close().get()
    }

    private static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
