import WireCore

/// The header of one Azureus frame (reference 004): length of the rest, length of the message id,
/// the id, a version byte; the payload follows.
struct AzureusHeader: Sendable, Hashable {
    var messageID: String
    var version: UInt8
    /// Offset of the payload in the frame.
    var payloadStart: Int

    /// Reads the header of a whole frame; nil when the frame is too short for the lengths it states.
    init?(frame: [UInt8]) {
        guard frame.count >= 9 else { return nil }
        let idLength = BigEndian.uint32(frame, at: 4)
        guard idLength <= UInt32(frame.count - 9) else { return nil }
        let idEnd = 8 + Int(idLength)
        messageID = String(decoding: frame[8..<idEnd], as: UTF8.self)
        version = frame[idEnd]
        payloadStart = idEnd + 1
    }
}
