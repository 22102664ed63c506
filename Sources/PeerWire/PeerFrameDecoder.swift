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
/// Guarantees, for any input in any chunking:
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
public struct PeerFrameDecoder: Sendable {
    /// The default ``maxFrameSize``: 1 MiB, libtorrent's limit.
    public static let defaultMaxFrameSize = 1 << 20

    /// The largest length prefix accepted: the bytes of message id and payload, the 4 length
    /// bytes not included.
    public let maxFrameSize: Int

    private var buffer: [UInt8] = []
    /// Index in `buffer` of the next frame ``next()`` returns.
    private var head = 0
    /// Index in `buffer` of the first frame not yet known to be whole: frames in `head..<scan`
    /// are complete and within the size limit.
    private var scan = 0
    /// Stream offset of `buffer[0]`.
    private var base = 0
    /// `frame_too_large` found at `scan` by ``append(_:)``; thrown when ``next()`` reaches it.
    private var pending: ParseError?
    /// The error already thrown; thrown again by every later call.
    private var failure: ParseError?

    /// - Parameter maxFrameSize: the largest length prefix accepted (default 1 MiB); negative
    ///   values count as 0, which accepts keep-alives only.
    public init(maxFrameSize: Int = PeerFrameDecoder.defaultMaxFrameSize) {
        self.maxFrameSize = max(0, maxFrameSize)
    }

    /// Stream offset of the next byte ``next()`` reads: where the next frame starts.
    public var streamOffset: Int { base + head }

    /// Bytes held: complete frames not yet taken and a partial frame.
    public var bufferedByteCount: Int { buffer.count - head }

    /// True when the bytes received so far end inside a frame: at the end of a stream this is a
    /// truncated frame.
    public var hasPartialFrame: Bool { failure == nil && pending == nil && scan < buffer.count }

    /// The error the decoder failed with, if it has.
    public var error: ParseError? { failure }

    /// Adds received bytes. Ignored once the decoder has found an error.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        guard failure == nil, pending == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
        advanceScan()
    }

    /// The next whole message, or nil when more bytes are needed.
    public mutating func next() throws(ParseError) -> PeerMessage? {
        if let failure { throw failure }
        guard head < scan else {
            if let pending { fail(pending) }
            if let failure { throw failure }
            return nil
        }
        let length = Int(BigEndian.uint32(buffer, at: head))
        let frameStart = head
        head += 4 + length
        guard length > 0 else { return .keepAlive }
        let id = buffer[frameStart + 4]
        do {
            return try PeerMessage.decode(
                id: id, payload: buffer[(frameStart + 5)..<head], offset: base + frameStart + 5)
        } catch {
            fail(error)
            throw error
        }
    }

    /// Moves `scan` over every whole frame in the buffer and stops at the first partial one,
    /// whose length prefix is checked as soon as it is present.
    private mutating func advanceScan() {
        while buffer.count - scan >= 4 {
            let length = BigEndian.uint32(buffer, at: scan)
            guard UInt64(length) <= UInt64(maxFrameSize) else {
                pending = ParseError(
                    .frameTooLarge, at: base + scan, "length prefix \(length) exceeds the maximum frame size \(maxFrameSize)")
                buffer.removeSubrange(scan...)
                return
            }
            guard buffer.count - scan - 4 >= Int(length) else { return }
            scan += 4 + Int(length)
        }
    }

    /// Drops consumed bytes when all that is left is a partial frame (it then sits at index 0
    /// until it is consumed, so each byte moves at most once), or when the consumed bytes are at
    /// least as many as those kept (a caller that drains slowly): amortized O(1) per byte.
    private mutating func compact() {
        guard head > 0, head == scan || head >= buffer.count - head else { return }
        buffer.removeSubrange(..<head)
        base += head
        scan -= head
        head = 0
    }

    private mutating func fail(_ error: ParseError) {
        failure = error
        pending = nil
        base += head
        buffer = []
        head = 0
        scan = 0
    }
}
