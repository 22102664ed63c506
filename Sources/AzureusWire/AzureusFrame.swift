import Bencode
import WireCore

/// One Azureus message on the wire: a 4-byte big-endian length of the rest, a 4-byte big-endian
/// length of the message id, the id string, a 1-byte version, then the payload
/// (the Azureus messaging document, lines 1–9).
///
/// This is the framing layer only; ``AzureusMessage/decode(_:mode:limits:payloadOffset:)`` reads the
/// payload of the known ids.
public struct AzureusFrame: Hashable, Sendable {
    /// The version the document calls current and the builders write.
    public static let currentVersion: UInt8 = 1
    /// The versions accepted without a warning: 0, 1 and 2, as Wireshark accepts.
    public static let supportedVersions: ClosedRange<UInt8> = 0...2
    /// Bytes of the frame header before the id: the length prefix and the id length.
    public static let fixedHeaderSize = 8

    public var messageID: AzureusMessageID
    public var version: UInt8
    public var payload: [UInt8]

    public init(messageID: AzureusMessageID, version: UInt8 = AzureusFrame.currentVersion, payload: [UInt8] = []) {
        self.messageID = messageID
        self.version = version
        self.payload = payload
    }

    /// The whole frame, its length prefix included.
    public var encoded: [UInt8] {
        let id = messageID.bytes
        var out: [UInt8] = []
        out.reserveCapacity(Self.fixedHeaderSize + id.count + 1 + payload.count)
        BigEndian.append(UInt32(truncatingIfNeeded: 4 + id.count + 1 + payload.count), to: &out)
        BigEndian.append(UInt32(truncatingIfNeeded: id.count), to: &out)
        out += id
        out.append(version)
        out += payload
        return out
    }

    /// Decodes exactly one whole frame, length prefix included. A truncated frame is
    /// `unexpected_eof` at the end of `bytes`; bytes after the frame are `trailing_data`
    /// (lenient mode warns and ignores them).
    public static func decode(
        _ bytes: some RandomAccessCollection<UInt8>, mode: ParseMode = .lenient,
        maxFrameSize: Int = AzureusFrameDecoder.defaultMaxFrameSize
    ) throws(ParseError) -> Decoded<AzureusFrame> {
        var decoder = AzureusFrameDecoder(mode: mode, maxFrameSize: maxFrameSize)
        decoder.append(bytes)
        guard var frame = try decoder.next() else {
            throw ParseError(.unexpectedEOF, at: bytes.count, "the input ends inside the frame")
        }
        let trailing = bytes.count - decoder.streamOffset
        if trailing > 0 {
            var diagnostics = Diagnostics(mode: mode)
            try diagnostics.tolerate(.trailingData, at: decoder.streamOffset, "\(trailing) bytes after the frame")
            frame.warnings += diagnostics.warnings
        }
        return frame
    }
}
