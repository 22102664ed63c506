import PeerWire
import WireCore

/// An incremental decoder of Azureus frames: feed bytes in any chunking with ``append(_:)``,
/// take frames with ``next()`` (framing only) or messages with ``nextMessage()`` (payloads of
/// the known ids decoded too).
///
/// ```swift
/// var decoder = AzureusFrameDecoder()
/// decoder.append(chunk)
/// while let message = try decoder.nextMessage() { handle(message.value) }
/// ```
///
/// Guarantees, for any input in any chunking:
/// - A length prefix above ``maxFrameSize`` (`frame_too_large`) or below 5 (`frame_too_short`:
///   no room for the id length and the version byte) is rejected as soon as its 4 bytes are in,
///   and an id length larger than the rest of the frame (`id_length_too_large`) as soon as its
///   4 bytes are in, before any more of the frame is buffered; the bytes after it are dropped.
/// - When the caller drains ``next()`` after each ``append(_:)``, the buffer never holds more
///   than `maxFrameSize + 4` bytes plus the chunk just appended, and consumed bytes are discarded
///   in amortized constant time per byte (no quadratic copying).
/// - An unknown message id is a warning (`unknown_message_id`) in every mode, never an error.
///   A version outside ``AzureusFrame/supportedVersions`` is `unsupported_version`: a warning
///   in lenient mode, an error in strict mode.
/// - Offsets are stream offsets, counted from 0 at the first byte appended: `frame_too_large`
///   and `frame_too_short` name the length prefix, `id_length_too_large` the id length,
///   `unknown_message_id` the first id byte, `unsupported_version` and `version_flags` the
///   version byte, `bad_padding_length` the byte after it; payload
///   errors from ``nextMessage()`` name their byte in the stream.
/// - After an error the decoder stays failed: every later call throws the same error and
///   ``append(_:)`` ignores its bytes.
public struct AzureusFrameDecoder: Sendable {
    /// The default ``maxFrameSize``: 1 MiB, the peer wire framer's limit. (BiglyBT's own default
    /// is 128 KiB.)
    public static let defaultMaxFrameSize = 1 << 20

    /// The largest length prefix accepted (the bytes after the 4 length bytes).
    public let maxFrameSize: Int
    public let mode: ParseMode
    /// Limits applied by ``nextMessage()`` to the payloads it decodes.
    public let limits: AZPeerExchange.Limits

    private var buffer: [UInt8] = []
    /// Index in `buffer` of the next frame ``next()`` returns.
    private var head = 0
    /// Index in `buffer` of the first frame not yet known to be whole: frames in `head..<scan`
    /// are whole and their headers checked.
    private var scan = 0
    /// Stream offset of `buffer[0]`.
    private var base = 0
    /// A header error found at `scan` by ``append(_:)``; thrown when ``next()`` reaches it.
    private var pending: ParseError?
    /// The error already thrown; thrown again by every later call.
    private var failure: ParseError?

    /// - Parameters:
    ///   - mode: strict makes `unsupported_version` (and payload deviations) errors.
    ///   - maxFrameSize: the largest length prefix accepted (default 1 MiB); values below 5 accept
    ///     no frame at all.
    ///   - limits: what ``nextMessage()`` accepts in AZ_PEER_EXCHANGE payloads.
    public init(mode: ParseMode = .lenient, maxFrameSize: Int = AzureusFrameDecoder.defaultMaxFrameSize, limits: AZPeerExchange.Limits = .default) {
        self.mode = mode
        self.maxFrameSize = max(0, maxFrameSize)
        self.limits = limits
    }

    /// Stream offset of the next byte ``next()`` reads: where the next frame starts.
    public var streamOffset: Int { base + head }

    /// Bytes held: whole frames not yet taken and a partial frame.
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

