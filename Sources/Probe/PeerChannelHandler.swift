import NIOConcurrencyHelpers
import NIOCore
import PeerWire
import WireCore

/// The inbound side of a probe connection, on its event loop: splits the byte stream into the
/// handshake and whole frames (``PeerStreamDecoder``) and hands them to the owning case as ``ConnectionEvent``s.
///
/// Memory is bounded whatever the client sends: ``PeerStreamDecoder`` holds at most the
/// handshake and one chunk before it is taken, rejects a length prefix over the maximum frame
/// size before buffering its body, and events not yet taken by the case may hold at most `maxBufferedBytes`.
final class PeerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private let clock: ConnectionClock
    private let shared: NIOLockedValueBox<ConnectionShared>
    private let maxBufferedBytes: Int
    private var stream: PeerStreamDecoder<PeerFrameDecoder>
    private var ended = false
    /// The last bytes received, so that a frame the client cuts off can be shown.
    private var recent: [UInt8] = []

    /// The most bytes of a cut-off frame a ``ConnectionEvent/closed(_:partial:time:)`` carries.
    static let partialBytesKept = 64

    init(
        continuation: AsyncStream<ConnectionEvent>.Continuation, clock: ConnectionClock, shared: NIOLockedValueBox<ConnectionShared>,
        maxFrameSize: Int, maxBufferedBytes: Int
    ) {
        self.continuation = continuation
        self.clock = clock
        self.shared = shared
        self.maxBufferedBytes = maxBufferedBytes
        self.stream = PeerStreamDecoder(maxFrameSize: maxFrameSize)
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
                    deliver(.handshake(handshake, bytes: handshake.bytes, time: clock.now()), size: Handshake.length, context: context)
                case .frame(let message):
                    let bytes = message.frame
                    deliver(.message(message, bytes: bytes, time: clock.now()), size: bytes.count, context: context)
                }
            } catch {
                end(.malformed(error), context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let partial = stream.hasPartialFrame ? stream.bufferedByteCount : 0
        if shared.withLockedValue({ $0.closedByProbe }) {
            finish(.closedByProbe)
        } else {
            finish(partial > 0 ? .remoteClosedMidFrame(bytes: partial) : .remoteClosed, partial: partial)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        end(.socketError(String(describing: error)), context: context)
    }

    private func deliver(_ event: ConnectionEvent, size: Int, context: ChannelHandlerContext) {
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
        ended = true
        let shown = partial <= Self.partialBytesKept ? Array(recent.suffix(partial)) : []
        continuation.yield(.closed(reason, partial: shown, time: clock.now()))
        continuation.finish()
    }
}

/// Seconds since a connection was opened.
struct ConnectionClock: Sendable {
    let start: NIODeadline

    init(start: NIODeadline = .now()) { self.start = start }

    func now() -> Double { Double((NIODeadline.now() - start).nanoseconds) / 1e9 }
}

/// State the event loop and the case share: bytes delivered but not yet taken, and whether the
/// probe itself is closing the connection.
struct ConnectionShared: Sendable {
    var pendingBytes = 0
    var closedByProbe = false
}
