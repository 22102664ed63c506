/// The incremental buffer under both framers (the peer wire's and Azureus'): frames that start
/// with a 4-byte big-endian length prefix, fed in any chunking with ``append(_:)`` (or ``append(_:checkingHeaders:)`` with a framer's ``FrameHeaderCheck``)
/// and taken whole with ``nextFrame()``.
///
/// Guarantees, for any input in any chunking:
/// - A length prefix above ``maxFrameSize`` is rejected (`frame_too_large`, at the prefix) as
///   soon as its 4 bytes are in, before any of the frame's body is buffered; so is whatever the
///   framer's header check rejects. The bytes after it are dropped.
/// - When the caller drains ``nextFrame()`` after each append, the buffer never holds more than
///   `maxFrameSize + 4` bytes plus the chunk just appended. Consumed bytes are discarded in
///   amortized constant time per byte (no quadratic copying).
/// - Offsets are stream offsets: bytes since the buffer started, counting from 0 at the first
///   byte appended.
/// - After an error (a rejected header, or one the framer reports with ``fail(_:)``) the buffer
///   stays failed: every later ``nextFrame()`` throws the same error and appends are ignored.
public struct LengthPrefixedFrameBuffer: Sendable {
    /// A whole frame: its body (the bytes after the length prefix, ``body``'s indices those of
    /// the buffer) and the stream offset of its length prefix.
    public struct Frame {
        public let body: ArraySlice<UInt8>
        /// Stream offset of the frame's first byte (its length prefix).
        public let offset: Int

        @usableFromInline
        init(body: ArraySlice<UInt8>, offset: Int) {
            self.body = body
            self.offset = offset
        }

        /// Stream offset of the byte at `index`, an index of ``body``.
        @inlinable
        public func streamOffset(at index: Int) -> Int { offset + 4 + (index - body.startIndex) }
    }

    /// The largest length prefix accepted (the bytes after the 4 length bytes).
    public let maxFrameSize: Int

    @usableFromInline var buffer: [UInt8] = []
    /// Index in `buffer` of the next frame ``nextFrame()`` returns.
    @usableFromInline var head = 0
    /// Index in `buffer` of the first frame not yet known to be whole: frames in `head..<scan`
    /// are whole and their headers checked.
    @usableFromInline var scan = 0
    /// Stream offset of `buffer[0]`.
    @usableFromInline var base = 0
    /// A header error found at `scan` by an append; thrown when ``nextFrame()`` reaches it.
    @usableFromInline var pending: ParseError?
    /// The error already thrown; thrown again by every later call.
    @usableFromInline var failure: ParseError?

    /// - Parameter maxFrameSize: the largest length prefix accepted; negative values count as 0.
    @inlinable
    public init(maxFrameSize: Int) {
        self.maxFrameSize = max(0, maxFrameSize)
    }

    /// Stream offset of the next byte ``nextFrame()`` reads: where the next frame starts.
    @inlinable
    public var streamOffset: Int { base + head }

    /// Bytes held: whole frames not yet taken and a partial frame.
    @inlinable
    public var bufferedByteCount: Int { buffer.count - head }

    /// True when the bytes received so far end inside a frame: at the end of a stream this is a
    /// truncated frame.
    @inlinable
    public var hasPartialFrame: Bool { failure == nil && pending == nil && scan < buffer.count }

    /// The error the buffer failed with, if it has.
    @inlinable
    public var error: ParseError? { failure }

