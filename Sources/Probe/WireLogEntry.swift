import Report
import WireCore

/// One line of a connection's wire log: bytes the probe sent or received, or a connection event.
public struct WireLogEntry: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case sent
        case received
        /// Not bytes: the connection opened or closed, a timer fired.
        case event
    }

    /// How the bytes are delimited, as the conformance transcripts name it.
    public enum Framing: String, Sendable {
        case handshake
        case standard
        /// Bytes that are not a whole handshake or frame (the start of a frame the client cut off).
        case none
    }

    public var kind: Kind
    /// Seconds since the connection opened.
    public var time: Double
    public var framing: Framing
    /// The whole handshake or frame, length prefix included.
    public var bytes: [UInt8]
    /// What the bytes are, for a reader.
    public var summary: String

    public init(kind: Kind, time: Double, framing: Framing, bytes: [UInt8], summary: String) {
        self.kind = kind
        self.time = time
        self.framing = framing
        self.bytes = bytes
        self.summary = summary
    }
}

extension WireLogEntry {
    /// Bytes of one entry written as hex; the oversized-frame case sends 2 MiB, and its length
    /// is all a reader needs beyond the start.
    static let maxLoggedBytes = 4096

    /// The entry in the one result model.
    var reportEntry: WireLog.Entry {
        WireLog.Entry(
            kind: kind.rawValue, time: time, framing: framing.rawValue, hex: Hex.encode(bytes.prefix(Self.maxLoggedBytes)), length: bytes.count,
            summary: summary)
    }
}
