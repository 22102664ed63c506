import Probe

/// What happened on one fuzz connection: the opening, the messages sent, how it ended, and what
/// the client's profile predicted.
public struct SessionOutcome: Sendable {
    /// The connection's number in the run; it leaves from the source address of that number.
    public var index: Int
    public var kind: FuzzMessage.Kind
    /// The local address, `127.1.0.9:40112`.
    public var connection: String
    /// Why the opening failed (no handshake, closed during the opening), if it did.
    public var openingFailure: String?
    /// The messages planned; ``sent`` of them went out.
    public var messages: [FuzzMessage]
    public var sent: Int
    /// Seconds since the connection opened at which each sent message went out.
    public var sendTimes: [Double]
    /// How the connection ended, and when.
    public var end: String?
    public var endTime: Double?
    /// True when the client, not the fuzzer, closed it.
    public var closedByClient: Bool
    /// The `v` and the payload of the client's extended handshake.
    public var clientVersion: String?
    public var clientExtendedHandshake: [UInt8]?
    public var clientSpeaksAzureus: Bool
    public var clientPexID: UInt8?
    public var log: [WireLogEntry]
    public var prediction: SessionPrediction?

    /// The index of the last message sent before the client closed the connection.
    public var lastSent: Int? { sent > 0 ? sent - 1 : nil }
}
