import PeerWire
import PexModel
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
/// Guarantees, for any input in any chunking (the buffering is WireCore's
/// `LengthPrefixedFrameBuffer`, which the peer wire framer shares):
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
public struct AzureusFrameDecoder: LengthPrefixedFramer, Sendable {
    /// The default ``maxFrameSize``: 1 MiB, the peer wire framer's limit. (BiglyBT's own default
    /// is 128 KiB.)
    public static let defaultMaxFrameSize = 1 << 20

    public let mode: ParseMode
    /// Limits applied by ``nextMessage()`` to the payloads it decodes.
    public let limits: PexLimits

    /// The length-prefixed buffer under the decoder, shared with the other dialect's framer.
    public private(set) var frameBuffer: LengthPrefixedFrameBuffer

    /// - Parameters:
    ///   - mode: strict makes `unsupported_version` (and payload deviations) errors.
    ///   - maxFrameSize: the largest length prefix accepted (default 1 MiB); values below 5 accept
    ///     no frame at all.
    ///   - limits: what ``nextMessage()`` accepts in AZ_PEER_EXCHANGE payloads.
    public init(mode: ParseMode = .lenient, maxFrameSize: Int = AzureusFrameDecoder.defaultMaxFrameSize, limits: PexLimits = .default) {
        self.mode = mode
        self.limits = limits
        frameBuffer = LengthPrefixedFrameBuffer(maxFrameSize: maxFrameSize)
    }

    /// Adds received bytes. Ignored once the decoder has found an error.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        frameBuffer.append(bytes, checkingHeaders: HeaderCheck.self)
    }

    /// The next whole frame with its warnings, or nil when more bytes are needed.
    public mutating func next() throws(ParseError) -> Decoded<AzureusFrame>? {
        guard let frame = try frameBuffer.nextFrame() else { return nil }
        // HeaderCheck checked the id length before the buffer let the frame through.
        let body = frame.body
        // The body starts with the 4-byte id length.
        let idStart = body.startIndex + 4
        let versionIndex = idStart + Int(BigEndian.uint32(body, at: 0))
        let end = body.endIndex

        var diagnostics = Diagnostics(mode: mode)
        let id = AzureusMessageID(bytes: body[idStart..<versionIndex])
        if !id.isKnown {
            diagnostics.note(.unknownMessageID, at: frame.streamOffset(at: idStart), "unknown message id '\(id.name)'")
        }
        let versionOffset = frame.streamOffset(at: versionIndex)
        let version = body[versionIndex]
        var payloadStart = versionIndex + 1
        var padding: [UInt8] = []
        do throws(ParseError) {
            if AzureusFrame.hasVersionFlags(version) {
                try diagnostics.tolerate(
                    .versionFlags, at: versionOffset, "version byte 0x\(String(version, radix: 16)) of \(id.name) carries BiglyBT flags")
                if version & 0x10 != 0 {
                    guard end - payloadStart >= 2 else {
                        throw ParseError(.badPaddingLength, at: versionOffset + 1, "no room for the padding length")
                    }
                    let paddingLength = Int(BigEndian.uint16(body, at: payloadStart - body.startIndex))
                    guard end - payloadStart - 2 >= paddingLength else {
                        throw ParseError(.badPaddingLength, at: versionOffset + 1, "padding of \(paddingLength) bytes exceeds the frame")
                    }
                    padding = Array(body[(payloadStart + 2)..<(payloadStart + 2 + paddingLength)])
                    payloadStart += 2 + paddingLength
                }
            } else if !AzureusFrame.supportedVersions.contains(version) {
                try diagnostics.tolerate(
                    .unsupportedVersion, at: versionOffset,
                    "version \(version) of \(id.name) is outside \(AzureusFrame.supportedVersions)")
            }
        } catch {
            frameBuffer.fail(error)
            throw error
        }
        let azureusFrame = AzureusFrame(messageID: id, version: version, padding: padding, payload: Array(body[payloadStart..<end]))
        return Decoded(azureusFrame, warnings: diagnostics.warnings)
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
            frameBuffer.fail(error)
            throw error
        }
    }

    /// The header checks of an Azureus frame, made as soon as their bytes are in: room for the
    /// id length and the version byte, then an id length within the frame.
    private enum HeaderCheck: FrameHeaderCheck {
        static func check(length: UInt32, firstBodyWord idLength: UInt32?, offset: Int) -> ParseError? {
            // 4 bytes of id length and 1 version byte at least.
            if length < 5 {
                return ParseError(.frameTooShort, at: offset, "length prefix \(length) leaves no room for the id length and the version byte")
            }
            if let idLength, idLength > length - 5 {
                return ParseError(.idLengthTooLarge, at: offset + 4, "id length \(idLength) exceeds the \(length - 5) bytes left in the frame")
            }
            return nil
        }
    }
}

extension AzureusFrameDecoder: PeerStreamFramer {}
