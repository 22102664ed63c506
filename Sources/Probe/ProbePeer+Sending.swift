import Bencode
import NIOCore
import NIOPosix
import PeerWire
import PexModel
import WireCore

extension ProbePeer {
    // MARK: Sending

    /// Sends a standard frame and logs it; false when the connection is gone.
    @discardableResult
    package func send(_ message: PeerMessage) -> Bool {
        sendFrame(message.encoded, summary: MessageSummary.message(message, names: outboundNames), at: connection.clock.now())
    }

    /// Sends bytes that are meant to be one frame (they may be malformed on purpose).
    @discardableResult
    package func sendFrame(_ bytes: [UInt8], summary: String, at time: Double? = nil) -> Bool {
        let sent = connection.send(bytes)
        wireLog.append(WireLogEntry(kind: .sent, time: time ?? connection.clock.now(), framing: .standard, bytes: bytes, summary: sent ? summary : summary + " (not sent: connection closed)"))
        return sent
    }

    /// Sends `writes` one after another, `gap` seconds apart (a frame split across TCP
    /// segments), and logs `frames`, the whole frames they make, each with its summary. False
    /// when the connection is gone before the last write.
    @discardableResult
    package func sendWrites(_ writes: [[UInt8]], gap: Double, frames: [(bytes: [UInt8], summary: String)]) async -> Bool {
        let time = connection.clock.now()
        var sent = true
        for (n, write) in writes.enumerated() {
            if n > 0 && gap > 0 { try? await Task.sleep(for: .milliseconds(Int(gap * 1000))) }
            guard connection.send(write) else {
                sent = false
                break
            }
        }
        for frame in frames {
            let framing: WireLogEntry.Framing = frame.bytes.count >= 4 && frame.bytes.count == 4 + Int(BigEndian.uint32(frame.bytes, at: 0)) ? .standard : .none
            wireLog.append(WireLogEntry(kind: .sent, time: time, framing: framing, bytes: frame.bytes, summary: sent ? frame.summary : frame.summary + " (not sent: connection closed)"))
        }
        return sent
    }
}
