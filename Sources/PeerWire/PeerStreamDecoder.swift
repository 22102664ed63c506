import WireCore

/// A framer that ``PeerStreamDecoder`` runs after the handshake: the standard
/// ``PeerFrameDecoder`` or the Azureus framer.
public protocol PeerStreamFramer: LengthPrefixedFramer, Sendable {
    /// What ``next()`` yields for one frame.
    associatedtype Frame
    /// Adds received bytes. Ignored once the framer has found an error.
    mutating func append(_ bytes: some Sequence<UInt8>)
    /// The next whole frame, or nil when more bytes are needed; offsets count from the framer's first byte.
    mutating func next() throws(ParseError) -> Frame?
}

extension PeerFrameDecoder: PeerStreamFramer {}

/// One direction of a BitTorrent connection: the 68-byte handshake as the first state, then the
/// frames of `Framer`. Feed bytes in any chunking with ``append(_:)``, take events with ``next()``.
///
/// ```swift
/// var stream = PeerStreamDecoder()
/// stream.append(chunk)
/// while let event = try stream.next() { handle(event) }
/// ```
///
/// Guarantees, for any input in any chunking (those of the framer, plus):
/// - A handshake whose `pstrlen` or protocol string is wrong fails (`bad_protocol`) as soon as
///   the offending byte is in; nothing after it is read.
/// - Until the handshake is taken the decoder holds the bytes received so far (the handshake and
///   at most the rest of the chunk that completed it); after it, what the framer holds.
/// - Offsets are stream offsets, counted from 0 at the first byte of the handshake: a framer's
///   error at its own offset `n` is reported at `68 + n`.
/// - After an error the decoder stays failed: every later ``next()`` throws the same error and
///   ``append(_:)`` ignores its bytes.
public struct PeerStreamDecoder<Framer: PeerStreamFramer>: Sendable {
    /// One step of the stream.
    public enum Event {
        /// The 68-byte handshake, always the first event of a stream that starts with one.
        case handshake(Handshake)
        /// One frame after the handshake.
        case frame(Framer.Frame)
    }

    /// The bytes received before the handshake was taken; nil once it has been (or when the
    /// stream has none).
    private var pendingHandshake: [UInt8]?
    private var framer: Framer
    private var failure: ParseError?
    /// Stream offset of the framer's first byte.
    private let framerBase: Int

    /// - Parameters:
    ///   - framer: the framer for the bytes after the handshake, fresh.
    ///   - expectsHandshake: false for a stream that starts with frames (the framer alone, at
    ///     offset 0).
    public init(framer: Framer, expectsHandshake: Bool = true) {
        self.framer = framer
        pendingHandshake = expectsHandshake ? [] : nil
        framerBase = expectsHandshake ? Handshake.length : 0
    }

    /// True once the handshake has been taken with ``next()`` (or when none was expected).
    public var isPastHandshake: Bool { pendingHandshake == nil }

    /// Adds received bytes. Ignored once the decoder has found an error.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard failure == nil else { return }
        if pendingHandshake != nil {
            pendingHandshake! += bytes
        } else {
            framer.append(bytes)
        }
    }

    /// The next event, or nil when more bytes are needed.
    public mutating func next() throws(ParseError) -> Event? {
        if let failure { throw failure }
        if let pending = pendingHandshake {
            let handshake: Handshake
            do throws(ParseError) {
                handshake = try Handshake(parsing: pending.prefix(Handshake.length))
            } catch {
                if error.code == .unexpectedEOF, pending.count < Handshake.length { return nil }
                failure = error
                pendingHandshake = []
                throw error
            }
            pendingHandshake = nil
            framer.append(pending.dropFirst(Handshake.length))
            return .handshake(handshake)
        }
        do throws(ParseError) {
            return try framer.next().map(Event.frame)
        } catch {
            throw error.shifted(by: framerBase)
        }
    }

    /// The error the decoder failed with, if it has, at its stream offset.
    public var error: ParseError? { failure ?? framer.error?.shifted(by: framerBase) }

    /// Stream offset of the next byte to be read: where the next event starts.
    public var streamOffset: Int { pendingHandshake == nil ? framerBase + framer.streamOffset : 0 }

    /// Bytes held: a handshake not yet taken (and what came with it), or the framer's bytes.
    public var bufferedByteCount: Int { pendingHandshake?.count ?? framer.bufferedByteCount }

    /// True when the bytes received so far end inside the handshake or a frame: at the end of a
    /// stream this is a truncated handshake or frame.
    public var hasPartialFrame: Bool {
        guard failure == nil else { return false }
        if let pending = pendingHandshake { return !pending.isEmpty }
        return framer.hasPartialFrame
    }
}

extension PeerStreamDecoder.Event: Equatable where Framer.Frame: Equatable {}
extension PeerStreamDecoder.Event: Sendable where Framer.Frame: Sendable {}

extension PeerStreamDecoder where Framer == PeerFrameDecoder {
    /// A stream of standard frames after the handshake.
    ///
    /// - Parameters:
    ///   - maxFrameSize: the largest length prefix accepted (default 1 MiB).
    ///   - expectsHandshake: false for a stream that starts with frames.
    public init(maxFrameSize: Int = PeerFrameDecoder.defaultMaxFrameSize, expectsHandshake: Bool = true) {
        self.init(framer: PeerFrameDecoder(maxFrameSize: maxFrameSize), expectsHandshake: expectsHandshake)
    }
}