    /// Adds received bytes, checking only the length prefix. Ignored once the buffer has found
    /// an error.
    @inlinable
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        append(bytes, checkingHeaders: LengthPrefixOnly.self)
    }

    /// Adds received bytes, checking each frame's header with `Check` as soon as its bytes are in.
    /// Ignored once the buffer has found an error.
    @inlinable
    public mutating func append<Check: FrameHeaderCheck>(_ bytes: some Sequence<UInt8>, checkingHeaders _: Check.Type) {
        guard failure == nil, pending == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
        advanceScan(Check.self)
    }

    /// The next whole frame, or nil when more bytes are needed.
    @inlinable
    public mutating func nextFrame() throws(ParseError) -> Frame? {
        if let failure { throw failure }
        guard head < scan else {
            if let pending {
                fail(pending)
                throw pending
            }
            return nil
        }
        // advanceScan checked the prefix before `scan` moved past the frame.
        let start = head
        head += 4 + Int(BigEndian.uint32(buffer, at: start))
        return Frame(body: buffer[(start + 4)..<head], offset: base + start)
    }

    /// Fails the buffer with an error the framer found in a frame's content: it is kept, and the
    /// buffer's bytes are dropped.
    @inlinable
    public mutating func fail(_ error: ParseError) {
        failure = error
        pending = nil
        base += head
        buffer = []
        head = 0
        scan = 0
    }

    /// Moves `scan` over every whole frame in the buffer and stops at the first partial one,
    /// whose header is checked as soon as its bytes are present.
    @inlinable
    internal mutating func advanceScan<Check: FrameHeaderCheck>(_: Check.Type) {
        while buffer.count - scan >= 4 {
            let length = BigEndian.uint32(buffer, at: scan)
            guard UInt64(length) <= UInt64(maxFrameSize) else {
                return stop(ParseError(.frameTooLarge, at: base + scan, "length prefix \(length) exceeds the maximum frame size \(maxFrameSize)"))
            }
            let present = buffer.count - scan - 4
            let firstBodyWord = present >= 4 && length >= 4 ? BigEndian.uint32(buffer, at: scan + 4) : nil
            if let error = Check.check(length: length, firstBodyWord: firstBodyWord, offset: base + scan) {
                return stop(error)
            }
            guard present >= Int(length) else { return }
            scan += 4 + Int(length)
        }
    }

    @inlinable
    internal mutating func stop(_ error: ParseError) {
        pending = error
        buffer.removeSubrange(scan...)
    }

    /// Drops consumed bytes when all that is left is a partial frame (it then sits at index 0
    /// until it is consumed, so each byte moves at most once), or when the consumed bytes are at
    /// least as many as those kept (a caller that drains slowly): amortized O(1) per byte.
    @inlinable
    internal mutating func compact() {
        guard head > 0, head == scan || head >= buffer.count - head else { return }
        buffer.removeSubrange(..<head)
        base += head
        scan -= head
        head = 0
    }
}

/// A framer's own checks of a frame header beyond the length prefix, made by
/// ``LengthPrefixedFrameBuffer`` for each frame as soon as its bytes are in, before the rest of
/// the frame is buffered. A type rather than a closure so that the buffer's scan is specialized
/// for it (a framer without checks pays nothing).
public protocol FrameHeaderCheck {
    /// The error for the frame at stream offset `offset`, or nil.
    ///
    /// - Parameters:
    ///   - length: the length prefix, already within the buffer's maximum frame size.
    ///   - firstBodyWord: the first 4 bytes after the prefix as a big-endian word, once they are
    ///     in and the frame is that long (Azureus: the id length); a word rather than a slice of
    ///     the buffer, which would retain the buffer once per frame.
    static func check(length: UInt32, firstBodyWord: UInt32?, offset: Int) -> ParseError?
}

/// No check beyond the length prefix: the peer wire's framing.
public enum LengthPrefixOnly: FrameHeaderCheck {
    @inlinable
    public static func check(length: UInt32, firstBodyWord: UInt32?, offset: Int) -> ParseError? { nil }
}

/// A framer built on a ``LengthPrefixedFrameBuffer``: the buffer's state, said once for both
/// framers.
public protocol LengthPrefixedFramer {
    /// The buffer the framer reads its frames from.
    var frameBuffer: LengthPrefixedFrameBuffer { get }
}

extension LengthPrefixedFramer {
    /// The largest length prefix accepted (the bytes after the 4 length bytes).
    @inlinable
    public var maxFrameSize: Int { frameBuffer.maxFrameSize }

    /// Stream offset of the next byte the framer reads: where the next frame starts.
    @inlinable
    public var streamOffset: Int { frameBuffer.streamOffset }

    /// Bytes held: whole frames not yet taken and a partial frame.
    @inlinable
    public var bufferedByteCount: Int { frameBuffer.bufferedByteCount }

    /// True when the bytes received so far end inside a frame: at the end of a stream this is a
    /// truncated frame.
    @inlinable
    public var hasPartialFrame: Bool { frameBuffer.hasPartialFrame }

    /// The error the framer failed with, if it has.
    @inlinable
    public var error: ParseError? { frameBuffer.error }
}
