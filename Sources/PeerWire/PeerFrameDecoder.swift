import WireCore

/// An incremental decoder of the peer wire's length-prefixed messages (BEP 3 framing, after the
/// handshake): feed bytes in any chunking with ``append(_:)``, take messages with ``next()``.
///
/// ```swift
/// var decoder = PeerFrameDecoder()
/// decoder.append(chunk)
/// while let message = try decoder.next() { handle(message) }
/// ```
///
/// Guarantees, for any input in any chunking (the buffering is WireCore's
/// `LengthPrefixedFrameBuffer`, which the Azureus framer shares):
/// - A length prefix above ``maxFrameSize`` is rejected (`frame_too_large`) as soon as its 4 bytes
///   are in, before any of its body is buffered; the bytes after it are dropped.
/// - When the caller drains ``next()`` after each ``append(_:)``, the buffer never holds more than
///   `maxFrameSize + 4` bytes plus the chunk just appended. Consumed bytes are discarded in
///   amortized constant time per byte (no quadratic copying).
/// - Error offsets are stream offsets: bytes since the decoder started, counting from 0 at the first
///   byte after the handshake. `frame_too_large` names the length prefix; `bad_payload_length` and
///   `extended_too_short` name the first payload byte (after the message id).
/// - After an error the decoder stays failed: every later ``next()`` throws the same error and
///   ``append(_:)`` ignores its bytes.
public struct PeerFrameDecoder: LengthPrefixedFramer, Sendable {
    /// The default ``maxFrameSize``: 1 MiB, libtorrent's limit.
    public static let defaultMaxFrameSize = 1 << 20

    /// Strict also rejects an empty bitfield and a piece with no block (see
    /// ``PeerMessage/decode(id:payload:offset:mode:)``); lenient, the default, takes them.
    public let mode: ParseMode

    /// The length-prefixed buffer under the decoder, shared with the other dialect's framer.
    public private(set) var frameBuffer: LengthPrefixedFrameBuffer

    /// - Parameters:
    ///   - maxFrameSize: the largest length prefix accepted (default 1 MiB); negative values
    ///     count as 0, which accepts keep-alives only.
    ///   - mode: strict makes `empty_bitfield` and `empty_block` errors.
    public init(maxFrameSize: Int = PeerFrameDecoder.defaultMaxFrameSize, mode: ParseMode = .lenient) {
        self.mode = mode
        frameBuffer = LengthPrefixedFrameBuffer(maxFrameSize: maxFrameSize)
    }

    /// Adds received bytes. Ignored once the decoder has found an error.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        frameBuffer.append(bytes)
    }

    /// The next whole message, or nil when more bytes are needed.
    public mutating func next() throws(ParseError) -> PeerMessage? {
        try nextDecoded()?.value
    }

    /// The next whole message with the warnings lenient mode met in it (at stream offsets), or
    /// nil when more bytes are needed.
    public mutating func nextDecoded() throws(ParseError) -> Decoded<PeerMessage>? {
        guard let frame = try frameBuffer.nextFrame() else { return nil }
        guard let id = frame.body.first else { return Decoded(.keepAlive) }
        let payload = frame.body.dropFirst()
        do throws(ParseError) {
            return try PeerMessage.decode(id: id, payload: payload, offset: frame.streamOffset(at: payload.startIndex), mode: mode)
        } catch {
            frameBuffer.fail(error)
            throw error
        }
    }
}