    /// The next whole frame with its warnings, or nil when more bytes are needed.
    public mutating func next() throws(ParseError) -> Decoded<AzureusFrame>? {
        if let failure { throw failure }
        guard head < scan else {
            if let pending {
                fail(pending)
                throw pending
            }
            return nil
        }
        // Header fields were range-checked by advanceScan before `scan` moved past the frame.
        let start = head
        let end = start + 4 + Int(BigEndian.uint32(buffer, at: start))
        let idStart = start + AzureusFrame.fixedHeaderSize
        let versionIndex = idStart + Int(BigEndian.uint32(buffer, at: start + 4))
        head = end

        var diagnostics = Diagnostics(mode: mode)
        let id = AzureusMessageID(bytes: buffer[idStart..<versionIndex])
        if !id.isKnown {
            diagnostics.note(.unknownMessageID, at: base + idStart, "unknown message id '\(id.name)'")
        }
        let version = buffer[versionIndex]
        var payloadStart = versionIndex + 1
        var padding: [UInt8] = []
        do throws(ParseError) {
            if AzureusFrame.hasVersionFlags(version) {
                try diagnostics.tolerate(
                    .versionFlags, at: base + versionIndex, "version byte 0x\(String(version, radix: 16)) of \(id.name) carries BiglyBT flags")
                if version & 0x10 != 0 {
                    guard end - payloadStart >= 2 else {
                        throw ParseError(.badPaddingLength, at: base + payloadStart, "no room for the padding length")
                    }
                    let paddingLength = Int(BigEndian.uint16(buffer, at: payloadStart))
                    guard end - payloadStart - 2 >= paddingLength else {
                        throw ParseError(.badPaddingLength, at: base + payloadStart, "padding of \(paddingLength) bytes exceeds the frame")
                    }
                    padding = Array(buffer[(payloadStart + 2)..<(payloadStart + 2 + paddingLength)])
                    payloadStart += 2 + paddingLength
                }
            } else if !AzureusFrame.supportedVersions.contains(version) {
                try diagnostics.tolerate(
                    .unsupportedVersion, at: base + versionIndex,
                    "version \(version) of \(id.name) is outside \(AzureusFrame.supportedVersions)")
            }
        } catch {
            fail(error)
            throw error
        }
        let frame = AzureusFrame(messageID: id, version: version, padding: padding, payload: Array(buffer[payloadStart..<end]))
        return Decoded(frame, warnings: diagnostics.warnings)
    }

    /// The next whole frame with its payload decoded (``AzureusMessage``), its warnings and the
    /// frame's, or nil when more bytes are needed. A payload error fails the decoder.
    public mutating func nextMessage() throws(ParseError) -> Decoded<AzureusMessage>? {
        let start = streamOffset
        guard let frame = try next() else { return nil }
        let payloadOffset = start + frame.value.headerSize
        do {
            let message = try AzureusMessage.decode(frame.value, mode: mode, limits: limits, payloadOffset: payloadOffset)
            return Decoded(message.value, warnings: frame.warnings + message.warnings)
        } catch {
            fail(error)
            throw error
        }
    }

    /// Moves `scan` over every whole frame in the buffer and stops at the first partial one,
    /// whose length prefix and id length are checked as soon as they are present.
    private mutating func advanceScan() {
        while buffer.count - scan >= 4 {
            let length = UInt64(BigEndian.uint32(buffer, at: scan))
            if length > UInt64(maxFrameSize) {
                return stop(ParseError(.frameTooLarge, at: base + scan, "length prefix \(length) exceeds the maximum frame size \(maxFrameSize)"))
            }
            // 4 bytes of id length and 1 version byte at least.
            if length < 5 {
                return stop(ParseError(.frameTooShort, at: base + scan, "length prefix \(length) leaves no room for the id length and the version byte"))
            }
            if buffer.count - scan >= AzureusFrame.fixedHeaderSize {
                let idLength = UInt64(BigEndian.uint32(buffer, at: scan + 4))
                if idLength > length - 5 {
                    return stop(ParseError(.idLengthTooLarge, at: base + scan + 4, "id length \(idLength) exceeds the \(length - 5) bytes left in the frame"))
                }
            }
            guard UInt64(buffer.count - scan - 4) >= length else { return }
            scan += 4 + Int(length)
        }
    }

    private mutating func stop(_ error: ParseError) {
        pending = error
        buffer.removeSubrange(scan...)
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
