import PeerWire
import WireCore

/// What a probe connection reports to the case that owns it, in the order it happened. Times
/// are seconds since the connection was opened.
enum ConnectionEvent: Sendable {
    /// The client's 68-byte handshake.
    case handshake(Handshake, bytes: [UInt8], time: Double)
    /// One whole message after the handshake; `bytes` is the frame as it came, length included.
    case message(PeerMessage, bytes: [UInt8], time: Double)
    /// `count` more frames identical to the message before them (`bytes`), received between
    /// `first` and `last`: a run coalesced by ``FrameGate``.
    case repeated(PeerMessage, bytes: [UInt8], count: Int, first: Double, last: Double)
    /// Frames over ``ProbeConfiguration/maxFramesPerSecond`` in one second: decoded for framing,
    /// counted, not delivered.
    case excess(frames: Int, bytes: Int, keepAlives: Int, first: Double, last: Double)
    /// A timer the case scheduled with ``PeerConnection/schedule(_:after:)``.
    case timer(String, time: Double)
    /// The connection is over; no event follows. `partial` holds the start of a frame (or
    /// handshake) the client cut off, up to ``PeerChannelHandler/partialBytesKept`` bytes.
    case closed(ConnectionEnd, partial: [UInt8], time: Double)
}

extension ConnectionEvent {
    /// The bytes the event holds (its frame's), for the memory cap on undelivered events.
    var byteCount: Int {
        switch self {
        case .handshake(_, let bytes, _), .message(_, let bytes, _), .repeated(_, let bytes, _, _, _): return bytes.count
        case .closed(_, let partial, _): return partial.count
        case .timer, .excess: return 0
        }
    }
}

/// How a probe connection ended.
enum ConnectionEnd: Sendable, Equatable, CustomStringConvertible {
    /// The client closed the connection between two frames.
    case remoteClosed
    /// The client closed the connection with `bytes` of an unfinished handshake or frame received.
    case remoteClosedMidFrame(bytes: Int)
    /// The socket failed (a reset, say).
    case socketError(String)
    /// The probe closed it: the client sent bytes the decoders reject (a bad handshake, a
    /// length prefix over the maximum frame size, …).
    case malformed(ParseError)
    /// The probe closed it: more bytes were waiting than ``ProbeConfiguration/maxBufferedBytes``.
    case bufferLimit(Int)
    /// The probe closed it at the end of the case.
    case closedByProbe

    /// True when the client, not the probe, ended the connection.
    var isByClient: Bool {
        switch self {
        case .remoteClosed, .remoteClosedMidFrame, .socketError: return true
        case .malformed, .bufferLimit, .closedByProbe: return false
        }
    }

    var description: String {
        switch self {
        case .remoteClosed: return "the client closed the connection"
        case .remoteClosedMidFrame(let bytes): return "the client closed the connection in the middle of a frame (\(bytes) bytes of it received)"
        case .socketError(let text): return "socket error: \(text)"
        case .malformed(let error): return "the client sent bytes that do not decode (\(error.code) at stream offset \(error.offset): \(error.message))"
        case .bufferLimit(let bytes): return "the probe stopped reading: \(bytes) bytes of events waiting exceed its memory limit"
        case .closedByProbe: return "the probe closed the connection"
        }
    }
}
