import WireCore
import WireDecode
import WireJSON

/// How reports write bytes, outcomes and routes.
public enum LogText {
    /// Hex, cut after 96 bytes with the full length given.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.count <= 96 ? Hex.encode(bytes) : Hex.encode(bytes.prefix(96)) + "… (\(bytes.count) bytes)"
    }

    /// The outcome as the transcript format writes an expectation.
    public static func outcome(_ outcome: DecodeOutcome) -> String {
        ExpectedOutcome(outcome).json.serialized()
    }

    public static func route(_ route: TranscriptMessage.ExpectedRoute) -> String {
        switch route {
        case .handshake: return "extended handshake (id 0)"
        case .named(let name): return name
        case .unassigned: return "unassigned (null)"
        }
    }

    public static func line(index: Int, message: TranscriptMessage) -> String {
        let arrow = message.direction == .aToB ? "a→b" : "b→a"
        let time = TranscriptMessage.wholeSeconds(message.time).map(String.init) ?? String(message.time)
        return "[\(index)] t=\(time)s \(arrow) \(message.framing.rawValue) \(hex(message.bytes)) \(message.decode.rawValue)"
    }
}
