import NIOConcurrencyHelpers
import NIOCore
#if canImport(Glibc)
import Glibc
#endif
import PeerWire
import WireCore

/// The inbound side of a probe connection, on its event loop: splits the byte stream into the
/// handshake and whole frames (``PeerStreamDecoder``) and hands them to the owning case as ``ConnectionEvent``s.
///
/// Memory is bounded whatever the client sends: ``PeerStreamDecoder`` holds at most the
/// handshake and one chunk before it is taken, rejects a length prefix over the maximum frame
/// size before buffering its body, runs of identical frames and frames over the per-second cap
/// pass through ``FrameGate`` as one event each, and events not yet taken by the case may hold
/// at most `maxBufferedBytes` of memory (their bytes and ``eventOverhead`` each).
final class PeerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private let clock: ConnectionClock
    private let shared: NIOLockedValueBox<ConnectionShared>
    private let maxBufferedBytes: Int
    private var stream: PeerStreamDecoder<PeerFrameDecoder>
    private var gate: FrameGate
    private var flushScheduled = false
    private var ended = false
    /// The last bytes received, so that a frame the client cuts off can be shown.
    private var recent: [UInt8] = []

    /// Bytes of memory counted for one event beside its frame's bytes.
    static let eventOverhead = 96

    /// The most bytes of a cut-off frame a ``ConnectionEvent/closed(_:partial:time:)`` carries.
    static let partialBytesKept = 64

    init(
        continuation: AsyncStream<ConnectionEvent>.Continuation, clock: ConnectionClock, shared: NIOLockedValueBox<ConnectionShared>,
        maxFrameSize: Int, maxBufferedBytes: Int, maxFramesPerSecond: Int = ProbeConfiguration.defaultMaxFramesPerSecond
    ) {
        self.continuation = continuation
        self.clock = clock
        self.shared = shared
        self.maxBufferedBytes = maxBufferedBytes
        self.stream = PeerStreamDecoder(maxFrameSize: maxFrameSize)
        self.gate = FrameGate(maxFramesPerSecond: maxFramesPerSecond)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !ended else { return }
        var buffer = unwrapInboundIn(data)
        let chunk = buffer.readBytes(length: buffer.readableBytes) ?? []
        recent = Array((recent + chunk.suffix(Self.partialBytesKept)).suffix(Self.partialBytesKept))
        stream.append(chunk)
        while !ended {
            do {
                guard let event = try stream.next() else { break }
                switch event {
                case .handshake(let handshake):
                    deliver(.handshake(handshake, bytes: handshake.encoded, time: clock.now()), context: context)
                case .frame(let message):
                    for event in gate.admit(message, bytes: message.encoded, time: clock.now()) { deliver(event, context: context) }
                }
            } catch {
                end(.malformed(error), context: context)
            }
        }
        scheduleFlush(context: context)
    }

    /// Delivers what the gate holds back within a quarter second, so a run that stops is seen.
    private func scheduleFlush(context: ChannelHandlerContext) {
        guard gate.isHolding, !flushScheduled, !ended else { return }
        flushScheduled = true
        let loopBound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(250)) {
            let (handler, context) = loopBound.value
            handler.flushScheduled = false
            guard !handler.ended else { return }
            for event in handler.gate.flush(time: handler.clock.now()) { handler.deliver(event, context: context) }
        }
    }

    /// Bytes received of a handshake or frame that is not whole yet.
    private var partialCount: Int { stream.hasPartialFrame ? stream.bufferedByteCount : 0 }

    func channelInactive(context: ChannelHandlerContext) {
        let partial = partialCount
        if shared.withLockedValue({ $0.closedByProbe }) {
            finish(.closedByProbe)
        } else {
            finish(partial > 0 ? .remoteClosedMidFrame(bytes: partial) : .remoteClosed, partial: partial)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A reset mid-frame: the bytes of the frame it cut off stay in the log.
        finish(.socketError(Self.describe(error)), partial: partialCount)
        context.close(promise: nil)
    }

    /// A socket error in one balanced phrase: `Connection reset by peer (errno 104)`.
    static func describe(_ error: Error) -> String {
        if let io = error as? IOError { return "\(String(cString: strerror(io.errnoCode))) (errno \(io.errnoCode))" }
        return String(describing: error)
    }

    private func deliver(_ event: ConnectionEvent, context: ChannelHandlerContext) {
        guard !ended else { return }
        let size = Self.eventOverhead + event.byteCount
        let waiting = shared.withLockedValue { state in
            state.pendingBytes += size
            return state.pendingBytes
        }
        guard waiting <= maxBufferedBytes else {
            end(.bufferLimit(waiting), context: context)
            return
        }
        continuation.yield(event)
    }

    private func end(_ reason: ConnectionEnd, context: ChannelHandlerContext) {
        finish(reason)
        context.close(promise: nil)
    }

    /// Ends the stream; `partial` is the count of buffered bytes of an unfinished frame.
    private func finish(_ reason: ConnectionEnd, partial: Int = 0) {
        guard !ended else { return }
        for event in gate.flush(time: clock.now()) { continuation.yield(event) }
        ended = true
        let shown = partial <= Self.partialBytesKept ? Array(recent.suffix(partial)) : []
        continuation.yield(.closed(reason, partial: shown, time: clock.now()))
        continuation.finish()
    }
}

/// Seconds since a connection was opened.
package struct ConnectionClock: Sendable {
    package let start: NIODeadline

    package init(start: NIODeadline = .now()) { self.start = start }

    package func now() -> Double { Double((NIODeadline.now() - start).nanoseconds) / 1e9 }
}

/// State the event loop and the case share: bytes delivered but not yet taken, and whether the
/// probe itself is closing the connection.
struct ConnectionShared: Sendable {
    var pendingBytes = 0
    var closedByProbe = false
    /// Writes queued, written whole, and failed (the connection closed first).
    var writesStarted = 0
    var writesCompleted = 0
    var writesFailed = 0
}
