import NIOConcurrencyHelpers
import NIOCore
import PeerWire
import WireCore

/// The inbound side of a probe connection, on its event loop: splits the byte stream into the
/// handshake and whole frames and hands them to the owning case as ``ConnectionEvent``s.
///
/// Memory is bounded whatever the client sends: the handshake buffer holds at most 68 bytes,
/// ``PeerFrameDecoder`` rejects a length prefix over the maximum frame size before buffering its
/// body, and events not yet taken by the case may hold at most `maxBufferedBytes`.
final class PeerChannelHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let continuation: AsyncStream<ConnectionEvent>.Continuation
    private let clock: ConnectionClock
    private let shared: NIOLockedValueBox<ConnectionShared>
    private let maxBufferedBytes: Int
    private var handshakeBytes: [UInt8] = []
    private var handshakeDone = false
    private var frames: PeerFrameDecoder
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
        self.frames = PeerFrameDecoder(maxFrameSize: maxFrameSize)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !ended else { return }
        var buffer = unwrapInboundIn(data)
        let chunk = buffer.readBytes(length: buffer.readableBytes) ?? []
        recent = Array((recent + chunk.suffix(Self.partialBytesKept)).suffix(Self.partialBytesKept))
        var rest = chunk[...]
        if !handshakeDone {
            let wanted = Handshake.length - handshakeBytes.count
            handshakeBytes += rest.prefix(wanted)
            rest = rest.dropFirst(wanted)
            do {
                let handshake = try Handshake(parsing: handshakeBytes)
                handshakeDone = true
                deliver(.handshake(handshake, bytes: handshakeBytes, time: clock.now()), size: Handshake.length, context: context)
            } catch where error.code == .unexpectedEOF {
                return
            } catch {
                end(.malformed(error), context: context)
                return
            }
        }
        guard !rest.isEmpty, !ended else { return }
        frames.append(rest)
        while !ended {
            do {
                guard let message = try frames.next() else { break }
                let bytes = message.frame
                deliver(.message(message, bytes: bytes, time: clock.now()), size: bytes.count, context: context)
            } catch {
                end(.malformed(error), context: context)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let partial = handshakeDone ? (frames.hasPartialFrame ? frames.bufferedByteCount : 0) : handshakeBytes.count
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
}
