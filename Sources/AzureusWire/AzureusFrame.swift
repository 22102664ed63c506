import Bencode
import WireCore

/// One Azureus message on the wire: a 4-byte big-endian length of the rest, a 4-byte big-endian
/// length of the message id, the id string, a 1-byte version, then the payload
/// (the Azureus messaging document, lines 1–9).
///
/// BiglyBT (Azureus' successor) overloads the version byte from version 2 on: the low 4 bits are
/// the version and the high 4 bits flags, and flag 0x01 puts a 2-byte big-endian padding length
/// and that many padding bytes between the version byte and the payload. The decoder reads that
/// form (``hasVersionFlags``, ``padding``), with a `version_flags` warning since neither the
/// document nor Wireshark knows it.
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
    /// The version byte as it came: the version, or BiglyBT's flags and version.
    public var version: UInt8
    /// BiglyBT's padding; written only when ``hasPadding``, at most 65,535 bytes.
    public var padding: [UInt8]
    public var payload: [UInt8]

    public init(messageID: AzureusMessageID, version: UInt8 = AzureusFrame.currentVersion, padding: [UInt8] = [], payload: [UInt8] = []) {
        self.messageID = messageID
        self.version = version
        self.padding = padding
        self.payload = payload
    }

    /// True when the version byte is BiglyBT's flags-and-version form: flags in the high 4 bits
    /// of a version of 2 or more.
    public var hasVersionFlags: Bool { Self.hasVersionFlags(version) }

    /// The version number: the low 4 bits in BiglyBT's flags-and-version form, else the whole byte.
    public var versionNumber: UInt8 { hasVersionFlags ? version & 0x0f : version }

    /// BiglyBT's flags (the high 4 bits), 0 when the byte is a plain version.
    public var flags: UInt8 { hasVersionFlags ? version >> 4 : 0 }

    /// True when flag 0x01 says a padding length and padding follow the version byte.
    public var hasPadding: Bool { flags & 0x01 != 0 }

    static func hasVersionFlags(_ byte: UInt8) -> Bool { byte >> 4 != 0 && byte & 0x0f >= 2 }

    /// Bytes from the start of the frame (its length prefix) to the first payload byte.
    public var headerSize: Int {
        Self.fixedHeaderSize + messageID.encoded.count + 1 + (hasPadding ? 2 + min(padding.count, Int(UInt16.max)) : 0)
    }

    /// The whole frame, its length prefix included.
    public var encoded: [UInt8] {
        let id = messageID.encoded
        let size = headerSize + payload.count
        var out: [UInt8] = []
        out.reserveCapacity(size)
        BigEndian.append(UInt32(truncatingIfNeeded: size - 4), to: &out)
        BigEndian.append(UInt32(truncatingIfNeeded: id.count), to: &out)
        out += id
        out.append(version)
        if hasPadding {
            let kept = padding.prefix(Int(UInt16.max))
            BigEndian.append(UInt16(kept.count), to: &out)
            out += kept
        }
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
